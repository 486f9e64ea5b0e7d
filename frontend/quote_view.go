package frontend

import (
	"math"
	"slices"
	"strconv"

	"callmatch"
	"callmatch/catalog"
	"callmatch/matching"
)

// flagGap is how far a quote may stray from the engine's projected cost
// before the desk flags it (ISSUE15: "flagged when more than 20 % off").
// Either way: a quote far below the estimate may have misread the
// program as surely as one far above it has priced in something.
const flagGap = 0.20

// estimateGap is a quote against the projected cost of the same vendor for
// the same program, as the shortlist it was invited from ranked it.
type estimateGap struct {
	Known   bool    // false without an estimate to compare with
	Diff    float64 // quote / estimate − 1
	Text    string  // "+32%", "−5%", "±0%"
	Flagged bool    // |Diff| > flagGap
}

func gapOf(quoteCents, estimateCents int64) estimateGap {
	if estimateCents <= 0 || quoteCents <= 0 {
		return estimateGap{}
	}
	d := float64(quoteCents)/float64(estimateCents) - 1
	// Whole percent: the estimate is itself a model, and a tenth of a
	// percent would claim a precision it does not have.
	p := int(math.Round(d * 100))
	text := "±0%"
	switch {
	case p > 0:
		text = "+" + strconv.Itoa(p) + "%"
	case p < 0:
		text = "−" + strconv.Itoa(-p) + "%"
	}
	// The flag is decided on the exact ratio, not the rounded text: a
	// quote 20.4 % over is over the line though it reads "+20%".
	return estimateGap{Known: true, Diff: d, Text: text, Flagged: math.Abs(d) > flagGap}
}

// weekSeats is seats committed in one week and language.
type weekSeats struct {
	Week     callmatch.Date
	Language string
	Seats    float64
}

// seatLine is one language of a quote: the seats the program needs at
// once against the fewest the vendor commits in any week of the program.
type seatLine struct {
	Language  string
	Needed    float64
	Committed float64 // the lowest week; 0 when a week has none
	// ShortWeeks are the program's weeks with fewer seats than needed.
	ShortWeeks []callmatch.Date
}

// Short reports whether some week falls short of the seats needed.
func (s seatLine) Short() bool { return len(s.ShortWeeks) > 0 }

// programWeeks are the Mondays of the weeks the program calls in, from
// its first calling day to its last (end is exclusive, as in the form).
func programWeeks(start, end callmatch.Date) []callmatch.Date {
	var out []callmatch.Date
	if end <= start {
		return out
	}
	for w := catalog.WeekStart(start); w < end; w = w.AddDays(7) {
		out = append(out, w)
	}
	return out
}

// seatCoverage sets each language's needed seats beside what the quote
// commits per week. The demand model's seats are the program's at once,
// the same in every week, so the weakest week is what decides.
func seatCoverage(need []matching.LanguageDemand, weeks []callmatch.Date, seats []weekSeats) []seatLine {
	got := map[string]map[callmatch.Date]float64{}
	for _, s := range seats {
		if got[s.Language] == nil {
			got[s.Language] = map[callmatch.Date]float64{}
		}
		got[s.Language][s.Week] += s.Seats
	}
	out := make([]seatLine, 0, len(need))
	for _, l := range need {
		line := seatLine{Language: l.Code, Needed: l.SeatsNeeded, Committed: math.Inf(1)}
		for _, w := range weeks {
			c := got[l.Code][w]
			line.Committed = min(line.Committed, c)
			// A tenth of a seat is the grain of bookings (MARKETPLACE.md §1).
			if c+0.05 < l.SeatsNeeded {
				line.ShortWeeks = append(line.ShortWeeks, w)
			}
		}
		if math.IsInf(line.Committed, 1) {
			line.Committed = 0
		}
		out = append(out, line)
	}
	return out
}

// seatTable lays committed seats out as rows of weeks and columns of
// languages (in langs' order), for the tables behind every quote.
type seatTableRow struct {
	Week  callmatch.Date
	Seats []float64
}

func seatTable(langs []string, seats []weekSeats) []seatTableRow {
	var rows []seatTableRow
	for _, s := range seats {
		j := slices.Index(langs, s.Language)
		if j < 0 {
			continue
		}
		k := slices.IndexFunc(rows, func(r seatTableRow) bool { return r.Week == s.Week })
		if k < 0 {
			rows = append(rows, seatTableRow{Week: s.Week, Seats: make([]float64, len(langs))})
			k = len(rows) - 1
		}
		rows[k].Seats[j] += s.Seats
	}
	slices.SortFunc(rows, func(a, b seatTableRow) int { return int(a.Week - b.Week) })
	return rows
}
