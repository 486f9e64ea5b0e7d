package matching

import (
	"math"

	"callmatch"
	"callmatch/catalog"
)

// screened is a vendor without knockouts and its util (evaluate's).
type screened struct {
	idx  int32
	util float64
}

// screen decides every vendor's knockouts into kos and returns the
// survivors with the share of their tightest constraint the program would
// take, exactly as evaluate decides them, reading the columns (columns.go)
// instead of the profiles. win is scratch of the same length as kos.
//
// It calls evaluate for the vendors the columns cannot describe:
// irregular ones and vendors with bookings (free seats differ week by
// week), and reads the profile of a vendor holding a verified
// certification of a required kind. It allocates the survivors only (and
// a column for a language few vendors staff).
func (pl *plan) screen(c *Catalog, kos, win []uint16) (surv []screened) {
	cols := &c.cols
	rows := cols.rows
	kos, win = kos[:len(rows)], win[:len(rows)]
	sp := pl.screenPlan(cols, win)
	bookOff := c.bookOff
	modeFail := &pl.modeFail
	svcMask, affBit, minWage := pl.svcMask, pl.affBit, pl.minWage
	start, asOf := pl.start, pl.asOf
	stride := sp.stride
	late := newLimits(1, stride) // of a vendor its ramp-up delays
	// Most vendors are excluded, for reasons that look random from one
	// vendor to the next: the knockouts are computed as bits, without
	// branching on them, so that the loop runs at the speed of its reads.
	for i := range rows {
		r := &rows[i]
		if r.flags&rowIrregular != 0 || bookOff != nil && bookOff[i] != bookOff[i+1] {
			ko, util := pl.evaluate(c, i, &c.profiles[i])
			kos[i] = ko
			if ko == 0 {
				surv = append(surv, screened{int32(i), util})
			}
			continue
		}
		offered := svcMask & r.services
		ko := sp.koFlags[r.flags] |
			bit(r.serves&affBit == 0, koAffiliation) |
			bit(svcMask&^r.services != 0, koService) |
			bit(modeFail[r.modes]&offered != 0, koDialingMode) |
			bit(offered&^r.rated != 0, koNoRate) |
			bit(int64(r.wageFloor) < minWage, koWageFloor) // undeclared floors are in koFlags
		if len(pl.certs) > 0 {
			ko |= pl.screenCerts(c, i, r)
		}

		// Seats: a vendor calling from start_date has its load key's
		// limits and the window's fewest seats; a later one its own.
		lim, k, wk := &sp.lims, int(r.load), win[i]
		cs := max(start, asOf.AddDays(int(r.rampUp)))
		if cs != start {
			pl.fillLimits(cols.loads[r.load], cs, &late, 0)
			lim, k, wk = &late, 0, sp.minWeek(i, cs)
		}
		seats := lim.seats[k*stride : (k+1)*stride : (k+1)*stride]
		ko |= lim.ko[k]
		short := bit(uint32(wk) < seats[0], koCapacity)
		for j, col := range sp.langs {
			s := col[i]
			short |= bit(s != 0, koCapacity) & bit(uint32(s) < seats[1+j], koCapacity)
			ko |= bit(s == 0, koLanguage)
		}
		ko |= short
		kos[i] = ko
		if ko == 0 {
			surv = append(surv, screened{int32(i), sp.util(i, lim.need[k], wk)})
		}
	}
	return surv
}

// bit is 1<<k when b holds.
func bit(b bool, k int) uint16 {
	var x uint16
	if b {
		x = 1
	}
	return x << k
}

// screenPlan is the plan prepared for one pass over the columns.
type screenPlan struct {
	pl    *plan
	langs [][]uint16 // each requested language's column, parallel to plan.langs
	// win holds the column of each week of the calling window, from the
	// week of start_date to the week of end_date − 1: the vendors' totals
	// where no vendor lists the week.
	win   [][]uint16
	first int32 // WeekStart(start), the window's first Monday
	// lims are the limits of each load key for a vendor calling from
	// start_date; stride is 1 + len(plan.langs).
	lims   limits
	stride int
	// koFlags are the knockouts decided by flags alone, by the flag byte.
	koFlags [256]uint16
}

// limits are what a load means for a vendor's seats, by load key: a week
// or language with fewer seats than its limit is short. A limit is the
// seats needed rounded up, since for whole seats s, s < x exactly when
// s < ⌈x⌉; 0 when the vendor's seats are not checked (no calling day, or
// no lawful mode for a slice).
type limits struct {
	ko    []uint16  // ramp_up_too_long, or insufficient_capacity without calling hours
	need  []float64 // load.seats
	seats []uint32  // stride per key: the week's limit, then each requested language's
}

func newLimits(n, stride int) limits {
	return limits{make([]uint16, n), make([]float64, n), make([]uint32, n*stride)}
}

// fillLimits sets key k of lim to the limits of a vendor with load key lk
// whose first calling day is cs, deciding as evaluate does from pl.load.
func (pl *plan) fillLimits(lk loadKey, cs callmatch.Date, lim *limits, k int) {
	l := load{callStart: cs, days: int(pl.end - cs), hpd: min(lk.hpd, pl.a.MaxCallingHoursPerDay),
		hours: pl.hours[lk.modes], seats: math.Inf(1)}
	if l.days > 0 && l.hpd > 0 {
		l.seats = l.hours / (float64(l.days) * l.hpd)
	}
	stride := 1 + len(pl.langs)
	seats := lim.seats[k*stride : (k+1)*stride]
	lim.ko[k], lim.need[k] = bit(l.days <= 0, koRampUp), l.seats
	clear(seats)
	if l.sized() {
		seats[0] = seatLimit(l.seats)
		for j, lg := range pl.langs {
			seats[1+j] = seatLimit(l.seats * lg.share)
		}
	} else {
		lim.ko[k] |= bit(l.days > 0 && l.hpd <= 0, koCapacity)
	}
}

// seatLimit is ⌈x⌉ as a limit on column seats (see limits).
func seatLimit(x float64) uint32 {
	switch {
	case !(x > 0): // NaN too: no count of seats is below it
		return 0
	case x > maxColumnSeats:
		return maxColumnSeats + 1
	}
	return uint32(math.Ceil(x))
}

// screenPlan looks up the columns the request reads, computes the limits
// of every load key and, into win, every vendor's fewest seats in a week
// of the window (a pass per week, which is cheaper than a vendor at a
// time).
func (pl *plan) screenPlan(cols *columns, win []uint16) *screenPlan {
	sp := &screenPlan{pl: pl, langs: make([][]uint16, len(pl.langs)), stride: 1 + len(pl.langs)}
	sp.lims = newLimits(len(cols.loads), sp.stride)
	for k, lk := range cols.loads {
		pl.fillLimits(lk, pl.start, &sp.lims, k)
	}
	for j, lg := range pl.langs {
		var buf []uint16
		if int(lg.code) >= len(cols.langs) || cols.langs[lg.code] == nil {
			buf = make([]uint16, len(cols.rows))
		}
		sp.langs[j] = cols.langColumn(lg.code, buf)
	}
	for k := range win {
		win[k] = math.MaxUint16
	}
	if pl.end > pl.start {
		first, last := catalog.WeekStart(pl.start), catalog.WeekStart(pl.end-1)
		sp.first = int32(first)
		for w := first; w <= last; w += 7 {
			col := cols.weekColumn(w)
			if col == nil {
				col = cols.total
			}
			sp.win = append(sp.win, col)
			col = col[:len(win)]
			for k, s := range col {
				win[k] = min(win[k], s)
			}
		}
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

// util is evaluate's util for survivor i: the program's share of its
// tightest language or week.
func (sp *screenPlan) util(i int, need float64, wk uint16) float64 {
	util := 0.0
	for j, lg := range sp.pl.langs {
		util = max(util, need*lg.share/float64(sp.langs[j][i]))
	}
	return max(util, need/float64(wk))
}

// screenCerts judges the required certifications of vendor i: a kind it
// holds no verified certification of is missing; the others are read from
// its profile.
func (pl *plan) screenCerts(c *Catalog, i int, r *screenRow) (ko uint16) {
	for _, k := range pl.certs {
		if r.certKinds&(1<<k) == 0 {
			ko |= 1 << koCertMissing
			continue
		}
		switch c.certState(&c.profiles[i], k, pl.start, pl.end) {
		case certMissing:
			ko |= 1 << koCertMissing
		case certExpired:
			ko |= 1 << koCertExpired
		}
	}
	return ko
}
