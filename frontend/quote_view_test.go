package frontend

import (
	"slices"
	"testing"

	"callmatch"
	"callmatch/matching"
)

func TestGapOf(t *testing.T) {
	for _, tc := range []struct {
		quote, estimate int64
		text            string
		flagged, known  bool
	}{
		{120_000, 100_000, "+20%", false, true}, // exactly 20 % is not more than 20 %
		{120_400, 100_000, "+20%", true, true},  // decided on the ratio, not the rounded text
		{79_000, 100_000, "−21%", true, true},   // too cheap is flagged too
		{80_000, 100_000, "−20%", false, true},
		{100_000, 100_000, "±0%", false, true},
		{100_000, 0, "", false, false}, // nothing to compare with
	} {
		g := gapOf(tc.quote, tc.estimate)
		if g.Text != tc.text || g.Flagged != tc.flagged || g.Known != tc.known {
			t.Errorf("gapOf(%d, %d) = %+v, want %q flagged=%v known=%v", tc.quote, tc.estimate, g, tc.text, tc.flagged, tc.known)
		}
	}
}

func TestSeatCoverage(t *testing.T) {
	start := callmatch.MustParseDate("2027-09-22") // a Wednesday
	weeks := programWeeks(start, callmatch.MustParseDate("2027-10-05"))
	want := []callmatch.Date{callmatch.MustParseDate("2027-09-20"), callmatch.MustParseDate("2027-09-27"), callmatch.MustParseDate("2027-10-04")}
	if !slices.Equal(weeks, want) {
		t.Fatalf("program weeks %v, want %v", weeks, want)
	}
	need := []matching.LanguageDemand{{Code: "en", SeatsNeeded: 10}, {Code: "es", SeatsNeeded: 4}}
	var seats []weekSeats
	for _, w := range weeks {
		seats = append(seats, weekSeats{Week: w, Language: "en", Seats: 10})
	}
	seats = append(seats, weekSeats{Week: weeks[0], Language: "es", Seats: 4}, weekSeats{Week: weeks[1], Language: "es", Seats: 3.96})
	got := seatCoverage(need, weeks, seats)
	if got[0].Short() || got[0].Committed != 10 {
		t.Errorf("English: %+v, want 10 committed every week", got[0])
	}
	// 3.96 rounds to the 4 needed at a tenth of a seat; the third week has none.
	if !slices.Equal(got[1].ShortWeeks, weeks[2:]) || got[1].Committed != 0 {
		t.Errorf("Spanish: %+v, want short in the week of Oct 4 only, 0 committed at worst", got[1])
	}
	rows := seatTable([]string{"en", "es"}, seats)
	if len(rows) != 3 || rows[1].Seats[1] != 3.96 || rows[2].Seats[1] != 0 {
		t.Errorf("seat table %+v", rows)
	}
}
