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

// playQueue plays the demo's queue programs (demo.QueuePrograms), each
// through a copy of the service whose clock stands on the day the
// campaign submitted, as the advisor worked on it then. Played again, a
// program finds its intake by key and takes only the steps not yet done.
func playQueue(ctx context.Context, db *postgres.DB, svc *intake.Service) ([]Campaign, error) {
	today := callmatch.DateOf(svc.Now())
	var out []Campaign
	for _, p := range demo.QueuePrograms(today) {
		then := *svc
		at := p.Submitted.Time().Add(12 * time.Hour)
		then.Now = func() time.Time { return at }
		c, err := play(ctx, &then, newBiller(db, then.Now), p.Campaign)
		if err != nil {
			return nil, fmt.Errorf("demo queue program %q: %w", p.Campaign.Key, err)
		}
		out = append(out, *c)
	}
	return out, nil
}
