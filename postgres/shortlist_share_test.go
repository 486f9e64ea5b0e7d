package postgres

import (
	"strings"
	"sync"
	"testing"

	"callmatch/intake"
)

// What was shared is a version: pins, drops and notes after sharing change
// nothing the campaign sees until the advisor shares again, which makes
// update 2 with what changed (the dropped vendor gone, without its
// reason), mailed to the campaign once however often it is shared.
func TestSharedVersionsHoldUntilSharedAgain(t *testing.T) {
	t.Parallel()
	env := mailEnv(t)
	ctx := staffCtx(t)
	rec, token, sl := env.shared(t)

	before, err := env.svc.CampaignView(t.Context(), rec.ID, token)
	if err != nil || before.Shortlist == nil || before.Shortlist.Update != 1 || before.Shortlist.Changes != nil {
		t.Fatalf("first version: %s, %v", jsonOf(t, before), err)
	}
	if _, err := env.svc.AddEvent(ctx, sl.ID, intake.Event{Type: intake.EventDrop, VendorID: env.ids["cheap"],
		Reason: "PRIVATE: late on two programs"}); err != nil {
		t.Fatal(err)
	}
	if _, err := env.svc.AddEvent(ctx, sl.ID, intake.Event{Type: intake.EventPin, VendorID: env.ids["dear"],
		Reason: "Best Spanish floor"}); err != nil {
		t.Fatal(err)
	}
	if _, err := env.svc.AddEvent(ctx, sl.ID, intake.Event{Type: intake.EventNote, Reason: "Call both this week."}); err != nil {
		t.Fatal(err)
	}
	held, err := env.svc.CampaignView(t.Context(), rec.ID, token)
	if err != nil || jsonOf(t, held) != jsonOf(t, before) {
		t.Fatalf("the campaign's page changed before sharing again:\n%s\n%s", jsonOf(t, before), jsonOf(t, held))
	}

	now, err := env.svc.Shortlist(ctx, sl.ID)
	if err != nil {
		t.Fatal(err)
	}
	st, err := env.svc.ShareState(ctx, now)
	if err != nil || !st.Pending || !st.Current || st.Latest.Number != 1 || st.Changes == nil ||
		len(st.Changes.Removed) != 1 || len(st.Changes.Pinned) != 1 || st.Changes.NewNotes != 2 {
		t.Fatalf("share state before sharing again: %s, %v", jsonOf(t, st), err)
	}

	// Two advisors share at once: one update, one mail.
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			if _, err := env.svc.Share(ctx, sl.ID); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	after, err := env.svc.CampaignView(t.Context(), rec.ID, token)
	if err != nil {
		t.Fatal(err)
	}
	s := after.Shortlist
	if s.Update != 2 || s.Changes == nil || len(s.Changes.Removed) != 1 || s.Changes.Removed[0].VendorName != "Vendor cheap" ||
		len(s.Changes.Added) != 0 || len(s.Changes.Moved) != 0 || len(s.Changes.Pinned) != 1 ||
		s.Changes.Pinned[0].VendorName != "Vendor dear" || !s.Changes.Since.Equal(before.Shortlist.SharedAt) {
		t.Errorf("update 2: %s", jsonOf(t, after))
	}
	if js := jsonOf(t, after); strings.Contains(js, "PRIVATE") {
		t.Errorf("the drop reason reached the campaign: %s", js)
	}
	if n := countRows(t, env.db, "shortlist_shares", "intake_id = ?", rec.ID); n != 2 {
		t.Errorf("%d shares, want 2", n)
	}
	if st, err := env.svc.ShareState(ctx, now); err != nil || st.Pending || st.Latest.Number != 2 {
		t.Errorf("share state after sharing: %s, %v", jsonOf(t, st), err)
	}
	msgs := queuedMail(t, env.db, "shortlist.updated:")
	if len(msgs) != 1 {
		t.Fatalf("%d update mails, want 1", len(msgs))
	}
	env.wantCampaignMail(t, msgs, MailShortlistUpdated, "en", rec.ID)
	renders(t, msgs)
	if err := env.db.gorm.Exec(`UPDATE shortlist_shares SET number = 9`).Error; err == nil {
		t.Error("a share was changed")
	}
	// Erasing the intake takes the update's mail (to the campaign's
	// address) with it.
	if _, err := env.svc.Erase(ctx, rec.ID); err != nil {
		t.Fatal(err)
	}
	if n := len(queuedMail(t, env.db, "shortlist.updated:")); n != 0 {
		t.Errorf("%d update mails left after erasure", n)
	}
}
