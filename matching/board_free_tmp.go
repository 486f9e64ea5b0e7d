package matching

import (
	"callmatch"
)

// freeSeats is a declared-seats stand-in for the engine owner's
// Catalog.freeSeats (same signature), so that the board builds before
// bookings are counted. TEMPORARY: the lead deletes this file at merge.
func (c *Catalog) freeSeats(i int, week callmatch.Date, lang uint16, own string) (total, inLang float64) {
	p := &c.profiles[i]
	total = float64(c.minWeekSeats(p, week, week))
	return total, float64(c.seatsIn(p, lang))
}
