package matching

// screened is a vendor without knockouts and its util (evaluate's).
type screened struct {
	idx  int32
	util float64
}

// screening is what a screen finds: the survivors and, in a histogram of
// each byte of the knockout bits, how often each code occurs.
type screening struct {
	surv   []screened
	lo, hi [256]int
}

// add counts knockouts ko.
func (s *screening) add(ko uint16) {
	s.lo[ko&0xff]++
	s.hi[ko>>8]++
}

// counts returns how many vendors have each code, how many have any and
// how many codes there are in all, for n vendors.
func (s *screening) counts(n int) (counts [numKnockouts]int, excluded, reasons int) {
	for v := range 256 {
		for k := range 8 {
			if v&(1<<k) != 0 {
				counts[k] += s.lo[v]
				if k+8 < numKnockouts {
					counts[k+8] += s.hi[v]
				}
			}
		}
	}
	for _, c := range counts {
		reasons += c
	}
	return counts, n - len(s.surv), reasons
}

// screenBlock is how many vendors the screen takes at a time: each of its
// passes over a block keeps the block's facts in the first-level cache.
const screenBlock = 256

// screen decides every vendor's knockouts into kos and finds the
// survivors with the share of their tightest constraint the program would
// take, exactly as evaluate decides them, reading the columns (columns.go)
// instead of the profiles.
//
// Most vendors are excluded, for reasons that look random from one vendor
// to the next, so the knockouts are computed as bits without branching on
// them, a block of vendors at a time and a pass per column: the vendors'
// facts, each week of the calling window, each requested language. It
// calls evaluate for the vendors the columns cannot describe: irregular
// ones and vendors with bookings (free seats differ week by week); it
// reads the profile of a vendor holding a verified certification of a
// required kind, and decides a vendor its ramp-up delays on its own. It
// allocates the survivors only (and a column for a language few vendors
// staff).
func (pl *plan) screen(c *Catalog, kos []uint16) (sc screening) {
	cols := &c.cols
	rows := cols.rows
	n := len(rows)
	kos = kos[:n]
	sp := pl.screenPlan(cols)
	bookOff := c.bookOff
	svcMask, affBit, minWage := pl.svcMask, pl.affBit, pl.minWage
	start, asOf := pl.start, pl.asOf
	var (
		ko      [screenBlock]uint16
		key     [screenBlock]uint16
		wk      [screenBlock]uint16 // fewest seats in a week of the window
		special []int32             // block offsets of late vendors, then of irregular or booked ones
		utils   []screened          // the utils of the latter, by block offset
	)
	for base := 0; base < n; base += screenBlock {
		size := min(screenBlock, n-base)
		kob := ko[:size]
		// Equal lengths let the compiler drop the bounds checks.
		keyb, wkb, rowb := key[:len(kob)], wk[:len(kob)], rows[base:base+len(kob)]
		special = special[:0]
		for b, r := range rowb {
			offered := svcMask & r.services
			keyb[b] = r.load
			kob[b] = sp.koFlags[r.flags] |
				bit(r.serves&affBit == 0, koAffiliation) |
				bit(svcMask&^r.services != 0, koService) |
				bit(sp.modeFail[r.modes]&offered != 0, koDialingMode) |
				bit(offered&^r.rated != 0, koNoRate) |
				bit(int64(r.wageFloor) < minWage, koWageFloor) // undeclared floors are in koFlags
			if r.flags&rowIrregular == 0 && max(start, asOf.AddDays(int(r.rampUp))) != start {
				special = append(special, int32(b))
			}
		}
		nLate := len(special)
		if bookOff != nil || cols.irregular {
			for b := range size {
				if i := base + b; rows[i].flags&rowIrregular != 0 || bookOff != nil && bookOff[i] != bookOff[i+1] {
					special = append(special, int32(b))
				}
			}
		}
		nSpecial := len(special)
		sp.windowMin(wkb, base)
		limit := sp.weekLimits
		for b, w := range wkb {
			kob[b] |= bit(uint32(w) < limit[keyb[b]], koCapacity)
		}
		for j, col := range sp.langs {
			limit := sp.langLimits[j]
			for b, s := range col[base : base+len(kob)] {
				t := limit[keyb[b]]
				kob[b] |= bit(s != 0, koCapacity)&bit(uint32(s) < t, koCapacity) | bit(s == 0, koLanguage)
			}
		}
		if len(pl.certs) > 0 {
			for b := range kob {
				kob[b] |= pl.screenCerts(c, base+b, &rows[base+b])
			}
		}
		utils = pl.settle(c, sp, base, kob, wkb, special[:nLate], special[nLate:nSpecial], utils[:0])
		for b, k := range kob {
			kos[base+b] = k
			sc.add(k)
			if k == 0 {
				sc.surv = append(sc.surv, screened{int32(base + b), sp.util(base+b, rows[base+b], wkb[b], utils)})
			}
		}
	}
	return sc
}

// settle decides what the passes over a block could not: late vendors
// keep every knockout but the two their calling days decide; irregular
// ones are evaluated; those with bookings are short of free seats only if
// not of declared ones, which evaluate's slow path decides. It appends
// the utils of the last two kinds (by block offset) to utils.
func (pl *plan) settle(c *Catalog, sp *screenPlan, base int, kob, wkb []uint16, late, other []int32, utils []screened) []screened {
	rows := c.cols.rows
	for _, b := range late {
		i := base + int(b)
		cs := max(pl.start, pl.asOf.AddDays(int(rows[i].rampUp)))
		wkb[b] = sp.minWeek(i, cs)
		l := pl.loadOf(c.cols.loads[rows[i].load], cs)
		kob[b] = kob[b]&^(1<<koRampUp|1<<koCapacity) | sp.lateCapacity(i, l, wkb[b])
	}
	for _, b := range other {
		i := base + int(b)
		p := &c.profiles[i]
		if rows[i].flags&rowIrregular != 0 {
			ko, util := pl.evaluate(c, i, p)
			kob[b] = ko
			utils = append(utils, screened{b, util})
			continue
		}
		if kob[b]&(1<<koCapacity) != 0 {
			continue
		}
		if l := pl.load(p); l.sized() && (kob[b] == 0 || pl.mayBeShort(c, i, p, l)) {
			short, util := pl.bookedCapacity(c, i, p, l, int32(wkb[b]))
			kob[b] |= bit(short, koCapacity)
			utils = append(utils, screened{b, util})
		}
	}
	return utils
}

// lateCapacity is the ramp-up and capacity knockouts of vendor i with
// load l, whose fewest seats in a week it calls is wk, decided as
// evaluate does: the bits the passes decided as if it called from
// start_date.
func (sp *screenPlan) lateCapacity(i int, l load, wk uint16) uint16 {
	ko := bit(l.days <= 0, koRampUp)
	if !l.sized() {
		return ko | bit(l.days > 0 && l.hpd <= 0, koCapacity)
	}
	short := bit(float64(wk) < l.seats, koCapacity)
	for j, lg := range sp.pl.langs {
		s := sp.langs[j][i]
		short |= bit(s != 0, koCapacity) & bit(float64(s) < l.seats*lg.share, koCapacity)
	}
	return ko | short
}

// bit is 1<<k when b holds.
func bit(b bool, k int) uint16 {
	var x uint16
	if b {
		x = 1
	}
	return x << k
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
