package seed_test

import (
	"testing"

	"callmatch"
	"callmatch/demo"
	"callmatch/demo/seed"
	"callmatch/intake"
)

// The demo's delivered programs leave a track record: one vendor tops the
// three Texas programs and has three programs and three scorecards behind
// its verified figures, and the runoff calling now is visibly behind pace,
// close enough to its end for the alert.
func TestDemoSeedDelivered(t *testing.T) {
	db, svc, _ := newApp(t, today)
	ctx := callmatch.WithActor(t.Context(), seed.Actor)
	rep, err := seed.Demo(ctx, seed.Config{DB: db, Intakes: svc, Password: "demo-pw"})
	if err != nil {
		t.Fatal(err)
	}
	programs := demo.DeliveredPrograms(callmatch.DateOf(today))
	byKey := map[string]seed.Campaign{}
	for _, c := range rep.Campaigns {
		byKey[c.Plan.Key] = c
	}
	vendors := map[string]int{}
	for _, p := range programs {
		c, ok := byKey[p.Campaign.Key]
		if !ok || len(c.Engaged) != 1 {
			t.Fatalf("%s: not played, or not engaged once: %+v", p.Campaign.Key, c)
		}
		paces, err := svc.IntakePace(ctx, c.IntakeID, "")
		if err != nil || len(paces) != 1 {
			t.Fatalf("%s: pace %v, %v", p.Campaign.Key, paces, err)
		}
		pc := paces[0]
		switch {
		case p.Scorecard != nil:
			vendors[c.Engaged[0]]++
			if pc.BehindShare > 0.05 || c.Status != intake.StatusClosed {
				t.Errorf("%s: %.0f%% behind, %s; want delivered and closed", p.Campaign.Key, 100*pc.BehindShare, c.Status)
			}
		default:
			if !pc.Behind || pc.BehindShare < 0.2 {
				t.Errorf("%s: behind %.0f%%, alert %v; want visibly behind with the alert", p.Campaign.Key, 100*pc.BehindShare, pc.Behind)
			}
		}
	}
	for id, n := range vendors {
		if n != 3 {
			t.Errorf("vendor %s delivered %d of the three Texas programs, want all three (%v)", id, n, vendors)
			continue
		}
		tr, err := svc.TrackRecord(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if tr.Programs != 3 || tr.Scorecards != 3 || tr.Dials < 100_000 {
			t.Errorf("track record %+v, want 3 programs, 3 scorecards and their dials", tr)
		}
	}
}
