package postgres

import (
	"context"
	"errors"
	"testing"
	"time"

	"callmatch/intake"
	"callmatch/matching"
	"callmatch/migrations"
)

// Before shares were versions (migration 00016), the campaign's page applied
// every event as it came, a drop after sharing too. Migrating must leave the
// page as the campaign saw it the moment before: the vendor dropped after
// sharing stays gone, and the pin and note added after sharing stay.
func TestMigratingToSharesKeepsWhatTheCampaignSaw(t *testing.T) {
	t.Parallel()
	env := newIntakeEnv(t)
	ctx := staffCtx(t)
	rec, token, sl := env.shared(t)

	// An hour after sharing, so that "events up to the first share" and
	// "every event" differ.
	env.store.Now = func() time.Time { return testNow.Add(time.Hour) }
	for _, e := range []intake.Event{
		{Type: intake.EventDrop, VendorID: env.ids["cheap"], Reason: "Late on two programs"},
		{Type: intake.EventPin, VendorID: env.ids["dear"], Reason: "Best Spanish floor"},
		{Type: intake.EventNote, Reason: "Call both this week."},
	} {
		if _, err := env.svc.AddEvent(ctx, sl.ID, e); err != nil {
			t.Fatal(err)
		}
	}

	// Back to 00015: no shortlist_shares, only shortlists.shared_at (the
	// first share, before the events above).
	mdb, err := migrations.Open(env.url)
	if err != nil {
		t.Fatal(err)
	}
	defer mdb.Close()
	for {
		current, _, err := migrations.Pending(t.Context(), mdb)
		if err != nil {
			t.Fatal(err)
		}
		if current <= 15 {
			break
		}
		if err := migrations.Down(t.Context(), mdb); err != nil {
			t.Fatal(err)
		}
	}
	if err := migrations.Up(t.Context(), mdb); err != nil {
		t.Fatal(err)
	}

	// A fresh pool: the old one's prepared statements name dropped tables.
	db, err := Open(t.Context(), env.url, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	store, err := NewIntakeStore(db, testDataKey)
	if err != nil {
		t.Fatal(err)
	}
	svc := intake.NewService(store, func(context.Context) (*matching.Catalog, error) {
		return nil, errors.New("the campaign's page needs no catalog")
	})
	v, err := svc.CampaignView(t.Context(), rec.ID, token)
	if err != nil || v.Shortlist == nil {
		t.Fatalf("after migrating: %s, %v", jsonOf(t, v), err)
	}
	var names []string
	pinned := false
	for _, sv := range v.Shortlist.Vendors {
		names = append(names, sv.VendorName)
		if sv.VendorID == env.ids["dear"] {
			pinned = sv.Pinned
		}
		if sv.VendorID == env.ids["cheap"] {
			t.Error("the vendor dropped after sharing is back on the campaign's page")
		}
	}
	if len(names) != 2 || !pinned || len(v.Shortlist.Notes) != 1 || v.Shortlist.Notes[0] != "Call both this week." {
		t.Errorf("after migrating the campaign sees %v (dear pinned %v), notes %q; want the two left, dear pinned, the note",
			names, pinned, v.Shortlist.Notes)
	}
	if v.Shortlist.Update != 1 || !v.Shortlist.SharedAt.Equal(testNow) {
		t.Errorf("update %d shared at %s, want 1 at %s", v.Shortlist.Update, v.Shortlist.SharedAt, testNow)
	}
}
