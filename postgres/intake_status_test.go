package postgres

import (
	"slices"
	"strings"
	"testing"

	"callmatch"
	"callmatch/intake"
)

// TestIntakeStatusInStore drives the store through every status and checks
// that it refuses, under its lock, what the table refuses.
func TestIntakeStatusInStore(t *testing.T) {
	t.Parallel()
	env := newIntakeEnv(t)
	ctx := staffCtx(t)
	rec, token := env.submit(t, nil)

	if _, err := env.store.SetIntakeStatus(ctx, rec.ID, intake.StatusShared); callmatch.ErrorCode(err) != callmatch.ECONFLICT ||
		!strings.Contains(err.Error(), "is submitted") {
		t.Errorf("submitted → shared: %v, want a conflict naming submitted", err)
	}
	got, err := env.svc.Review(ctx, rec.ID)
	if err != nil || got.Status != intake.StatusInReview || got.Version != 2 {
		t.Fatalf("review = %+v, %v", got, err)
	}
	if _, err := env.svc.Close(ctx, rec.ID); callmatch.ErrorCode(err) != callmatch.ECONFLICT ||
		!strings.Contains(err.Error(), "is in_review") {
		t.Errorf("in_review → closed: %v", err)
	}
	if _, err := env.svc.Review(ctx, rec.ID); callmatch.ErrorCode(err) != callmatch.ECONFLICT {
		t.Errorf("review twice: %v", err)
	}

	// The campaign withdraws with its link; nothing moves it afterwards.
	if _, err := env.svc.Withdraw(t.Context(), rec.ID, "wrong-token"); callmatch.ErrorCode(err) != callmatch.ENOTFOUND {
		t.Errorf("withdraw with a wrong token: %v, want not_found", err)
	}
	got, err = env.svc.Withdraw(t.Context(), rec.ID, token)
	if err != nil || got.Status != intake.StatusWithdrawn || got.Version != 3 {
		t.Fatalf("withdraw = %+v, %v", got, err)
	}
	for _, to := range intake.Statuses {
		if _, err := env.store.SetIntakeStatus(ctx, rec.ID, to); callmatch.ErrorCode(err) != callmatch.ECONFLICT ||
			!strings.Contains(err.Error(), "is withdrawn") {
			t.Errorf("withdrawn → %s: %v", to, err)
		}
	}
	if _, err := env.svc.GenerateShortlist(ctx, rec.ID, intake.GenerateOptions{}); callmatch.ErrorCode(err) != callmatch.ECONFLICT {
		t.Errorf("shortlist a withdrawn intake: %v", err)
	}

	entries, err := env.db.AuditFor(t.Context(), "intake", rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	var trail []string
	for _, e := range entries {
		trail = append(trail, e.Action+":"+e.Actor+":"+string(e.After["status"]))
	}
	want := []string{
		`intake.create:campaign:"submitted"`,
		`intake.status:user:u-advisor:"in_review"`,
		`intake.status:campaign:"withdrawn"`,
	}
	if !slices.Equal(trail, want) {
		t.Errorf("audit trail\n got %v\nwant %v", trail, want)
	}
	if _, err := env.store.SetIntakeStatus(ctx, "not-a-uuid", intake.StatusInReview); callmatch.ErrorCode(err) != callmatch.ENOTFOUND {
		t.Errorf("malformed id: %v", err)
	}
}

func TestIntakeList(t *testing.T) {
	t.Parallel()
	env := newIntakeEnv(t)
	d := callmatch.MustParseDate
	// testNow is 2026-06-01.
	mk := func(name, start, end string) string {
		rec, _ := env.submit(t, func(f *intake.Form) {
			f.Campaign.Name, f.StartDate, f.EndDate = name, d(start), d(end)
		})
		return rec.ID
	}
	mk("ended", "2026-05-01", "2026-05-20")
	mk("later", "2026-09-01", "2026-11-03")
	mk("running", "2026-05-25", "2026-06-30")
	soon := mk("soon", "2026-06-10", "2026-11-03")
	mk("running, ends sooner", "2026-05-30", "2026-06-05")

	names := func(sums []*intake.Summary) []string {
		out := make([]string, len(sums))
		for i, s := range sums {
			out[i] = s.Campaign.Name
		}
		return out
	}
	sums, total, err := env.svc.List(staffCtx(t), intake.Filter{Sort: intake.SortUrgency})
	if err != nil || total != 5 {
		t.Fatalf("list: %d, %v", total, err)
	}
	want := []string{"running, ends sooner", "running", "soon", "later", "ended"}
	if got := names(sums); !slices.Equal(got, want) {
		t.Errorf("urgency order %v, want %v", got, want)
	}
	if sums[2].DaysUntilStart != 9 || sums[0].DaysUntilStart != -2 {
		t.Errorf("days until start: soon %d, running %d", sums[2].DaysUntilStart, sums[0].DaysUntilStart)
	}
	for _, s := range sums {
		if strings.Contains(jsonOf(t, s), "rosa.elizondo") {
			t.Errorf("summary carries contact data: %s", jsonOf(t, s))
		}
	}

	// Newest first by default (ids are time-ordered when created_at ties).
	sums, _, _ = env.svc.List(staffCtx(t), intake.Filter{})
	if got := names(sums); got[0] != "running, ends sooner" || got[4] != "ended" {
		t.Errorf("newest order %v", got)
	}

	// Status filter and paging.
	if _, err := env.svc.Review(staffCtx(t), soon); err != nil {
		t.Fatal(err)
	}
	sums, total, _ = env.svc.List(staffCtx(t), intake.Filter{Status: intake.StatusSubmitted, Sort: intake.SortUrgency, PerPage: 2, Page: 2})
	if total != 4 || !slices.Equal(names(sums), []string{"later", "ended"}) {
		t.Errorf("submitted page 2: total %d, %v", total, names(sums))
	}
	if _, _, err := env.svc.List(staffCtx(t), intake.Filter{Status: "lost"}); callmatch.ErrorCode(err) != callmatch.EINVALID {
		t.Errorf("bad status filter: %v", err)
	}
}
