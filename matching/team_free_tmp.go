package matching

import "callmatch"

// freeSeats is a stand-in until the engine owner's version (bookings
// counted) lands in catalog.go: it answers with declared seats, the week's
// calendar seats (or the sum of site seats when the calendar does not list
// the week) and the language's seats. The lead deletes this file at merge.
func (c *Catalog) freeSeats(i int, week callmatch.Date, lang uint16, own string) (total, inLang float64) {
	p := &c.profiles[i]
	total = float64(p.totalSeats)
	ws := c.weeks[p.weekOff : p.weekOff+uint32(p.weekLen)]
	lo, hi := 0, len(ws)
	for lo < hi {
		if mid := int(uint(lo+hi) >> 1); ws[mid].week < week {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo < len(ws) && ws[lo].week == week {
		total = float64(ws[lo].seats)
	}
	return total, float64(c.seatsIn(p, lang))
}
