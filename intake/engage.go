package intake

import (
	"context"

	"callmatch/matching"
)

// Engage records that the campaign signed with a vendor from a shortlist
// shared with it, for the whole program, booking the vendor's seats for
// every week and language of it. Recording the same engagement again (a
// retried request) returns the first one; the same vendor at another
// contract value is a conflict, since the fee would be invoiced on one of
// them. Seats another intake booked in the meantime make it a conflict
// naming the week and the free seats (see Store.CreateEngagement), and so
// does another vendor already engaged, for the whole program or a part:
// a whole-program engagement is the intake's only one, or two vendors
// would be booked and billed for the same calls.
func (s *Service) Engage(ctx context.Context, intakeID, vendorID string, contractValueCents int64) (*Engagement, error) {
	return s.engage(ctx, Engagement{IntakeID: intakeID, VendorID: vendorID, ContractValueCents: contractValueCents}, 0)
}

// EngagePart records an engagement for vendorID's part of the intake's
// team plan for at most maxVendors vendors, as Plan computes it now, and
// books just that part. The vendor must be a part of that plan, and, as
// for Engage, on a shortlist shared with the campaign (the engagement
// names the latest such shortlist). Each part of a plan is engaged on its
// own: one engagement per vendor.
func (s *Service) EngagePart(ctx context.Context, intakeID, vendorID string, contractValueCents int64, maxVendors int) (*Engagement, error) {
	if err := ValidateMaxVendors(maxVendors); err != nil {
		return nil, err
	}
	return s.engage(ctx, Engagement{IntakeID: intakeID, VendorID: vendorID, ContractValueCents: contractValueCents}, maxVendors)
}

// engage computes what e books (the whole program when maxVendors is 0,
// else the vendor's part of the plan) on the current snapshot and hands
// it to the store, which decides under the intake's and the vendor's locks.
// The snapshot only sizes the bookings; whether they fit is decided on the
// vendor as stored, so a stale snapshot cannot overbook.
func (s *Service) engage(ctx context.Context, e Engagement, maxVendors int) (*Engagement, error) {
	if err := authorizeStaff(ctx); err != nil {
		return nil, err
	}
	if err := e.Validate(); err != nil {
		return nil, err
	}
	in, cat, err := s.intakeAndCatalog(ctx, e.IntakeID)
	if err != nil {
		return nil, err
	}
	var (
		shares []matching.PartShare
		plan   *matching.TeamPlan
	)
	if maxVendors > 0 {
		if plan, err = s.plan(cat, in, maxVendors); err != nil {
			return nil, err
		}
		part, err := PartOf(plan, e.VendorID)
		if err != nil {
			// A retry after other bookings moved the plan still finds the
			// engagement it recorded.
			e.Part = &Part{MaxVendors: maxVendors}
			return s.recorded(ctx, &e, err)
		}
		e.Part, shares = part, part.Shares
	}
	if e.Bookings, err = matching.Book(cat, in.Form.MatchRequest(), s.planOptions(in), in.ID, e.VendorID, shares); err != nil {
		return s.recorded(ctx, &e, err)
	}
	if plan != nil {
		capToPlan(e.Bookings, plan, e.VendorID)
	}
	rec, _, err := s.store.CreateEngagement(ctx, e)
	return rec, err
}

// capToPlan books no more of a week and language than the plan's part
// needs. The plan prints its shares rounded (to 1e-4), and a share rounded
// up can size a booking a tenth of a seat above the seats the plan
// computed from the exact share, which the planner fitted into the
// vendor's free seats: a part the advisor was shown as fitting would then
// be refused for a tenth of a seat.
func capToPlan(bs []matching.Booking, plan *matching.TeamPlan, vendorID string) {
	for _, p := range plan.Parts {
		if p.VendorID != vendorID {
			continue
		}
		for i := range bs {
			for _, w := range p.Weeks {
				if w.WeekStart == bs[i].WeekStart && w.Language == bs[i].Language && w.Seats > 0 {
					bs[i].Seats = min(bs[i].Seats, w.Seats)
				}
			}
		}
	}
}

// recorded returns the engagement already recorded that e repeats, or err.
func (s *Service) recorded(ctx context.Context, e *Engagement, err error) (*Engagement, error) {
	recs, ferr := s.store.FindEngagements(ctx, e.IntakeID)
	if ferr != nil {
		return nil, err
	}
	for _, r := range recs {
		if r.SameAs(e) {
			return r, nil
		}
	}
	return nil, err
}
