package seed_test

import (
	"context"
	"testing"

	"callmatch"
	"callmatch/demo/seed"
	"callmatch/intake"
)

// The demo shows every state of a shared shortlist and of a campaign's
// message: the featured campaign reads update 2 with what changed, the Seo
// campaign's advisor has changes not shared yet, two intakes carry a
// message on the desk; seeding again adds no share and no message.
func TestDemoSeedShareUpdatesAndMessages(t *testing.T) {
	db, svc, quotes := newApp(t, today)
	svc.Inbox = svc.Delivery.(intake.MessageStore)
	ctx := callmatch.WithActor(t.Context(), seed.Actor)
	cfg := seed.Config{DB: db, Intakes: svc, Quotes: quotes, Password: "demo-pw"}
	rep, err := seed.Demo(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	state := func(rep *seed.Report) map[string]int {
		out := map[string]int{}
		staff := callmatch.WithActor(t.Context(), callmatch.Actor{UserID: "demo-test", Role: callmatch.RoleAdvisor})
		for _, c := range rep.Campaigns {
			msgs, err := svc.Messages(staff, c.IntakeID)
			if err != nil {
				t.Fatal(err)
			}
			out["messages"] += len(msgs)
			sls, err := svc.Shortlists(staff, c.IntakeID)
			if err != nil || len(sls) == 0 {
				continue
			}
			st, err := svc.ShareState(staff, sls[0])
			if err != nil {
				t.Fatal(err)
			}
			if st.Latest != nil {
				out["updates"] += st.Latest.Number
			}
			if st.Latest != nil && st.Pending && st.Current {
				out["pending"]++
			}
		}
		return out
	}
	first := state(rep)
	if first["messages"] != 2 || first["pending"] < 1 {
		t.Errorf("demo share states: %v", first)
	}
	featured := rep.Featured()
	view, err := svc.CampaignView(context.Background(), featured.IntakeID, featured.Token)
	if err != nil {
		t.Fatal(err)
	}
	if s := view.Shortlist; s == nil || s.Update != 2 || s.Changes == nil || len(s.Changes.Removed) != 1 ||
		len(s.Changes.Pinned) != 1 || s.Changes.NewNotes != 2 {
		t.Errorf("the featured campaign's update: %+v", view.Shortlist)
	}
	again, err := seed.Demo(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if second := state(again); !equal(first, second) {
		t.Errorf("seeding twice changed the shares or messages:\nfirst  %v\nsecond %v", first, second)
	}
}
