package postgres

import (
	"slices"
	"testing"
	"time"

	"callmatch"
	"callmatch/intake"
)

// The advisor queue's order is the next deadline that matters: calling
// without a vendor (overdue) first, then by first calling day, an engaged
// program by its last once it calls; ended programs after every open one,
// withdrawn and closed last. The desk's default view leaves the last out,
// and the search box finds campaigns by name, race and state (code or
// name in English or Spanish).
func TestIntakeQueueOrderFilterAndSearch(t *testing.T) {
	t.Parallel()
	env := newIntakeEnv(t)
	d := callmatch.MustParseDate
	ctx := staffCtx(t)
	// Programs already calling are submitted with the clock set back, as
	// they were in their time (testNow is 2026-06-01).
	env.svc.Now = func() time.Time { return time.Date(2026, 1, 5, 12, 0, 0, 0, time.UTC) }
	mk := func(name, race, state, start, end string) *intake.Intake {
		rec, token := env.submit(t, func(f *intake.Form) {
			f.Campaign.Name, f.Campaign.Race, f.TargetStates, f.StartDate, f.EndDate = name, race, []string{state}, d(start), d(end)
		})
		if name == "Withdrawn" {
			if _, err := env.svc.Withdraw(t.Context(), rec.ID, token); err != nil {
				t.Fatal(err)
			}
		}
		return rec
	}
	mk("Withdrawn", "Mayor", "TX", "2026-06-03", "2026-06-30")
	mk("Ended last month", "Council", "TX", "2026-04-20", "2026-05-10")
	engaged := mk("Engaged and calling", "Governor", "NY", "2026-05-20", "2026-06-20")
	mk("Calling without a vendor", "State Senate", "OH", "2026-05-28", "2026-07-30")
	mk("Starts soon", "TX-23", "TX", "2026-06-10", "2026-07-01")
	mk("Starts later", "100% local_race", "CA", "2026-06-25", "2026-07-05")
	sl, err := env.svc.GenerateShortlist(ctx, engaged.ID, intake.GenerateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.svc.Share(ctx, sl.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := env.svc.Engage(ctx, engaged.ID, sl.Result.Shortlist[0].VendorID, 500_000); err != nil {
		t.Fatal(err)
	}
	env.svc.Now = func() time.Time { return testNow }

	list := func(f intake.Filter) []string {
		t.Helper()
		f.Sort = intake.SortUrgency
		sums, total, err := env.svc.List(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		out := make([]string, len(sums))
		for i, s := range sums {
			out[i] = s.Campaign.Name
		}
		if total != len(out) {
			t.Errorf("%+v: total %d for %d rows", f, total, len(out))
		}
		return out
	}
	all := []string{"Calling without a vendor", "Starts soon", "Engaged and calling", "Starts later", "Ended last month", "Withdrawn"}
	if got := list(intake.Filter{}); !slices.Equal(got, all) {
		t.Errorf("urgency order\n got %q\nwant %q", got, all)
	}
	if got := list(intake.Filter{Statuses: intake.ActiveStatuses}); !slices.Equal(got, all[:5]) {
		t.Errorf("active intakes %q, want %q", got, all[:5])
	}
	for q, want := range map[string][]string{
		"texas":           {"Starts soon", "Ended last month", "Withdrawn"},
		"nuevo méxico":    {},
		"ohoi":            {},
		"Ohio":            {"Calling without a vendor"},
		"new york":        {"Engaged and calling"},
		"NUEVA YORK":      {"Engaged and calling"},
		"senate":          {"Calling without a vendor"},
		"soon tx":         {"Starts soon"},
		"tx-23":           {"Starts soon"},
		"100%":            {"Starts later"},
		"5%":              {},
		"l_race":          {"Starts later"},
		"l%race":          {},
		"  starts  SOON ": {"Starts soon"},
	} {
		if got := list(intake.Filter{Query: q}); !slices.Equal(got, want) && (len(got) > 0 || len(want) > 0) {
			t.Errorf("search %q: %q, want %q", q, got, want)
		}
	}
	if _, _, err := env.svc.List(ctx, intake.Filter{Status: intake.StatusClosed, Statuses: intake.ActiveStatuses}); callmatch.ErrorCode(err) != callmatch.EINVALID {
		t.Errorf("status with statuses: %v, want invalid", err)
	}
}
