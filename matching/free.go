package matching

import (
	"cmp"
	"math"
	"slices"
	"strconv"

	"callmatch"
	"callmatch/catalog"
)

// bookings index the seats engagements hold, by vendor. Seats are kept
// in tenths so that sums are exact (Book rounds up to a tenth).
type bookings struct {
	// booked is every booking, vendor i's at booked[bookOff[i]:bookOff[i+1]],
	// sorted by week, then language.
	booked  []bookedSeats
	bookOff []uint32 // nil: no vendor has bookings, and matching never looks
	// The same summed over intakes, which is what a match reads: vendor
	// i's weeks at weekSum[weekOff[i]:weekOff[i+1]] (with their declared
	// seats) and its weeks' languages at langSum[langOff[i]:langOff[i+1]].
	weekSum []weekBooked
	langSum []langBooked
	weekOff []uint32
	langOff []uint32
	// intakes numbers the intakes that hold bookings, so that a match can
	// leave its own out (Options.IntakeID) comparing integers; 0 is a
	// booking that names no intake, which is never anyone's own. byIntake
	// holds each one's bookings, by vendor.
	intakes  map[string]int32
	byIntake [][]intakeBooked
	// Bounds over every week, whatever the window: the fewest free seats
	// of any booked week (tenths, by vendor), and the most seats of each
	// declared language booked in any week (tenths, parallel to langs). A
	// vendor excluded for another reason and not short even by these needs
	// no scan of its weeks (mayBeShort).
	minFree []int64
	peakAll []int64
}

// bookedSeats is one intake's booking of one vendor-week-language.
type bookedSeats struct {
	week   callmatch.Date // a Monday
	tenths int32
	intake int32 // Catalog.intakes
	lang   uint16
}

// weekBooked is the seats booked at a vendor in one week, all languages
// and intakes, beside the seats it declares for that week.
type weekBooked struct {
	week     callmatch.Date
	declared int32
	tenths   int64
}

// langBooked is the seats booked at a vendor in one week and language.
type langBooked struct {
	week   callmatch.Date
	tenths int64
	lang   uint16
}

// intakeBooked is a booking of one intake, by vendor index.
type intakeBooked struct {
	vendor int32
	bookedSeats
}

// index builds the bookings from raw, sorted by vendor (vendorOf), week
// and language.
func (c *Catalog) index(raw []bookedSeats, vendorOf []int32) {
	n := len(c.profiles)
	c.booked = raw
	c.bookOff, c.weekOff, c.langOff = make([]uint32, n+1), make([]uint32, n+1), make([]uint32, n+1)
	c.byIntake = make([][]intakeBooked, len(c.intakes))
	c.minFree, c.peakAll = make([]int64, n), make([]int64, len(c.langs))
	k := 0
	for i := range c.profiles {
		c.bookOff[i], c.weekOff[i], c.langOff[i] = uint32(k), uint32(len(c.weekSum)), uint32(len(c.langSum))
		for k < len(raw) && vendorOf[k] == int32(i) {
			b := raw[k]
			c.byIntake[b.intake] = append(c.byIntake[b.intake], intakeBooked{int32(i), b})
			if w := len(c.weekSum) - 1; w >= int(c.weekOff[i]) && c.weekSum[w].week == b.week {
				c.weekSum[w].tenths += int64(b.tenths)
			} else {
				c.weekSum = append(c.weekSum, weekBooked{b.week, c.weekSeats(&c.profiles[i], b.week), int64(b.tenths)})
			}
			if l := len(c.langSum) - 1; l >= int(c.langOff[i]) && c.langSum[l].week == b.week && c.langSum[l].lang == b.lang {
				c.langSum[l].tenths += int64(b.tenths)
			} else {
				c.langSum = append(c.langSum, langBooked{b.week, int64(b.tenths), b.lang})
			}
			k++
		}
	}
	c.bookOff[n], c.weekOff[n], c.langOff[n] = uint32(k), uint32(len(c.weekSum)), uint32(len(c.langSum))
	for i := range c.profiles {
		p := &c.profiles[i]
		c.minFree[i] = math.MaxInt64
		for _, w := range c.weekSum[c.weekOff[i]:c.weekOff[i+1]] {
			c.minFree[i] = min(c.minFree[i], int64(w.declared)*10-w.tenths)
		}
		for _, l := range c.langSum[c.langOff[i]:c.langOff[i+1]] {
			if k := c.langIndex(p, l.lang); k >= 0 {
				c.peakAll[k] = max(c.peakAll[k], l.tenths)
			}
		}
	}
}

// mayBeShort reports whether vendor i, which has bookings, could be short
// of free seats for load l, judging by the bounds over every week. false
// is certain; true needs the scan of the window's weeks.
func (pl *plan) mayBeShort(c *Catalog, i int, p *profile, l load) bool {
	if float64(c.minFree[i])/10 < l.seats || float64(c.minWeekSeats(p, l.callStart, pl.end-1)) < l.seats {
		return true
	}
	for _, lg := range pl.langs {
		if k := c.langIndex(p, lg.code); k >= 0 && float64(int64(c.langs[k].seats)*10-c.peakAll[k])/10 < l.seats*lg.share {
			return true
		}
	}
	return false
}

// noIntake is the index of an intake that holds no booking.
const noIntake = -1

// hasBookings reports whether vendor i has bookings; a match takes the
// slow path for those vendors only.
func (c *Catalog) hasBookings(i int) bool {
	return c.bookOff != nil && c.bookOff[i] != c.bookOff[i+1]
}

// bookedIn returns vendor i's bookings in the weeks from first to last.
func (c *Catalog) bookedIn(i int, first, last callmatch.Date) []bookedSeats {
	if !c.hasBookings(i) {
		return nil
	}
	bs := c.booked[c.bookOff[i]:c.bookOff[i+1]]
	lo, _ := slices.BinarySearchFunc(bs, first, func(b bookedSeats, w callmatch.Date) int { return cmp.Compare(b.week, w) })
	hi := lo
	for hi < len(bs) && bs[hi].week <= last {
		hi++
	}
	return bs[lo:hi]
}

// intakeIndex is the index of intake id among the bookings, or noIntake.
func (c *Catalog) intakeIndex(id string) int32 {
	if k, ok := c.intakes[id]; ok && id != "" {
		return k
	}
	return noIntake
}

// weekSeats returns the seats declared for week (a Monday): the calendar's,
// or the sum of site seats when the calendar does not list it.
func (c *Catalog) weekSeats(p *profile, week callmatch.Date) int32 {
	ws := c.weeks[p.weekOff : p.weekOff+uint32(p.weekLen)]
	if k, ok := slices.BinarySearchFunc(ws, week, func(w weekSeats, d callmatch.Date) int { return cmp.Compare(w.week, d) }); ok {
		return ws[k].seats
	}
	return p.totalSeats
}

// bookedWeek is the week of a vendor's bookings whose free seats are
// fewest, with its declared and booked seats (tenths).
type bookedWeek struct {
	week     callmatch.Date
	declared int32
	booked   int64
}

func (w bookedWeek) free() float64 { return float64(int64(w.declared)*10-w.booked) / 10 }

// langPeak is the most seats of one requested language booked in any one
// week of the window (tenths), and the first week booked that much.
type langPeak struct {
	week   callmatch.Date
	booked int64
}

// peak records inLang tenths of language lang booked in week.
func (pl *plan) peak(week callmatch.Date, lang uint16, inLang int64) {
	for j, lg := range pl.langs {
		if lg.code == lang && inLang > pl.peaks[j].booked {
			pl.peaks[j] = langPeak{week, inLang}
		}
	}
}

// scanBookings reads vendor i's bookings in the weeks of [from, to], other
// than those of the match's own intake: the booked week with the fewest
// free seats (ok false when no week is booked), and into pl.peaks, per
// requested language, the week most booked in it. It allocates nothing.
// It reads the sums over intakes, unless the match's own intake has
// bookings at the vendor: then the bookings one by one.
func (pl *plan) scanBookings(c *Catalog, i int, p *profile, from, to callmatch.Date) (tight bookedWeek, ok bool) {
	clear(pl.peaks)
	if !c.hasBookings(i) {
		return tight, false
	}
	first, last := catalog.WeekStart(from), catalog.WeekStart(to)
	if pl.ownAt(i) {
		return pl.scanOwn(c, i, p, first, last)
	}
	for _, w := range c.weekSum[c.weekOff[i]:c.weekOff[i+1]] {
		if w.week < first {
			continue
		}
		if w.week > last {
			break
		}
		if b := (bookedWeek{w.week, w.declared, w.tenths}); !ok || b.free() < tight.free() {
			tight, ok = b, true
		}
	}
	for _, l := range c.langSum[c.langOff[i]:c.langOff[i+1]] {
		if l.week < first {
			continue
		}
		if l.week > last {
			break
		}
		pl.peak(l.week, l.lang, l.tenths)
	}
	return tight, ok
}

// ownAt reports whether the match's own intake has bookings at vendor i.
func (pl *plan) ownAt(i int) bool {
	if len(pl.ownBooked) == 0 {
		return false
	}
	_, found := slices.BinarySearchFunc(pl.ownBooked, int32(i), func(b intakeBooked, v int32) int { return cmp.Compare(b.vendor, v) })
	return found
}

// scanOwn is scanBookings over the bookings one by one, leaving the own
// intake's out.
func (pl *plan) scanOwn(c *Catalog, i int, p *profile, first, last callmatch.Date) (tight bookedWeek, ok bool) {
	bs := c.bookedIn(i, first, last)
	for k := 0; k < len(bs); {
		week := bs[k].week
		var total int64
		for k < len(bs) && bs[k].week == week {
			lang := bs[k].lang
			var inLang int64
			for ; k < len(bs) && bs[k].week == week && bs[k].lang == lang; k++ {
				if bs[k].intake != pl.own {
					inLang += int64(bs[k].tenths)
				}
			}
			total += inLang
			pl.peak(week, lang, inLang)
		}
		if total == 0 {
			continue
		}
		w := bookedWeek{week, c.weekSeats(p, week), total}
		if !ok || w.free() < tight.free() {
			tight, ok = w, true
		}
	}
	return tight, ok
}

// bookedCapacity is evaluate's capacity check for a vendor with bookings:
// free seats of every week of the calling window, and free seats of each
// language in every week. It reports whether the vendor is short and the
// program's share of its tightest week or language, deciding exactly as
// the check for a vendor without bookings does when none count.
func (pl *plan) bookedCapacity(c *Catalog, i int, p *profile, l load) (short bool, util float64) {
	tight, booked := pl.scanBookings(c, i, p, l.callStart, pl.end-1)
	for j, lg := range pl.langs {
		seats := c.seatsIn(p, lg.code)
		if seats <= 0 {
			continue // language_not_covered
		}
		free := float64(int64(seats)*10-pl.peaks[j].booked) / 10
		need := l.seats * lg.share
		if free < need {
			short = true
		}
		util = max(util, need/free)
	}
	free := float64(c.minWeekSeats(p, l.callStart, pl.end-1))
	if booked {
		free = min(free, tight.free())
	}
	if free < l.seats {
		return true, util
	}
	return short, max(util, l.seats/free)
}

// seatsDetail explains language_not_covered and insufficient_capacity:
// free seats where the vendor has bookings, declared seats elsewhere.
func (e *explainer) seatsDetail(k, i int, p *profile) {
	pl, c := e.pl, e.c
	l := pl.load(p)
	booked, tight := false, bookedWeek{}
	if k == koCapacity && l.sized() {
		tight, booked = pl.scanBookings(c, i, p, l.callStart, pl.end-1)
	}
	for j, lg := range pl.langs {
		seats := c.seatsIn(p, lg.code)
		name := catalog.LanguageName(lg.str)
		switch {
		case k == koLanguage && seats <= 0:
			e.sep()
			e.str("no ")
			e.str(name)
			e.str(" seats")
			if l.sized() {
				e.str("; needs ")
				e.seats(l.seats * lg.share)
			}
		case k == koCapacity && seats > 0 && l.sized():
			need, peak := l.seats*lg.share, pl.peaks[j]
			if float64(int64(seats)*10-peak.booked)/10 >= need {
				continue
			}
			e.sep()
			if peak.booked == 0 {
				e.str("only ")
				e.int(int(seats))
				e.str(" ")
				e.str(name)
				e.str(plural(int(seats), " seat", " seats"))
			} else {
				e.bookedWeek(bookedWeek{peak.week, seats, peak.booked}, name+" ")
			}
			e.str("; needs ")
			e.seats(need)
		}
	}
	if k != koCapacity {
		return
	}
	if l.days > 0 && l.hpd <= 0 {
		e.sep()
		e.str("no calling hours per day")
	}
	if !l.sized() {
		return
	}
	wk, week := c.tightestWeek(p, l.callStart, pl.end-1)
	switch {
	case booked && (tight.free() < float64(wk) || tight.free() == float64(wk) && tight.week < week):
		if tight.free() < l.seats {
			e.sep()
			e.bookedWeek(tight, "")
			e.str("; needs ")
			e.seats(l.seats)
		}
	case float64(wk) < l.seats:
		e.sep()
		e.str("week of ")
		e.date(week)
		e.str(": ")
		e.int(int(wk))
		e.str(plural(int(wk), " seat", " seats"))
		e.str(" bookable; needs ")
		e.seats(l.seats)
	}
}

// bookedWeek writes "week of 2026-10-19: 80 seats declared, 62.5 booked,
// 17.5 free", with what (a language's name and a space) before "seats".
func (e *explainer) bookedWeek(w bookedWeek, what string) {
	e.str("week of ")
	e.date(w.week)
	e.str(": ")
	e.int(int(w.declared))
	e.str(" ")
	e.str(what)
	e.str(plural(int(w.declared), "seat", "seats"))
	e.str(" declared, ")
	e.tenths(w.booked)
	e.str(" booked, ")
	e.tenths(max(int64(w.declared)*10-w.booked, 0))
	e.str(" free")
}

// tenths writes a count of tenths of a seat: 625 is "62.5", 600 is "60".
func (e *explainer) tenths(n int64) {
	e.buf = strconv.AppendInt(e.buf, n/10, 10)
	if n%10 != 0 {
		e.buf = append(e.buf, '.', byte('0'+n%10))
	}
}
