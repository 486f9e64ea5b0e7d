package intake

import (
	"testing"

	"callmatch"
	"callmatch/matching"
)

func TestReleasesBookings(t *testing.T) {
	start := callmatch.MustParseDate("2026-10-12")
	for _, c := range []struct {
		status string
		today  string
		want   bool
	}{
		{StatusClosed, "2026-10-11", true},
		{StatusWithdrawn, "2026-06-01", true},
		{StatusClosed, "2026-10-12", false}, // calling started today
		{StatusClosed, "2026-11-20", false},
		{StatusEngaged, "2026-06-01", false},
		{StatusShared, "2026-06-01", false},
	} {
		if got := ReleasesBookings(c.status, start, callmatch.MustParseDate(c.today)); got != c.want {
			t.Errorf("%s on %s: %v, want %v", c.status, c.today, got, c.want)
		}
	}
}

func TestPartOf(t *testing.T) {
	w := callmatch.MustParseDate("2026-10-12")
	plan := &matching.TeamPlan{MaxVendors: 2, Parts: []matching.PlanPart{
		{VendorID: "a", Weeks: []matching.PartWeek{{WeekStart: w, Language: "en", Share: 0.6, Seats: 12}, {WeekStart: w, Language: "es", Share: 0, Seats: 0}}},
		{VendorID: "b", Weeks: []matching.PartWeek{{WeekStart: w, Language: "en", Share: 0.4, Seats: 8}, {WeekStart: w, Language: "es", Share: 1, Seats: 9}}},
	}}
	p, err := PartOf(plan, "a")
	if err != nil || p.MaxVendors != 2 || len(p.Shares) != 1 || p.Shares[0] != (matching.PartShare{WeekStart: w, Language: "en", Share: 0.6}) {
		t.Errorf("part of a = %+v, %v; want its one week with a share", p, err)
	}
	if _, err := PartOf(plan, "c"); callmatch.ErrorCode(err) != callmatch.EINVALID {
		t.Errorf("a vendor outside the plan: %v", err)
	}

	bs := []matching.Booking{{VendorID: "b", WeekStart: w, Language: "en", Seats: 8.1}, {VendorID: "b", WeekStart: w, Language: "es", Seats: 8.5}}
	capToPlan(bs, plan, "b")
	if bs[0].Seats != 8 || bs[1].Seats != 8.5 {
		t.Errorf("capped to the plan: %+v, want 8 (the plan's) and 8.5 (under it)", bs)
	}
}
