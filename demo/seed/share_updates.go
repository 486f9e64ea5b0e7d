package seed

import (
	"context"
	"fmt"

	"callmatch/demo"
	"callmatch/intake"
)

// playShareUpdates adds each campaign's events after sharing and shares
// them again where the plan says, then stores the campaigns' messages to
// their advisors. Events are counted, as playCampaigns counts them, so a
// second run adds none; a share follows only events this run added, so a
// second run makes no update either. Messages carry their form key: the
// store keeps one per key.
func playShareUpdates(ctx context.Context, svc *intake.Service, campaigns []Campaign) error {
	updates, messages := demo.ShareUpdates(), demo.CampaignMessages()
	for _, c := range campaigns {
		if u, ok := updates[c.Plan.Key]; ok && !intake.IsTerminal(c.Status) {
			if err := playShareUpdate(ctx, svc, c, u); err != nil {
				return fmt.Errorf("demo campaign %q: share update: %w", c.Plan.Key, err)
			}
		}
		if svc.Inbox == nil {
			continue
		}
		for _, m := range messages[c.Plan.Key] {
			_, _, err := svc.Inbox.CreateCampaignMessage(ctx, intake.CampaignMessage{IntakeID: c.IntakeID, Body: m.Body, Lang: m.Lang}, m.Key)
			if err != nil {
				return fmt.Errorf("demo campaign %q: message: %w", c.Plan.Key, err)
			}
		}
	}
	return nil
}

func playShareUpdate(ctx context.Context, svc *intake.Service, c Campaign, u demo.ShareUpdate) error {
	shortlists, err := svc.Shortlists(ctx, c.IntakeID)
	if err != nil {
		return err
	}
	sl := latestShared(shortlists)
	if sl == nil {
		return nil
	}
	planned := 0
	for _, p := range c.Plan.Shortlists {
		if p.Share {
			planned = len(p.Events)
		}
	}
	added := false
	for _, ep := range u.Events[min(max(len(sl.Events)-planned, 0), len(u.Events)):] {
		e, err := event(sl, ep)
		if err != nil {
			return err
		}
		if sl, err = svc.AddEvent(ctx, sl.ID, e); err != nil {
			return fmt.Errorf("%s: %w", ep.Type, err)
		}
		added = true
	}
	if u.Reshare && added {
		_, err = svc.Share(ctx, sl.ID)
	}
	return err
}
