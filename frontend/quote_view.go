package frontend

import (
	"math"
	"slices"
	"strconv"

	"callmatch"
	"callmatch/quote"
)

// gapText writes a quote's difference from the projected cost in whole
// percent ("+32%", "−5%", "±0%"): the estimate is itself a model, and a
// tenth of a percent would claim a precision it does not have. Whether it
// is flagged is the service's decision on the exact figure.
func gapText(diffPct float64) string {
	p := int(math.Round(diffPct))
	switch {
	case p > 0:
		return "+" + strconv.Itoa(p) + "%"
	case p < 0:
		return "−" + strconv.Itoa(-p) + "%"
	}
	return "±0%"
}

// seatLine is one language of a quote on the desk: the seats the program
// needs at once against the fewest the vendor commits in any of its weeks.
type seatLine struct {
	Language  string
	Needed    float64
	Committed float64 // the weakest week
	// ShortWeeks are the program's weeks with fewer seats than needed.
	ShortWeeks []callmatch.Date
}

// Short reports whether some week falls short of the seats needed.
func (s seatLine) Short() bool { return len(s.ShortWeeks) > 0 }

// seatLines sums the service's week-by-language comparison up by
// language, in the order given: the demand model's seats are the
// program's at once, the same in every week, so the weakest week decides.
func seatLines(cells []quote.SeatsCompared) []seatLine {
	var out []seatLine
	for _, c := range cells {
		i := slices.IndexFunc(out, func(l seatLine) bool { return l.Language == c.Language })
		if i < 0 {
			out = append(out, seatLine{Language: c.Language, Needed: c.Needed, Committed: c.Committed})
			i = len(out) - 1
		}
		out[i].Committed = min(out[i].Committed, c.Committed)
		if c.Short() {
			out[i].ShortWeeks = append(out[i].ShortWeeks, c.WeekStart)
		}
	}
	return out
}

// seatTableRow is one week of committed seats, a column per language.
type seatTableRow struct {
	Week  callmatch.Date
	Seats []float64
}

// seatTable lays a quote's seats out as rows of weeks and columns of
// languages (in langs' order), the table behind every quote shown.
func seatTable(langs []string, seats []quote.Seats) []seatTableRow {
	var rows []seatTableRow
	for _, s := range seats {
		j := slices.Index(langs, s.Language)
		if j < 0 {
			continue
		}
		k := slices.IndexFunc(rows, func(r seatTableRow) bool { return r.Week == s.WeekStart })
		if k < 0 {
			rows = append(rows, seatTableRow{Week: s.WeekStart, Seats: make([]float64, len(langs))})
			k = len(rows) - 1
		}
		rows[k].Seats[j] += s.Seats
	}
	slices.SortFunc(rows, func(a, b seatTableRow) int { return int(a.Week - b.Week) })
	return rows
}
