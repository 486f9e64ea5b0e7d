package postgres

import (
	"encoding/json"
	"strings"
	"testing"

	"callmatch"
	"callmatch/intake"
)

func TestEngageRequiresASharedShortlistVendor(t *testing.T) {
	t.Parallel()
	env := newIntakeEnv(t)
	ctx := staffCtx(t)
	rec, token, sl := env.shortlisted(t)

	if _, err := env.svc.Engage(ctx, rec.ID, env.ids["cheap"], 5_000_000); callmatch.ErrorCode(err) != callmatch.EINVALID ||
		!strings.Contains(err.Error(), "before a shortlist is shared") {
		t.Errorf("before sharing: %v", err)
	}
	if _, err := env.svc.AddEvent(ctx, sl.ID, intake.Event{Type: intake.EventDrop, VendorID: env.ids["dear"],
		Reason: "Over budget"}); err != nil {
		t.Fatal(err)
	}
	if _, err := env.svc.Share(ctx, sl.ID); err != nil {
		t.Fatal(err)
	}
	for name, vendor := range map[string]string{
		"excluded vendor": env.ids["red"],
		"dropped vendor":  env.ids["dear"],
		"unknown vendor":  "00000000-0000-0000-0000-000000000000",
		"not an id":       "cheap",
	} {
		if _, err := env.svc.Engage(ctx, rec.ID, vendor, 5_000_000); callmatch.ErrorCode(err) != callmatch.EINVALID {
			t.Errorf("%s: %v, want invalid", name, err)
		}
	}
	if _, err := env.svc.Engage(ctx, rec.ID, env.ids["cheap"], 0); callmatch.ErrorCode(err) != callmatch.EINVALID {
		t.Errorf("zero contract value: %v", err)
	}
	if n := countRows(t, env.db, "engagements", "true"); n != 0 {
		t.Fatalf("%d engagements after refusals", n)
	}

	e, err := env.svc.Engage(ctx, rec.ID, env.ids["cheap"], 5_000_000)
	if err != nil {
		t.Fatal(err)
	}
	if e.ShortlistID != sl.ID || e.VendorID != env.ids["cheap"] || e.CreatedBy != "user:u-advisor" {
		t.Errorf("engagement = %+v", e)
	}
	in, _ := env.svc.Get(ctx, rec.ID)
	if in.Status != intake.StatusEngaged {
		t.Errorf("intake status %s", in.Status)
	}

	// The billing outbox row commits with it, exactly once.
	var rows []outboxRow
	env.db.gorm.Where("aggregate = ?", AggregateEngagement).Find(&rows)
	if len(rows) != 1 || rows[0].AggregateID != e.ID {
		t.Fatalf("outbox rows = %+v", rows)
	}
	var payload engagementPayload
	if err := json.Unmarshal(rows[0].Payload, &payload); err != nil || payload.ContractValueCents != 5_000_000 ||
		payload.VendorID != env.ids["cheap"] || payload.IntakeID != rec.ID {
		t.Errorf("payload = %s, %v", rows[0].Payload, err)
	}
	if got := auditActions(t, env.db, "engagement", e.ID); len(got) != 2 || got[0] != ActionEngagementCreate || got[1] != ActionBookingsCreate {
		t.Errorf("audit = %v", got)
	}

	// A retried request is the same engagement; another value is a conflict.
	again, err := env.svc.Engage(ctx, rec.ID, env.ids["cheap"], 5_000_000)
	if err != nil || again.ID != e.ID {
		t.Errorf("engage again: %+v, %v", again, err)
	}
	if _, err := env.svc.Engage(ctx, rec.ID, env.ids["cheap"], 6_000_000); callmatch.ErrorCode(err) != callmatch.ECONFLICT {
		t.Errorf("same vendor, other value: %v", err)
	}
	if n := countRows(t, env.db, "outbox", "aggregate = ?", AggregateEngagement); n != 1 {
		t.Errorf("%d outbox rows after a retry, want 1", n)
	}

	// The whole program is engaged: another vendor, for the whole program
	// (a stale desk tab, the API) or for a part, is refused, and nothing
	// is booked or billed for it. Splits go through team-plan parts
	// (TestEngagePartsOfATeamPlan).
	if _, err := env.svc.Engage(ctx, rec.ID, env.ids["mid"], 1_000_000); callmatch.ErrorCode(err) != callmatch.ECONFLICT ||
		!strings.Contains(err.Error(), "Vendor cheap") || !strings.Contains(err.Error(), "whole program") {
		t.Errorf("a second vendor for the whole program: %v, want a conflict naming the vendor engaged", err)
	}
	part := intake.Engagement{IntakeID: rec.ID, VendorID: env.ids["mid"], ContractValueCents: 1_000_000,
		Part: &intake.Part{MaxVendors: 2}}
	if _, _, err := env.store.CreateEngagement(ctx, part); callmatch.ErrorCode(err) != callmatch.ECONFLICT {
		t.Errorf("a part beside the whole program: %v, want a conflict", err)
	}
	if n := countRows(t, env.db, "outbox", "aggregate = ?", AggregateEngagement); n != 1 {
		t.Errorf("%d engagements billed, want 1", n)
	}
	if bs, err := env.svc.VendorBookings(ctx, env.ids["mid"]); err != nil || len(bs) != 0 {
		t.Errorf("bookings of the vendor refused: %+v, %v", bs, err)
	}
	all, err := env.svc.Engagements(ctx, rec.ID)
	if err != nil || len(all) != 1 || all[0].ID != e.ID {
		t.Errorf("engagements = %+v, %v", all, err)
	}

	// Engaged: the campaign can no longer withdraw; the advisor closes.
	if _, err := env.svc.Withdraw(t.Context(), rec.ID, token); callmatch.ErrorCode(err) != callmatch.ECONFLICT ||
		!strings.Contains(err.Error(), "is engaged") {
		t.Errorf("withdraw when engaged: %v", err)
	}
	if _, err := env.svc.Close(ctx, rec.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := env.svc.Engage(ctx, rec.ID, env.ids["mid"], 2_000_000); callmatch.ErrorCode(err) != callmatch.ECONFLICT {
		t.Errorf("engage when closed: %v", err)
	}
	if _, err := env.svc.Share(ctx, sl.ID); err != nil {
		t.Errorf("re-sharing a shared shortlist stays a no-op even when closed: %v", err)
	}
	if _, err := env.svc.AddEvent(ctx, sl.ID, intake.Event{Type: intake.EventNote, Reason: "late note"}); callmatch.ErrorCode(err) != callmatch.ECONFLICT {
		t.Errorf("event on a closed intake: %v", err)
	}
}

// The campaign signs from what it was shown: a vendor dropped after the
// latest share is still one it saw, so engaging it is allowed; one dropped
// before that share is not.
func TestEngageJudgesWhatTheCampaignWasShown(t *testing.T) {
	t.Parallel()
	env := newIntakeEnv(t)
	ctx := staffCtx(t)
	rec, _, sl := env.shared(t)
	drop := func(slug string) {
		t.Helper()
		if _, err := env.svc.AddEvent(ctx, sl.ID, intake.Event{Type: intake.EventDrop, VendorID: env.ids[slug],
			Reason: "Late on two programs"}); err != nil {
			t.Fatal(err)
		}
	}
	drop("mid")
	if _, err := env.svc.Share(ctx, sl.ID); err != nil { // update 2: mid gone
		t.Fatal(err)
	}
	drop("cheap") // not shared

	shared, err := env.svc.SharedShortlists(ctx, rec.ID)
	if err != nil || len(shared) != 1 || shared[0].ID != sl.ID || shared[0].Share.Number != 2 ||
		shared[0].Dropped(env.ids["cheap"]) || !shared[0].Dropped(env.ids["mid"]) {
		t.Fatalf("shared shortlists: %d, %v; want the one as update 2 showed it", len(shared), err)
	}
	if _, err := env.svc.Engage(ctx, rec.ID, env.ids["mid"], 1_000_000); callmatch.ErrorCode(err) != callmatch.EINVALID ||
		!strings.Contains(err.Error(), "vendor_id") {
		t.Errorf("engage a vendor dropped before the latest share: %v, want invalid naming vendor_id", err)
	}
	e, err := env.svc.Engage(ctx, rec.ID, env.ids["cheap"], 5_000_000)
	if err != nil || e.ShortlistID != sl.ID {
		t.Fatalf("engage a vendor dropped after the latest share: %+v, %v", e, err)
	}
}
