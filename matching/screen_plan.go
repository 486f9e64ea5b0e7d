package matching

import (
	"math"

	"callmatch"
	"callmatch/catalog"
)

// screenPlan is the plan prepared for one pass over the columns.
type screenPlan struct {
	pl    *plan
	cols  *columns
	langs [][]uint16 // each requested language's column, parallel to plan.langs
	// win holds the column of each week of the calling window, from the
	// week of start_date to the week of end_date − 1: the vendors' totals
	// where no vendor lists the week.
	win   [][]uint16
	first int32 // WeekStart(start), the window's first Monday
	// The limits of a vendor calling from start_date, by load key: a
	// week or language with fewer seats is short (see screenPlan); and
	// the seats it needs.
	weekLimits []uint32
	langLimits [][]uint32
	need       []float64
	stride     int // 1 + len(plan.langs)
	// koFlags are the knockouts decided by flags alone, by the flag byte.
	koFlags  [256]uint16
	modeFail [256]uint16 // plan.modeFail, indexable by any byte
}

// loadOf is pl.load of a vendor with load key lk whose first calling day
// is cs.
func (pl *plan) loadOf(lk loadKey, cs callmatch.Date) load {
	l := load{callStart: cs, days: int(pl.end - cs), hpd: min(lk.hpd, pl.a.MaxCallingHoursPerDay),
		hours: pl.hours[lk.modes], seats: math.Inf(1)}
	if l.days > 0 && l.hpd > 0 {
		l.seats = l.hours / (float64(l.days) * l.hpd)
	}
	return l
}

// alwaysShort is a limit no column seats meet.
const alwaysShort = 1 << 16

// seatLimit is ⌈x⌉ as a limit on column seats (see screenPlan).
func seatLimit(x float64) uint32 {
	switch {
	case !(x > 0): // NaN too: no count of seats is below it
		return 0
	case x > maxColumnSeats:
		return maxColumnSeats + 1
	}
	return uint32(math.Ceil(x))
}

// screenPlan looks up the columns the request reads and computes the
// limits of every load key.
func (pl *plan) screenPlan(cols *columns) *screenPlan {
	sp := &screenPlan{pl: pl, cols: cols, langs: make([][]uint16, len(pl.langs)), stride: 1 + len(pl.langs)}
	copy(sp.modeFail[:], pl.modeFail[:])
	// A limit is the seats needed rounded up, since for whole seats s,
	// s < x exactly when s < ⌈x⌉; 0 when the seats are not checked (no
	// lawful mode for a slice). A vendor calling from start_date has
	// calling days, so its only other knockout here is capacity without
	// calling hours, which no week meets.
	nk := len(cols.loads)
	cells := make([]uint32, nk*sp.stride)
	sp.weekLimits, sp.need = cells[:nk], make([]float64, nk)
	sp.langLimits = make([][]uint32, len(pl.langs))
	for j := range sp.langLimits {
		sp.langLimits[j] = cells[(1+j)*nk : (2+j)*nk]
	}
	for k, lk := range cols.loads {
		l := pl.loadOf(lk, pl.start)
		sp.need[k] = l.seats
		switch {
		case l.sized():
			sp.weekLimits[k] = seatLimit(l.seats)
			for j, lg := range pl.langs {
				sp.langLimits[j][k] = seatLimit(l.seats * lg.share)
			}
		case l.hpd <= 0:
			sp.weekLimits[k] = alwaysShort
		}
	}
	for j, lg := range pl.langs {
		var buf []uint16
		if int(lg.code) >= len(cols.langs) || cols.langs[lg.code] == nil {
			buf = make([]uint16, len(cols.rows))
		}
		sp.langs[j] = cols.langColumn(lg.code, buf)
	}
	first, last := catalog.WeekStart(pl.start), catalog.WeekStart(pl.end-1)
	sp.first = int32(first)
	for w := first; w <= last; w += 7 {
		col := cols.weekColumn(w)
		if col == nil {
			col = cols.total
		}
		sp.win = append(sp.win, col)
	}
	for f := range sp.koFlags {
		var ko uint16
		if f&int(flagActive) == 0 {
			ko |= 1 << koNotActive
		}
		if pl.union && f&int(flagUnion) == 0 {
			ko |= 1 << koUnion
		}
		if pl.domestic && f&int(flagOffshore) != 0 {
			ko |= 1 << koOffshore
		}
		if pl.challenger && f&int(flagAgainstIncumbents) == 0 {
			ko |= 1 << koAgainstIncumbent
		}
		if pl.minWage > 0 && f&int(flagWageDeclared) == 0 {
			ko |= 1 << koWageFloor
		}
		sp.koFlags[f] = ko
	}
	return sp
}

// minWeek is the fewest seats vendor i has in any week from the week of
// cs (its first calling day) to the window's last, as minWeekSeats reads
// them.
func (sp *screenPlan) minWeek(i int, cs callmatch.Date) uint16 {
	wk := uint16(math.MaxUint16)
	// From the week of a day past the window: no week.
	k := min(int(int32(catalog.WeekStart(cs))-sp.first)/7, len(sp.win))
	for _, col := range sp.win[k:] {
		wk = min(wk, col[i])
	}
	return wk
}

// util is evaluate's util for survivor i (row r, fewest seats in a week
// it calls wk): the program's share of its tightest language or week, or
// the util evaluate gave an evaluated vendor (given, by block offset).
func (sp *screenPlan) util(i int, r screenRow, wk uint16, given []screened) float64 {
	for _, g := range given {
		if int(g.idx) == i%screenBlock {
			return g.util
		}
	}
	pl := sp.pl
	need := sp.need[r.load]
	if cs := max(pl.start, pl.asOf.AddDays(int(r.rampUp))); cs != pl.start {
		need = pl.loadOf(sp.cols.loads[r.load], cs).seats
	}
	util := 0.0
	for j, lg := range pl.langs {
		util = max(util, need*lg.share/float64(sp.langs[j][i]))
	}
	return max(util, need/float64(wk))
}

// windowMin sets wk to the fewest seats in a week of the window of the
// vendors from base on: MaxUint16 where there is no week, as for
// minWeekSeats none is short then. It takes the columns two at a time.
func (sp *screenPlan) windowMin(wk []uint16, base int) {
	cols := sp.win
	if len(cols) == 0 {
		for b := range wk {
			wk[b] = math.MaxUint16
		}
		return
	}
	copy(wk, cols[0][base:])
	for cols = cols[1:]; len(cols) >= 2; cols = cols[2:] {
		x, y := cols[0][base:base+len(wk)], cols[1][base:base+len(wk)]
		x, y = x[:len(wk)], y[:len(wk)]
		for b := range wk {
			wk[b] = min(wk[b], x[b], y[b])
		}
	}
	if len(cols) == 1 {
		for b, s := range cols[0][base : base+len(wk)] {
			wk[b] = min(wk[b], s)
		}
	}
}
