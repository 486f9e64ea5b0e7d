package matching

import (
	"errors"
	"math"
	"slices"
	"testing"

	"callmatch"
	"callmatch/catalog"
)

// boardCatalog is two active vendors and one paused one: the paused one's
// seats must never count as free.
func boardCatalog() *Catalog {
	a := baseVendor() // 200 seats, en 200, es 80
	a.Capacity.Calendar = []catalog.Week{{WeekStart: day("2026-10-19"), SeatsAvailable: 5}}
	b := baseVendor()
	b.ID, b.Name = "v-b", "Bee Calls"
	b.Sites[0].Seats = 20
	b.Languages = []catalog.LanguageSeats{{Code: "en", Seats: 20}}
	paused := baseVendor()
	paused.ID, paused.Name, paused.Status = "v-suspended", "Suspended Calls", catalog.StatusSuspended
	paused.Sites[0].Seats = 5000
	return NewCatalog([]*catalog.Vendor{a, b, paused}, "t")
}

func TestBoardWantedAgainstFree(t *testing.T) {
	ended := garcia()
	ended.StartDate, ended.EndDate = day("2026-09-01"), day("2026-09-20")
	broken := garcia()
	broken.Services = nil
	intakes := []BoardIntake{{ID: "garcia", Request: garcia()}, {ID: "ended", Request: ended}, {ID: "broken", Request: broken}}
	b, err := NewBoard(boardCatalog(), intakes, BoardOptions{AsOf: asOf2026, Through: day("2026-11-03")})
	if err != nil {
		t.Fatal(err)
	}
	// 2026-10-01 is in the week of Sep 28; Nov 3 in the week of Nov 2.
	if len(b.Weeks) != 6 || b.Weeks[0] != day("2026-09-28") || b.Weeks[5] != day("2026-11-02") {
		t.Fatalf("weeks %v", b.Weeks)
	}
	if b.Intakes != 1 || !slices.Equal(b.Skipped, []string{"broken"}) || b.Vendors != 2 {
		t.Errorf("intakes %d, skipped %v, vendors %d; want 1, [broken], 2", b.Intakes, b.Skipped, b.Vendors)
	}
	var langs []string
	for _, r := range b.Rows {
		langs = append(langs, r.Language)
	}
	if !slices.Equal(langs, []string{"", "en", "es"}) {
		t.Fatalf("rows %q, want all, en, es (most wanted first)", langs)
	}
	res, err := Match(NewCatalog(nil, ""), garcia(), Options{AsOf: asOf2026})
	if err != nil {
		t.Fatal(err)
	}
	need := map[string]float64{"": 0}
	for _, l := range res.Demand.ByLanguage {
		need[l.Code] = l.SeatsNeeded
		need[""] += l.SeatsNeeded
	}
	// Free seats per row in an ordinary week and in Oct 19, when vendor a
	// declares only 5 seats: a language never gets more than the week.
	freeUsual := map[string]float64{"": 220, "en": 220, "es": 80}
	freeOct19 := map[string]float64{"": 25, "en": 25, "es": 5}
	for _, row := range b.Rows {
		for k, cell := range row.Cells {
			wantWanted, wantFree, wantIntakes := 0.0, freeUsual[row.Language], 0
			if k >= 2 { // calling Oct 12 – Nov 2
				wantWanted, wantIntakes = need[row.Language], 1
			}
			if cell.WeekStart == day("2026-10-19") {
				wantFree = freeOct19[row.Language]
			}
			if cell.WeekStart != b.Weeks[k] || cell.Language != row.Language || !near(cell.Wanted, wantWanted) ||
				cell.Free != wantFree || cell.Intakes != wantIntakes || cell.Level != levelOf(wantWanted, wantFree) {
				t.Errorf("%q week %s: %+v; want wanted %.3f, free %v, intakes %d", row.Language, cell.WeekStart, cell, wantWanted, wantFree, wantIntakes)
			}
		}
	}
	// garcia needs about 21 seats at once, 6.4 of them in Spanish.
	if c := b.Rows[0].Cells[3]; c.Level != LevelTight {
		t.Errorf("all languages, Oct 19: %s (%.1f of %v); want tight", c.Level, c.Wanted, c.Free)
	}
	if c := b.Rows[2].Cells[3]; c.Level != LevelShort {
		t.Errorf("Spanish, Oct 19: %s (%.1f of %v); want short", c.Level, c.Wanted, c.Free)
	}
	if c := b.Rows[0].Cells[0]; c.Level != LevelIdle || c.Ratio() != 0 {
		t.Errorf("a week nobody calls in: %+v", c)
	}
}

func TestBoardLevels(t *testing.T) {
	cases := []struct {
		wanted, free float64
		level        string
		ratio        float64
	}{
		{0, 0, LevelIdle, 0},
		{8, 10, LevelOK, 0.8},
		{8.1, 10, LevelTight, 0.81},
		{10, 10, LevelTight, 1},
		{10.1, 10, LevelShort, 1.01},
		{1, 0, LevelShort, math.Inf(1)},
	}
	for _, c := range cases {
		cell := BoardCell{Wanted: c.wanted, Free: c.free}
		if got := levelOf(c.wanted, c.free); got != c.level || !near(cell.Ratio(), c.ratio) && cell.Ratio() != c.ratio {
			t.Errorf("wanted %v of %v: %q, ratio %v; want %q, %v", c.wanted, c.free, got, cell.Ratio(), c.level, c.ratio)
		}
	}
}

func TestBoardOptionsInvalid(t *testing.T) {
	cases := []struct {
		name  string
		opt   BoardOptions
		field string
	}{
		{"no as_of", BoardOptions{Through: day("2026-11-03")}, "as_of"},
		{"no through", BoardOptions{AsOf: asOf2026}, "through"},
		{"backwards", BoardOptions{AsOf: asOf2026, Through: day("2026-09-01")}, "through"},
		{"too long", BoardOptions{AsOf: asOf2026, Through: day("2028-01-01")}, "through"},
	}
	for _, c := range cases {
		_, err := NewBoard(boardCatalog(), nil, c.opt)
		var e *callmatch.Error
		if !errors.As(err, &e) || e.Code != callmatch.EINVALID || e.Fields[c.field] == "" {
			t.Errorf("%s: %v; want a field error on %s", c.name, err, c.field)
		}
	}
}

// TestBoardWithoutIntakes still shows the market's free seats.
func TestBoardWithoutIntakes(t *testing.T) {
	b, err := NewBoard(boardCatalog(), nil, BoardOptions{AsOf: asOf2026, Through: asOf2026})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Weeks) != 1 || len(b.Rows) != 1 || b.Rows[0].Cells[0].Free != 220 || b.Rows[0].Cells[0].Level != LevelIdle {
		t.Errorf("board %+v", b)
	}
}

// Engagements' bookings come off the free seats, of the week and of the
// language booked; a suspended vendor's bookings change nothing.
func TestBoardCountsBookings(t *testing.T) {
	cat := boardCatalog().WithBookings([]Booking{
		{VendorID: "v-base", IntakeID: "other", WeekStart: day("2026-10-12"), Language: "es", Seats: 30.5},
		{VendorID: "v-b", IntakeID: "other", WeekStart: day("2026-10-12"), Language: "en", Seats: 4},
		{VendorID: "v-suspended", IntakeID: "other", WeekStart: day("2026-10-12"), Language: "en", Seats: 100},
	})
	b, err := NewBoard(cat, []BoardIntake{{ID: "garcia", Request: garcia()}}, BoardOptions{AsOf: asOf2026, Through: day("2026-10-18")})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{"": 220 - 34.5, "en": 220 - 34.5, "es": 80 - 30.5}
	for _, row := range b.Rows {
		if got := row.Cells[2].Free; !near(got, want[row.Language]) {
			t.Errorf("%q, week of Oct 12: %v free, want %v", row.Language, got, want[row.Language])
		}
		if got := row.Cells[1].Free; got != map[string]float64{"": 220, "en": 220, "es": 80}[row.Language] {
			t.Errorf("%q, week of Oct 5 (nothing booked): %v free", row.Language, got)
		}
	}
}
