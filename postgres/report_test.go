package postgres

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"callmatch"
	"callmatch/intake"
	"callmatch/matching"
)

// deliveryEnv is an intake env (mail on) with the service's delivery
// store set and an engagement of the cheap vendor on testForm's program
// (2026-10-12 to 2026-11-03).
func deliveryEnv(t *testing.T) (*intakeEnv, *intake.Engagement) {
	t.Helper()
	env := mailEnv(t)
	env.svc.Delivery = env.store
	rec, _, _ := env.shared(t)
	e, err := env.svc.Engage(staffCtx(t), rec.ID, env.ids["cheap"], 5_000_000)
	if err != nil {
		t.Fatal(err)
	}
	return env, e
}

// at sets the clocks of the service and the store to noon UTC of day.
func (env *intakeEnv) at(day string) {
	now := callmatch.MustParseDate(day).Time().Add(12 * time.Hour)
	env.svc.Now = func() time.Time { return now }
	env.store.Now = func() time.Time { return now }
}

// vendorCtx is a request of a user of vendor id.
func vendorCtx(t *testing.T, id string) context.Context {
	return callmatch.WithActor(t.Context(), callmatch.Actor{UserID: "u-vendor", Role: callmatch.RoleVendor, VendorID: id})
}

func row(day, lang string, dials, contacts int64) intake.Report {
	return intake.Report{Day: callmatch.MustParseDate(day), Language: lang, Dials: dials, Contacts: contacts, AgentHours: float64(dials) / 50}
}

func trackOf(t *testing.T, env *intakeEnv, vendorID string) matching.TrackRecord {
	t.Helper()
	tr, err := env.store.FindTrackRecord(t.Context(), vendorID)
	if err != nil {
		t.Fatal(err)
	}
	return *tr
}

// Reports move the vendor's track record by the difference (a correction
// by what changed, the first report by one program), the watcher reloads
// them without recompiling the vendors, and matching explains the
// verified figures.
func TestReportsKeepTrackRecord(t *testing.T) {
	t.Parallel()
	env, e := deliveryEnv(t)
	w := env.watched(t)
	if err := w.Refresh(t.Context()); err != nil {
		t.Fatal(err)
	}
	vendors := w.current.Load().vendors
	env.svc.Delivery = env.store
	env.at("2026-10-20")
	ctx := vendorCtx(t, e.VendorID)
	res, err := env.svc.SubmitReports(ctx, e.ID, []intake.Report{row("2026-10-13", "en", 5000, 700), row("2026-10-13", "es", 2000, 300)})
	if err != nil || res != (intake.ReportResult{Accepted: 2}) {
		t.Fatalf("submit: %+v %v", res, err)
	}
	res, err = env.svc.SubmitReports(ctx, e.ID, []intake.Report{row("2026-10-13", "en", 4000, 500), row("2026-10-14", "en", 6000, 900)})
	if err != nil || res != (intake.ReportResult{Accepted: 1, Replaced: 1}) {
		t.Fatalf("correction: %+v %v", res, err)
	}
	want := matching.TrackRecord{VendorID: e.VendorID, Programs: 1, Dials: 12000, Contacts: 1700}
	if got := trackOf(t, env, e.VendorID); got != want {
		t.Errorf("track record %+v, want %+v", got, want)
	}
	if n := countRows(t, env.db, "production_report_versions", "engagement_id = ?", e.ID); n != 4 {
		t.Errorf("%d versions kept, want 4 (two first, a replacement, a new day)", n)
	}
	if err := w.Refresh(t.Context()); err != nil {
		t.Fatal(err)
	}
	if h := w.current.Load(); h.vendors != vendors {
		t.Error("a report recompiled the vendors; it should reload only bookings and track records")
	}
	cat, _ := w.Current(t.Context())
	f := testForm()
	res2, err := matching.Match(cat, f.MatchRequest(), matching.Options{AsOf: callmatch.MustParseDate("2026-06-01")})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, c := range res2.Shortlist {
		if c.VendorID == e.VendorID {
			found = strings.Contains(strings.Join(c.Warnings, "; "), "verified over 1 program, 12,000 dials")
		}
	}
	if !found {
		t.Errorf("the vendor's result does not explain its verified figures: %+v", res2.Shortlist)
	}
}

// Concurrent submissions for one engagement queue on its lock: however
// they interleave, the track record equals the rows that stand and every
// version is kept.
func TestConcurrentReportsAddUp(t *testing.T) {
	t.Parallel()
	env, e := deliveryEnv(t)
	env.at("2026-10-20")
	ctx := vendorCtx(t, e.VendorID)
	const n = 8
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			_, err := env.svc.SubmitReports(ctx, e.ID, []intake.Report{row("2026-10-13", "en", int64(1000+i), int64(i)),
				row("2026-10-14", "en", 100, 10)})
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	rows, err := env.store.FindReports(t.Context(), e.ID)
	if err != nil || len(rows) != 2 {
		t.Fatalf("rows %+v %v", rows, err)
	}
	tr := trackOf(t, env, e.VendorID)
	if tr.Programs != 1 || tr.Dials != rows[0].Dials+rows[1].Dials || tr.Contacts != rows[0].Contacts+rows[1].Contacts {
		t.Errorf("track record %+v does not add up to the rows %+v", tr, rows)
	}
	if v := countRows(t, env.db, "production_report_versions", "engagement_id = ?", e.ID); v != 2*n {
		t.Errorf("%d versions, want %d", v, 2*n)
	}
}

// A bad row stores nothing, and another vendor learns nothing.
func TestReportsRefused(t *testing.T) {
	t.Parallel()
	env, e := deliveryEnv(t)
	env.at("2026-10-20")
	_, err := env.svc.SubmitReports(vendorCtx(t, e.VendorID), e.ID, []intake.Report{row("2026-10-13", "en", 10, 5), row("2026-10-13", "es", 10, 50)})
	if fe, ok := err.(*callmatch.Error); !ok || fe.Fields["[1].contacts"] == "" {
		t.Fatalf("contacts above dials: %v", err)
	}
	if _, err := env.svc.SubmitReports(vendorCtx(t, env.ids["mid"]), e.ID, []intake.Report{row("2026-10-13", "en", 10, 5)}); callmatch.ErrorCode(err) != callmatch.ENOTFOUND {
		t.Fatalf("another vendor: %v, want not_found", err)
	}
	if n := countRows(t, env.db, "production_reports", "engagement_id = ?", e.ID); n != 0 {
		t.Errorf("%d rows stored after refusals", n)
	}
	if tr := trackOf(t, env, e.VendorID); tr.Programs != 0 || tr.Dials != 0 {
		t.Errorf("track record moved: %+v", tr)
	}
}
