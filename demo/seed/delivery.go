package seed

import (
	"context"
	"fmt"
	"time"

	"callmatch"
	"callmatch/demo"
	"callmatch/intake"
	"callmatch/postgres"
)

// playDelivered plays the demo's delivered programs: each signed through
// a copy of the service whose clock stands two weeks before its start (as
// the advisor did then), then reported and rated through the service as
// of today, and closed once ended. A program already reported, rated or
// closed by an earlier run is left as it is, so a second run changes
// nothing.
func playDelivered(ctx context.Context, db *postgres.DB, svc *intake.Service) ([]Campaign, error) {
	today := callmatch.DateOf(svc.Now())
	var out []Campaign
	for _, p := range demo.DeliveredPrograms(today) {
		c, err := deliver(ctx, db, svc, today, p)
		if err != nil {
			return nil, fmt.Errorf("demo program %q: %w", p.Campaign.Key, err)
		}
		out = append(out, *c)
	}
	return out, nil
}

func deliver(ctx context.Context, db *postgres.DB, svc *intake.Service, today callmatch.Date, p demo.DeliveredProgram) (*Campaign, error) {
	then := *svc
	signed := p.Campaign.Form.StartDate.AddDays(-demo.SignedBefore).Time().Add(12 * time.Hour)
	then.Now = func() time.Time { return signed }
	plan := p.Campaign
	plan.Status = intake.StatusEngaged // closed below, after calling, not before it starts
	c, err := play(ctx, &then, newBiller(db, then.Now), plan)
	if err != nil {
		return nil, err
	}
	engs, err := svc.Engagements(ctx, c.IntakeID)
	if err != nil {
		return nil, err
	}
	if len(engs) == 0 {
		return nil, fmt.Errorf("no engagement")
	}
	e := engs[0]
	in, err := svc.Get(ctx, c.IntakeID)
	if err != nil {
		return nil, err
	}
	have, err := svc.Reports(ctx, e.ID, "")
	if err != nil {
		return nil, err
	}
	if len(have) == 0 {
		// Yesterday's report is not in yet for a program still calling:
		// the vendor's reminder has something to remind of.
		rows := demo.DailyReports(p, intake.PlannedDials(&in.Form), today.AddDays(-2))
		if _, err := svc.SubmitReports(ctx, e.ID, rows); err != nil {
			return nil, fmt.Errorf("reports: %w", err)
		}
	}
	if p.Scorecard != nil {
		if err := rate(ctx, svc, e.ID, *p.Scorecard); err != nil {
			return nil, fmt.Errorf("scorecard: %w", err)
		}
	}
	c.Plan, c.Status = p.Campaign, in.Status
	if p.Campaign.Status == intake.StatusClosed && !intake.IsTerminal(in.Status) {
		closed, err := svc.Close(ctx, c.IntakeID)
		if err != nil {
			return nil, fmt.Errorf("close: %w", err)
		}
		c.Status = closed.Status
	}
	return c, nil
}

// scorecardRequester makes an engagement's scorecard request without its
// mail (postgres.IntakeStore, the service's delivery store).
type scorecardRequester interface {
	RequestScorecard(ctx context.Context, engagementID string) (string, error)
}

// rate plays the campaign following its scorecard link: the request is
// made as the periodic task would, but without mail, and the rating goes
// through the service, which adds it to the vendor's track record. An
// engagement asked before (by the task or an earlier run) is a conflict
// and left alone: its token is not known here.
func rate(ctx context.Context, svc *intake.Service, engagementID string, s intake.Scorecard) error {
	req, ok := svc.Delivery.(scorecardRequester)
	if !ok {
		return fmt.Errorf("the delivery store %T cannot request scorecards", svc.Delivery)
	}
	token, err := req.RequestScorecard(ctx, engagementID)
	if callmatch.ErrorCode(err) == callmatch.ECONFLICT {
		return nil
	} else if err != nil {
		return err
	}
	return svc.SubmitScorecard(ctx, token, s)
}
