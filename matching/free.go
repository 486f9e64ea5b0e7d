package matching

import (
	"cmp"
	"slices"

	"callmatch"
	"callmatch/catalog"
)

// bookings index the seats engagements hold, by vendor: vendor i's at
// booked[bookOff[i]:bookOff[i+1]], sorted by week, then language. Seats
// are kept in tenths so that sums are exact (Book rounds up to a tenth).
type bookings struct {
	booked  []bookedSeats
	bookOff []uint32 // nil: no vendor has bookings, and matching never looks
	// intakes numbers the intakes that hold bookings, so that a match can
	// leave its own out (Options.IntakeID) comparing integers; 0 is a
	// booking that names no intake, which is never anyone's own.
	intakes map[string]int32
}

// bookedSeats is one intake's booking of one vendor-week-language.
type bookedSeats struct {
	week   callmatch.Date // a Monday
	tenths int32
	intake int32 // Catalog.intakes
	lang   uint16
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

// scanBookings reads vendor i's bookings in the weeks of [from, to], other
// than those of the match's own intake: the booked week with the fewest
// free seats (ok false when no week is booked), and into pl.peaks, per
// requested language, the week most booked in it. It allocates nothing.
func (pl *plan) scanBookings(c *Catalog, i int, p *profile, from, to callmatch.Date) (tight bookedWeek, ok bool) {
	clear(pl.peaks)
	bs := c.bookedIn(i, catalog.WeekStart(from), catalog.WeekStart(to))
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
			for j, lg := range pl.langs {
				if lg.code == lang && inLang > pl.peaks[j].booked {
					pl.peaks[j] = langPeak{week, inLang}
				}
			}
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
