package seed

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"callmatch"
	"callmatch/demo"
	"callmatch/intake"
	"callmatch/matching"
	"callmatch/quote"
)

// playQuotes plays demo.Quotes through the quote service: invitations
// from each campaign's newest shortlist, the vendors' quotes and
// declines, and the advisor's release. Each step is taken only when it is
// missing (a vendor invited before keeps its invitation, a quoted one is
// not quoted again), so running it again changes nothing. A campaign no
// longer open, moved on by someone trying the demo, gets no more steps.
func playQuotes(ctx context.Context, svc *quote.Service, intakes *intake.Service, campaigns []Campaign) error {
	plans := demo.Quotes()
	for i := range campaigns {
		c := &campaigns[i]
		plan, ok := plans[c.Plan.Key]
		if !ok {
			continue
		}
		invited, err := playQuotesOf(ctx, svc, intakes, c.IntakeID, plan)
		if err != nil {
			return fmt.Errorf("demo quotes of %q: %w", c.Plan.Key, err)
		}
		c.Invited = invited
	}
	return nil
}

// playQuotesOf plays one campaign's plan and returns the vendors invited,
// in plan order.
func playQuotesOf(ctx context.Context, svc *quote.Service, intakes *intake.Service, id string, plan []demo.QuotePlan) ([]string, error) {
	in, err := intakes.Get(ctx, id)
	if err != nil || !slices.Contains(intake.OpenStatuses, in.Status) {
		return nil, err
	}
	versions, err := intakes.Shortlists(ctx, id)
	if err != nil {
		return nil, err
	}
	if len(versions) == 0 || versions[0].Result == nil {
		return nil, fmt.Errorf("no shortlist to invite vendors from")
	}
	sl := versions[0]
	var undropped []matching.Candidate
	for _, c := range sl.Result.Shortlist {
		if !sl.Dropped(c.VendorID) {
			undropped = append(undropped, c)
		}
	}
	now := svc.Now()
	// The expired invitation was sent a week ago, by a clock of then.
	earlier := *svc
	earlier.Now = func() time.Time { return now.AddDate(0, 0, -7) }
	prog := quote.NewProgram(&in.Form)
	var invited, release []string
	for _, qp := range plan {
		if qp.Rank < 1 || qp.Rank > len(undropped) {
			return nil, fmt.Errorf("shortlist %d offers %d vendors; the plan names place %d", sl.Version, len(undropped), qp.Rank)
		}
		cand := undropped[qp.Rank-1]
		inviter, due := svc, now.AddDate(0, 0, demo.QuoteDueDays)
		if qp.Answer == demo.AnswerExpire {
			inviter, due = &earlier, now.AddDate(0, 0, -demo.QuoteExpiredDays)
		}
		invs, err := inviter.Invite(ctx, quote.Invite{ShortlistID: sl.ID, VendorIDs: []string{cand.VendorID}, DueAt: due})
		if err != nil {
			return nil, fmt.Errorf("invite place %d: %w", qp.Rank, err)
		}
		inv := invs[0]
		invited = append(invited, cand.VendorID)
		// The vendor answers as one of its users would.
		vctx := callmatch.WithActor(ctx, callmatch.Actor{UserID: "seed", Role: callmatch.RoleVendor, VendorID: cand.VendorID})
		open := now.Before(inv.DueAt)
		switch qp.Answer {
		case demo.AnswerQuote:
			q := inv.Quote
			if q == nil && inv.Status == quote.StatusInvited && open {
				if q, err = svc.Submit(vctx, inv.ID, demoQuote(prog, cand, sl.Result.Demand.ByLanguage, qp, callmatch.DateOf(now))); err != nil {
					return nil, fmt.Errorf("quote of place %d: %w", qp.Rank, err)
				}
			}
			if qp.Release && q != nil && q.ReleasedAt == nil {
				release = append(release, q.ID)
			}
		case demo.AnswerDecline:
			if inv.Status == quote.StatusInvited && open {
				if _, err := svc.Decline(vctx, inv.ID, quote.Decline{Reason: qp.Reason, Note: qp.Note}); err != nil {
					return nil, fmt.Errorf("decline of place %d: %w", qp.Rank, err)
				}
			}
		}
	}
	if len(release) > 0 {
		if _, err := svc.Release(ctx, id, release); err != nil {
			return nil, fmt.Errorf("release: %w", err)
		}
	}
	return invited, nil
}

// demoQuote is a vendor's quote as the plan has it: the engine's
// projected cost moved by qp.Over (whole dollars), the planned share of
// the seats needed in every week and language (to a tenth of a seat), from
// the program's first day, valid until it starts.
func demoQuote(prog quote.Program, cand matching.Candidate, need []matching.LanguageDemand, qp demo.QuotePlan, today callmatch.Date) quote.Quote {
	q := quote.Quote{TotalCents: int64(math.Round(float64(cand.ProjectedCostCents)*(1+qp.Over)/100)) * 100,
		StartDate: prog.StartDate, ValidUntil: max(prog.StartDate, today), Note: qp.Note}
	for _, w := range prog.Weeks {
		for _, l := range need {
			if s := math.Ceil(l.SeatsNeeded*qp.Seats*10) / 10; s > 0 && prog.HasLanguage(l.Code) {
				q.Seats = append(q.Seats, quote.Seats{WeekStart: w, Language: l.Code, Seats: s})
			}
		}
	}
	return q
}
