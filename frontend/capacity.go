package frontend

import (
	"time"

	"callmatch"
	"callmatch/catalog"
)

// weekCell is one week of a vendor's capacity grid.
type weekCell struct {
	Start    callmatch.Date
	Seats    int
	Explicit bool // from the calendar; otherwise the sum of site seats
}

// electionDay is the next federal general election day on or after d: the
// Tuesday after the first Monday of November in an even year. Odd years
// have state and local elections on the same Tuesday, so the grid runs to
// the next such Tuesday in any year.
func electionDay(d callmatch.Date) callmatch.Date {
	for y := d.Time().Year(); ; y++ {
		nov1 := callmatch.DateOf(time.Date(y, time.November, 1, 0, 0, 0, 0, time.UTC))
		monday := nov1.AddDays((8 - int(nov1.Weekday())) % 7)
		if tue := monday.AddDays(1); tue >= d {
			return tue
		}
	}
}

// capacityWeeks lists the weeks from this one through election day with
// the seats the vendor can still sell in each.
func capacityWeeks(v *catalog.Vendor, now time.Time) []weekCell {
	today := callmatch.DateOf(now)
	end := electionDay(today)
	var out []weekCell
	for w := catalog.WeekStart(today); w <= end; w = w.AddDays(7) {
		cell := weekCell{Start: w, Seats: v.TotalSeats()}
		for _, cw := range v.Capacity.Calendar {
			if cw.WeekStart == w {
				cell.Seats, cell.Explicit = cw.SeatsAvailable, true
			}
		}
		out = append(out, cell)
	}
	return out
}
