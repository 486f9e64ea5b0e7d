package postgres

import (
	"slices"
	"testing"

	"callmatch"
	"callmatch/intake"
)

// The board's inputs are the intakes that still want seats: open statuses
// whose program has not ended, earliest start first, with their own id in
// the options so that their bookings would not count against them.
func TestBoardListsOpenIntakes(t *testing.T) {
	t.Parallel()
	env := newIntakeEnv(t)
	ctx := staffCtx(t)
	late, _ := env.submit(t, func(f *intake.Form) {
		f.StartDate, f.EndDate = callmatch.MustParseDate("2026-10-19"), callmatch.MustParseDate("2026-11-03")
	})
	shared, _, _ := env.shared(t)
	engaged, _, _ := env.shared(t)
	if _, err := env.svc.Engage(ctx, engaged.ID, env.ids["cheap"], 1_000_000); err != nil {
		t.Fatal(err)
	}
	withdrawn, token := env.submit(t, nil)
	if _, err := env.svc.Withdraw(t.Context(), withdrawn.ID, token); err != nil {
		t.Fatal(err)
	}
	ended, _ := env.submit(t, func(f *intake.Form) {
		f.StartDate, f.EndDate = callmatch.MustParseDate("2026-05-04"), callmatch.MustParseDate("2026-05-29")
	})
	in, err := env.svc.Board(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range in.Intakes {
		got = append(got, b.ID)
		if b.Options.IntakeID != b.ID || b.Request.StartDate.IsZero() {
			t.Errorf("intake %s: options %+v", b.ID, b.Options)
		}
	}
	want := []string{shared.ID, late.ID}
	if !slices.Equal(got, want) || in.Catalog == nil || in.AsOf != callmatch.DateOf(testNow) {
		t.Errorf("board intakes %v, want %v (not engaged %s, withdrawn %s, ended %s)", got, want, engaged.ID, withdrawn.ID, ended.ID)
	}
	vendor := callmatch.WithActor(t.Context(), callmatch.Actor{UserID: "u-v", Role: callmatch.RoleVendor, VendorID: env.ids["cheap"]})
	if _, err := env.svc.Board(vendor); callmatch.ErrorCode(err) != callmatch.EFORBIDDEN {
		t.Errorf("a vendor user: %v", err)
	}
}
