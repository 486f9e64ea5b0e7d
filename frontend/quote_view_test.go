package frontend

import (
	"slices"
	"testing"

	"callmatch"
	"callmatch/quote"
)

func TestGapText(t *testing.T) {
	for diff, want := range map[float64]string{20.4: "+20%", -21: "−21%", 0.3: "±0%", -0.4: "±0%", 150: "+150%"} {
		if got := gapText(diff); got != want {
			t.Errorf("gapText(%v) = %q, want %q", diff, got, want)
		}
	}
}

func TestSeatLines(t *testing.T) {
	w1, w2, w3 := callmatch.MustParseDate("2027-09-20"), callmatch.MustParseDate("2027-09-27"), callmatch.MustParseDate("2027-10-04")
	var cells []quote.SeatsCompared
	for _, w := range []callmatch.Date{w1, w2, w3} {
		cells = append(cells, quote.SeatsCompared{WeekStart: w, Language: "en", Needed: 10, Committed: 10})
	}
	cells = append(cells, quote.SeatsCompared{WeekStart: w1, Language: "es", Needed: 4, Committed: 4},
		quote.SeatsCompared{WeekStart: w2, Language: "es", Needed: 4, Committed: 5},
		quote.SeatsCompared{WeekStart: w3, Language: "es", Needed: 4})
	got := seatLines(cells)
	if len(got) != 2 || got[0].Language != "en" || got[0].Short() || got[0].Committed != 10 {
		t.Errorf("English: %+v, want 10 committed every week", got)
	}
	if !slices.Equal(got[1].ShortWeeks, []callmatch.Date{w3}) || got[1].Committed != 0 {
		t.Errorf("Spanish: %+v, want short in the week of Oct 4 only, 0 at worst", got[1])
	}
	rows := seatTable([]string{"en", "es"}, []quote.Seats{{WeekStart: w2, Language: "es", Seats: 3}, {WeekStart: w1, Language: "en", Seats: 9},
		{WeekStart: w2, Language: "en", Seats: 8}, {WeekStart: w1, Language: "vi", Seats: 1}})
	if len(rows) != 2 || rows[0].Week != w1 || rows[0].Seats[0] != 9 || rows[1].Seats[1] != 3 {
		t.Errorf("seat table %+v", rows)
	}
}
