package seed

import (
	"context"
	"fmt"
	"slices"

	"callmatch"
	"callmatch/demo"
	"callmatch/intake"
	"callmatch/postgres"
)

// playCampaigns plays every demo campaign's story through the intake
// service, each from wherever an earlier run left it.
func playCampaigns(ctx context.Context, db *postgres.DB, svc *intake.Service) ([]Campaign, error) {
	bill := newBiller(db, svc.Now)
	plans := demo.Campaigns()
	out := make([]Campaign, 0, len(plans))
	for _, p := range plans {
		c, err := play(ctx, svc, bill, p)
		if err != nil {
			return nil, fmt.Errorf("demo campaign %q: %w", p.Key, err)
		}
		out = append(out, *c)
	}
	return out, nil
}

// story is one campaign being played: its plan, its intake and the
// intake's status as the last step left it.
type story struct {
	ctx    context.Context
	svc    *intake.Service
	plan   demo.Campaign
	id     string
	status string
}

// play submits the campaign's form under its key (finding the intake of
// an earlier run) and takes each step of its plan that is not done yet.
// An intake already closed or withdrawn, by the plan or by a person trying
// the demo, takes no more steps; its invoices are still completed, which
// needs no step of the intake's.
func play(ctx context.Context, svc *intake.Service, bill *biller, p demo.Campaign) (*Campaign, error) {
	rec, token, err := svc.Submit(ctx, p.Form, p.Key)
	if err != nil {
		return nil, fmt.Errorf("submit: %w", err)
	}
	s := &story{ctx: ctx, svc: svc, plan: p, id: rec.ID, status: rec.Status}
	if p.Review && s.status == intake.StatusSubmitted {
		if err := s.moved(svc.Review(ctx, s.id)); err != nil {
			return nil, fmt.Errorf("review: %w", err)
		}
	}
	shortlists, err := s.shortlists()
	if err != nil {
		return nil, err
	}
	engaged, err := s.engagements(shortlists)
	if err != nil {
		return nil, err
	}
	c := &Campaign{Plan: p, IntakeID: s.id, Token: token, Shortlists: len(shortlists)}
	for i, e := range engaged {
		inv, err := bill.bill(ctx, e, p.Engagements[i].Invoice)
		if err != nil {
			return nil, fmt.Errorf("invoice of engagement %d: %w", i+1, err)
		}
		c.Engaged = append(c.Engaged, e.VendorID)
		c.Invoices = append(c.Invoices, inv)
	}
	if err := s.end(token); err != nil {
		return nil, err
	}
	c.Status = s.status
	return c, nil
}

// moved takes the intake's new status from a step's answer.
func (s *story) moved(in *intake.Intake, err error) error {
	if err == nil {
		s.status = in.Status
	}
	return err
}

// refresh reads the intake's status after a step that answers with
// something else.
func (s *story) refresh() error {
	return s.moved(s.svc.Get(s.ctx, s.id))
}

// shortlists makes the plan's shortlist versions that do not exist yet,
// adds the events each lacks and shares those to share. It returns the
// versions oldest first.
func (s *story) shortlists() ([]*intake.Shortlist, error) {
	have, err := s.svc.Shortlists(s.ctx, s.id)
	if err != nil {
		return nil, err
	}
	slices.Reverse(have) // oldest first, as the plan counts them
	if intake.IsTerminal(s.status) {
		return have, nil
	}
	for i, plan := range s.plan.Shortlists {
		if i == len(have) {
			sl, err := s.svc.GenerateShortlist(s.ctx, s.id, plan.Options)
			if err != nil {
				return nil, fmt.Errorf("shortlist %d: %w", i+1, err)
			}
			have = append(have, sl)
		}
		sl := have[i]
		for _, ep := range plan.Events[min(len(sl.Events), len(plan.Events)):] {
			e, err := event(sl, ep)
			if err != nil {
				return nil, err
			}
			if sl, err = s.svc.AddEvent(s.ctx, sl.ID, e); err != nil {
				return nil, fmt.Errorf("shortlist %d: %s: %w", i+1, ep.Type, err)
			}
		}
		if plan.Share && sl.SharedAt == nil {
			if sl, err = s.svc.Share(s.ctx, sl.ID); err != nil {
				return nil, fmt.Errorf("share shortlist %d: %w", i+1, err)
			}
		}
		have[i] = sl
	}
	return have, s.refresh()
}

// event names the planned event's vendor by its place on the shortlist.
func event(sl *intake.Shortlist, ep demo.EventPlan) (intake.Event, error) {
	e := intake.Event{Type: ep.Type, Reason: ep.Reason}
	if ep.Rank == 0 {
		return e, nil
	}
	list := sl.Result.Shortlist
	i := ep.Rank - 1
	if ep.Rank < 0 {
		i = len(list) + ep.Rank
	}
	if i < 0 || i >= len(list) {
		return e, fmt.Errorf("shortlist %d has %d candidates; the plan names place %d", sl.Version, len(list), ep.Rank)
	}
	e.VendorID = list[i].VendorID
	return e, nil
}

// engagements records the plan's engagements that do not exist yet, each
// with the vendor at its place among the undropped candidates of the
// latest shared shortlist, each for the whole program, or, when the plan
// has several (a split program), each for its part (engagePart). It
// returns them in plan order.
func (s *story) engagements(shortlists []*intake.Shortlist) ([]*intake.Engagement, error) {
	if len(s.plan.Engagements) == 0 {
		return nil, nil
	}
	have, err := s.svc.Engagements(s.ctx, s.id)
	if err != nil {
		return nil, err
	}
	shared := latestShared(shortlists)
	if shared == nil {
		return nil, callmatch.Errorf(callmatch.ECONFLICT, "No shortlist is shared, so no vendor can be engaged.")
	}
	var undropped []string
	for _, c := range shared.Result.Shortlist {
		if !shared.Dropped(c.VendorID) {
			undropped = append(undropped, c.VendorID)
		}
	}
	out := make([]*intake.Engagement, 0, len(s.plan.Engagements))
	for i, ep := range s.plan.Engagements {
		if ep.Rank < 1 || ep.Rank > len(undropped) {
			return nil, fmt.Errorf("engagement %d: shortlist %d offers %d vendors; the plan names place %d",
				i+1, shared.Version, len(undropped), ep.Rank)
		}
		vendor := undropped[ep.Rank-1]
		j := slices.IndexFunc(have, func(e *intake.Engagement) bool { return e.VendorID == vendor })
		if j >= 0 {
			out = append(out, have[j])
			continue
		}
		if intake.IsTerminal(s.status) {
			break // ended by someone trying the demo: engage no one more
		}
		var e *intake.Engagement
		if len(s.plan.Engagements) > 1 {
			e, err = s.engagePart(vendor, ep.ContractValueCents, len(s.plan.Engagements))
		} else {
			e, err = s.svc.Engage(s.ctx, s.id, vendor, ep.ContractValueCents)
		}
		if err != nil {
			return nil, fmt.Errorf("engagement %d: %w", i+1, err)
		}
		out = append(out, e)
	}
	return out, s.refresh()
}

// partEngager records an engagement as given (postgres.IntakeStore, the
// service's delivery store and inbox).
type partEngager interface {
	CreateEngagement(ctx context.Context, e intake.Engagement) (*intake.Engagement, bool, error)
}

// engagePart records vendor's engagement as its part of a team plan for n
// vendors. A whole-program engagement is an intake's only one, so a split
// program is engaged in parts; the plans of the demo catalog fit the demo's
// split program into one vendor, so the parts are recorded in the store
// without a plan's shares, and book no seats.
func (s *story) engagePart(vendor string, cents int64, n int) (*intake.Engagement, error) {
	store, ok := s.svc.Delivery.(partEngager)
	if !ok {
		if store, ok = s.svc.Inbox.(partEngager); !ok {
			return nil, fmt.Errorf("a split program needs the intake store as the service's delivery store or inbox")
		}
	}
	e, _, err := store.CreateEngagement(s.ctx, intake.Engagement{IntakeID: s.id, VendorID: vendor,
		ContractValueCents: cents, Part: &intake.Part{MaxVendors: n}})
	return e, err
}

// latestShared is the shortlist most recently shared with the campaign.
func latestShared(shortlists []*intake.Shortlist) *intake.Shortlist {
	var out *intake.Shortlist
	for _, sl := range shortlists {
		if sl.SharedAt != nil && (out == nil || sl.SharedAt.After(*out.SharedAt)) {
			out = sl
		}
	}
	return out
}

// end closes or withdraws the intake as the plan says, once. Withdrawing
// is the campaign's act and needs its private link token, which a run
// knows only within the replay window of the one that submitted.
func (s *story) end(token string) error {
	switch {
	case s.status == s.plan.Status || intake.IsTerminal(s.status):
		return nil
	case s.plan.Status == intake.StatusClosed:
		return s.moved(s.svc.Close(s.ctx, s.id))
	case s.plan.Status == intake.StatusWithdrawn && token == "":
		return fmt.Errorf("cannot withdraw intake %s: its private link token is no longer known; seed a fresh database", s.id)
	case s.plan.Status == intake.StatusWithdrawn:
		return s.moved(s.svc.Withdraw(s.ctx, s.id, token))
	}
	return nil
}
