package matching

import (
	"callmatch/catalog"
	"strings"
	"testing"
)

// heldWarning returns the shortlisted vendor's warning about holds, or "".
func heldWarning(t *testing.T, res *Result) string {
	t.Helper()
	if len(res.Shortlist) != 1 {
		t.Fatalf("shortlist %+v, excluded %+v: holds must never knock a vendor out", res.Shortlist, res.Excluded)
	}
	for _, w := range res.Shortlist[0].Warnings {
		if strings.Contains(w, "tentatively held") {
			return w
		}
	}
	return ""
}

// Holds are warnings, never knockouts: garcia() needs 21.2 seats a week;
// the week of 2026-10-26 declares 30, so 9 held seats elsewhere leave 21
// free after them and warn, while the vendor stays shortlisted with the
// same score. An expired hold, the intake's own hold and a small hold do
// not warn.
func TestHoldsWarnNeverKnockOut(t *testing.T) {
	cat := NewCatalog([]*catalog.Vendor{bookedVendor()}, "t")
	plain, err := Match(cat, garcia(), Options{AsOf: asOf2026})
	if err != nil {
		t.Fatal(err)
	}
	hold := Hold{VendorID: "v-base", IntakeID: "other", WeekStart: day("2026-10-26"), Language: "en", Seats: 9, Until: day("2026-12-31")}
	held, err := Match(cat.WithHolds([]Hold{hold}), garcia(), Options{AsOf: asOf2026})
	if err != nil {
		t.Fatal(err)
	}
	w := heldWarning(t, held)
	if want := "week of 2026-10-26: 9 seats tentatively held by open quotes for other programs; 21 free after them, needs 21.2"; w != want {
		t.Errorf("warning %q\nwant      %q", w, want)
	}
	if held.Shortlist[0].Score != plain.Shortlist[0].Score {
		t.Errorf("score %v with holds, %v without: holds must not change scores", held.Shortlist[0].Score, plain.Shortlist[0].Score)
	}
	for name, tc := range map[string]struct {
		h   Hold
		opt Options
	}{
		"expired": {Hold{VendorID: "v-base", IntakeID: "other", WeekStart: day("2026-10-26"), Language: "en", Seats: 9, Until: asOf2026.AddDays(-1)}, Options{AsOf: asOf2026}},
		"own":     {hold, Options{AsOf: asOf2026, IntakeID: "other"}},
		"small":   {Hold{VendorID: "v-base", IntakeID: "other", WeekStart: day("2026-10-26"), Language: "en", Seats: 8, Until: day("2026-12-31")}, Options{AsOf: asOf2026}},
	} {
		res, err := Match(cat.WithHolds([]Hold{tc.h}), garcia(), tc.opt)
		if err != nil {
			t.Fatal(err)
		}
		if w := heldWarning(t, res); w != "" {
			t.Errorf("%s: warning %q", name, w)
		}
	}
}

// The board shows held seats beside free ones and keeps its levels.
func TestBoardShowsHolds(t *testing.T) {
	cat := NewCatalog([]*catalog.Vendor{bookedVendor()}, "t").WithHolds([]Hold{
		{VendorID: "v-base", IntakeID: "x", WeekStart: day("2026-10-26"), Language: "es", Seats: 4.5, Until: day("2026-12-31")}})
	b, err := NewBoard(cat, []BoardIntake{{ID: "g", Request: garcia()}}, BoardOptions{AsOf: asOf2026, Through: day("2026-11-02")})
	if err != nil {
		t.Fatal(err)
	}
	var all, es float64
	for _, r := range b.Rows {
		for _, c := range r.Cells {
			if c.WeekStart == day("2026-10-26") && r.Language == "" {
				all = c.Held
			}
			if c.WeekStart == day("2026-10-26") && r.Language == "es" {
				es = c.Held
			}
		}
	}
	if all != 4.5 || es != 4.5 {
		t.Errorf("held all %v, es %v; want 4.5 each", all, es)
	}
}
