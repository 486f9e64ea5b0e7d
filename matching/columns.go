package matching

import (
	"math"
	"slices"

	"callmatch"
)

// columns are the facts the knockouts read, laid out by fact rather than by
// vendor, so that the screen (screen.go) streams a few small arrays instead
// of every vendor's profile and arenas. They are built once per catalog and
// shared, like the rest of vendors, by every snapshot made from it.
//
// Seats are small integers: a count that does not fit a uint16 (or is
// negative), a calendar listing a week twice or a week without a column
// makes the vendor irregular, and the screen evaluates it the slow way.
// No answer depends on the columns: they decide only how fast it comes.
type columns struct {
	rows []screenRow
	// loads are the distinct pairs of dialing modes and hours per day,
	// which with the ramp-up decide a vendor's seats needed: screenRow.load
	// indexes them, so that a match divides once per pair, not per vendor.
	loads []loadKey
	// total is each vendor's seats across sites: a week its calendar does
	// not list has that many.
	total []uint16
	// langs holds, by catalog.Languages index, a dense column of seats for
	// a language that many vendors staff (nil otherwise); sparse the
	// vendors with seats in each other language, ascending.
	langs  [][]uint16
	sparse [][]langPost
	// weeks are the Mondays some calendar lists, ascending, and weekSeats
	// each one's seats by vendor (listed, or total).
	weeks     []callmatch.Date
	weekSeats [][]uint16
	// irregular is whether any vendor is.
	irregular bool
}

// screenRow is one vendor's knockout facts that fit in 16 bytes.
type screenRow struct {
	rampUp    int32
	services  uint16
	rated     uint16
	wageFloor uint16
	load      uint16 // columns.loads
	serves    uint8
	modes     uint8
	certKinds uint8
	flags     uint8 // profile flags, and rowIrregular
}

type loadKey struct {
	modes uint8
	hpd   float64 // Capacity.HoursPerDay
}

// rowIrregular marks a vendor the columns cannot describe exactly. It is
// above every profile flag.
const rowIrregular uint8 = 1 << 7

// langPost is a vendor's seats in a language without a dense column.
type langPost struct {
	idx   int32
	seats uint16
}

// maxLoadKeys bounds the load keys, whose limits every match computes;
// a vendor with another is irregular.
const maxLoadKeys = 1024

// maxColumnSeats is the most seats a column holds; more is irregular.
const maxColumnSeats = math.MaxUint16 - 1

// denseLangShare: a language staffed by at least one vendor in this many
// gets a dense column; the others cost a pass over their few vendors.
const denseLangShare = 16

// maxWeekColumns bounds the week columns (two bytes per vendor each): the
// most listed weeks get one, and a vendor listing another is irregular.
const maxWeekColumns = 160

// seatsCell is n as a column cell, and whether it fits.
func seatsCell(n int32) (uint16, bool) {
	if n < 0 || n > maxColumnSeats {
		return 0, false
	}
	return uint16(n), true
}

// buildColumns lays c's vendors out for the screen.
func buildColumns(c *Catalog) columns {
	n := len(c.profiles)
	cols := columns{rows: make([]screenRow, n), total: make([]uint16, n)}
	irregular := func(i int) {
		cols.rows[i].flags |= rowIrregular
		cols.irregular = true
	}
	loads := map[loadKey]int{}
	for i := range c.profiles {
		p := &c.profiles[i]
		cols.rows[i] = screenRow{rampUp: p.rampUp, services: p.services, rated: p.rated, wageFloor: p.wageFloor,
			serves: p.serves, modes: p.modes, certKinds: p.certKinds, flags: p.flags}
		key := loadKey{p.modes, p.hoursPerDay}
		k, ok := loads[key]
		// NaN equals no key: each would be a new one, so NaN is irregular.
		if !ok && len(cols.loads) < maxLoadKeys && p.hoursPerDay == p.hoursPerDay {
			k, ok = len(cols.loads), true
			loads[key] = k
			cols.loads = append(cols.loads, key)
		}
		if !ok {
			irregular(i)
		}
		cols.rows[i].load = uint16(k)
		if cols.total[i], ok = seatsCell(p.totalSeats); !ok {
			irregular(i)
		}
	}

	// Languages: count holders, then fill dense columns or posting lists.
	var holders []int // by language code
	for i := range c.profiles {
		p := &c.profiles[i]
		for _, l := range c.langs[p.langOff : p.langOff+uint32(p.langLen)] {
			if int(l.code) >= len(holders) {
				holders = append(holders, make([]int, int(l.code)+1-len(holders))...)
			}
			holders[l.code]++
		}
	}
	cols.langs, cols.sparse = make([][]uint16, len(holders)), make([][]langPost, len(holders))
	for code, k := range holders {
		if k == 0 {
			continue
		}
		if k*denseLangShare >= n {
			cols.langs[code] = make([]uint16, n)
		} else {
			cols.sparse[code] = make([]langPost, 0, k)
		}
	}
	for i := range c.profiles {
		p := &c.profiles[i]
		ls := c.langs[p.langOff : p.langOff+uint32(p.langLen)]
		for k, l := range ls {
			// A language listed twice is read as its first entry by
			// seatsIn; let the slow path keep that rule.
			if slices.ContainsFunc(ls[:k], func(x langSeats) bool { return x.code == l.code }) {
				irregular(i)
				continue
			}
			s, ok := seatsCell(max(l.seats, 0))
			if !ok {
				irregular(i)
			}
			if col := cols.langs[l.code]; col != nil {
				col[i] = s
			} else if s > 0 {
				cols.sparse[l.code] = append(cols.sparse[l.code], langPost{int32(i), s})
			}
		}
	}

	// Weeks: the most listed ones get a column.
	listed := map[callmatch.Date]int{}
	for i := range c.profiles {
		p := &c.profiles[i]
		for _, w := range c.weeks[p.weekOff : p.weekOff+uint32(p.weekLen)] {
			listed[w.week]++
		}
	}
	for w := range listed {
		cols.weeks = append(cols.weeks, w)
	}
	if len(cols.weeks) > maxWeekColumns {
		slices.SortFunc(cols.weeks, func(a, b callmatch.Date) int {
			if listed[a] != listed[b] {
				return listed[b] - listed[a]
			}
			return int(a) - int(b)
		})
		cols.weeks = cols.weeks[:maxWeekColumns]
	}
	slices.Sort(cols.weeks)
	cols.weekSeats = make([][]uint16, len(cols.weeks))
	for k := range cols.weekSeats {
		cols.weekSeats[k] = slices.Clone(cols.total)
	}
	for i := range c.profiles {
		p := &c.profiles[i]
		prev := callmatch.Date(math.MinInt32)
		for _, w := range c.weeks[p.weekOff : p.weekOff+uint32(p.weekLen)] {
			k, found := slices.BinarySearch(cols.weeks, w.week)
			s, ok := seatsCell(w.seats)
			if !found || !ok || w.week == prev {
				irregular(i)
			}
			if found {
				cols.weekSeats[k][i] = s
			}
			prev = w.week
		}
	}
	return cols
}

// langColumn returns the seats of every vendor in language code: the dense
// column, or one made from the posting list into buf.
func (cols *columns) langColumn(code uint16, buf []uint16) []uint16 {
	if int(code) < len(cols.langs) && cols.langs[code] != nil {
		return cols.langs[code]
	}
	buf = buf[:len(cols.rows)]
	clear(buf)
	if int(code) < len(cols.sparse) {
		for _, lp := range cols.sparse[code] {
			buf[lp.idx] = lp.seats
		}
	}
	return buf
}

// weekColumn returns the seats of every vendor in week (a Monday), or nil
// when no vendor lists it: then every regular vendor has its total.
func (cols *columns) weekColumn(week callmatch.Date) []uint16 {
	if k, ok := slices.BinarySearch(cols.weeks, week); ok {
		return cols.weekSeats[k]
	}
	return nil
}
