package matching

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"callmatch"
	"callmatch/catalog"
)

// Booking is seats an engagement holds at a vendor in one week and
// language (MARKETPLACE.md §1). Seats are a multiple of a tenth.
type Booking struct {
	VendorID  string         `json:"vendor_id"`
	IntakeID  string         `json:"intake_id,omitempty"` // empty in a bookings file that names none
	WeekStart callmatch.Date `json:"week_start"`          // a Monday
	Language  string         `json:"language"`
	Seats     float64        `json:"seats"`
}

// WithBookings returns a snapshot that shares c's vendors and counts bs
// against their seats. Bookings of vendors c does not hold are ignored.
// bs is the complete set: bookings c held before are replaced, not added
// to, so a watcher keeps one catalog without bookings and calls
// WithBookings on it whenever bookings change. A week_start that is not a
// Monday counts for its week; unknown languages and seats ≤ 0 are ignored.
// It costs one pass over the catalog's ids and a sort of bs.
func (c *Catalog) WithBookings(bs []Booking) *Catalog {
	nc := &Catalog{vendors: c.vendors, tracks: c.tracks, holds: c.holds}
	if len(bs) == 0 {
		return nc
	}
	at := c.indexOf(len(bs), func(k int) string { return bs[k].VendorID })
	// Entries sort by one key, vendor, week and language packed, which
	// is several times faster than comparing the three.
	type entry struct {
		key uint64
		bookedSeats
	}
	es := make([]entry, 0, len(bs))
	nc.intakes = map[string]int32{"": 0}
	langs := map[string]int{} // a few languages, looked up once each
	first := callmatch.Date(math.MaxInt32)
	for _, b := range bs {
		first = min(first, catalog.WeekStart(b.WeekStart))
	}
	for _, b := range bs {
		v := at[b.VendorID]
		lang, ok := langs[b.Language]
		if !ok {
			lang = catalog.Languages.Index(b.Language)
			langs[b.Language] = lang
		}
		tenths := tenthsUp(b.Seats)
		if v < 0 || lang < 0 || !(tenths >= 1) {
			continue
		}
		in, ok := nc.intakes[b.IntakeID]
		if !ok {
			in = int32(len(nc.intakes))
			nc.intakes[b.IntakeID] = in
		}
		week := catalog.WeekStart(b.WeekStart)
		key := uint64(v)<<40 | uint64(week-first)/7<<16 | uint64(lang)
		es = append(es, entry{key, bookedSeats{week, int32(min(tenths, math.MaxInt32)), in, uint16(lang)}})
	}
	slices.SortFunc(es, func(a, b entry) int { return cmp.Compare(a.key, b.key) })
	raw := make([]bookedSeats, len(es))
	vendorOf := make([]int32, len(es))
	for k, e := range es {
		raw[k], vendorOf[k] = e.bookedSeats, int32(e.key>>40)
	}
	nc.index(raw, vendorOf)
	return nc
}

// indexOf maps the n vendor ids id(0…n-1) to their profile indexes, -1
// for an id the catalog does not hold, in one pass over the catalog's ids.
func (c *Catalog) indexOf(n int, id func(k int) string) map[string]int32 {
	at := make(map[string]int32, n)
	for k := range n {
		at[id(k)] = -1
	}
	for i := range c.profiles {
		if k, ok := at[c.id(i)]; ok && k < 0 {
			at[c.id(i)] = int32(i)
		}
	}
	return at
}

// PartShare is a team-plan part's share of one week and language of the
// program; an engagement for a part books just those shares.
type PartShare struct {
	WeekStart callmatch.Date `json:"week_start"`
	Language  string         `json:"language"`
	Share     float64        `json:"share"`
}

// Book returns what an engagement of vendorID for req books: seats per
// week and language over the vendor's calling window, rounded up to a
// tenth. part nil books the whole program; otherwise only its shares.
// Errors are field errors (unknown vendor, a part week outside the
// program).
//
// The seats are those the capacity knockout checks: the vendor's own
// modes, hours per day and ramp-up (from opt.AsOf), the same seats every
// week that has calling days, split by language share; with part, share
// × those seats. Bookings come sorted by week, then language, and never
// hold 0 seats. opt.IntakeID is not needed: nothing here reads bookings.
func Book(c *Catalog, req Request, opt Options, intakeID, vendorID string, part []PartShare) ([]Booking, error) {
	var fe callmatch.FieldErrors
	pl := newPlan(req, opt, &fe)
	if err := fe.Err(); err != nil {
		return nil, err
	}
	i := -1
	if c != nil {
		for k := range c.profiles {
			if c.id(k) == vendorID {
				i = k
				break
			}
		}
	}
	if i < 0 {
		fe.Addf("vendor_id", "%q is not in the catalog", vendorID)
		return nil, fe.Err()
	}
	l := pl.load(&c.profiles[i])
	if !l.sized() || math.IsInf(l.seats, 1) {
		fe.Add("vendor_id", "the vendor has no calling day or no lawful dialing mode for this program, so it can book no seats")
		return nil, fe.Err()
	}
	first, last := catalog.WeekStart(l.callStart), catalog.WeekStart(pl.end-1)
	seats := func(lg planLang, share float64) float64 { return ceilTenth(l.seats * lg.share * share) }
	var out []Booking
	if part == nil {
		for w := first; w <= last; w += 7 {
			for _, lg := range pl.langs {
				if s := seats(lg, 1); s > 0 {
					out = append(out, Booking{vendorID, intakeID, w, lg.str, s})
				}
			}
		}
	} else {
		seen := map[PartShare]bool{}
		for k, ps := range part {
			f := fmt.Sprintf("part[%d]", k)
			j := slices.IndexFunc(pl.langs, func(lg planLang) bool { return lg.str == ps.Language })
			switch {
			case ps.WeekStart.Weekday() != 1:
				fe.Addf(f+".week_start", "%s is not a Monday", ps.WeekStart)
			case ps.WeekStart < first || ps.WeekStart > last:
				fe.Addf(f+".week_start", "%s is outside the vendor's calling weeks %s to %s", ps.WeekStart, first, last)
			case j < 0:
				fe.Addf(f+".language", "%q is not a language of the program", ps.Language)
			case !(ps.Share > 0 && ps.Share <= 1):
				fe.Add(f+".share", "must be more than 0 and at most 1")
			case seen[PartShare{ps.WeekStart, ps.Language, 0}]:
				fe.Addf(f, "%s %s is listed twice", ps.WeekStart, ps.Language)
			default:
				seen[PartShare{ps.WeekStart, ps.Language, 0}] = true
				// A part keeps the program's schedule: it books the seats
				// its team plan showed for the week (PlanTeam).
				if s := ceilTenth(pl.weekNeed(l, ps.WeekStart) * pl.langs[j].share * ps.Share); s > 0 {
					out = append(out, Booking{vendorID, intakeID, ps.WeekStart, ps.Language, s})
				}
			}
		}
		if err := fe.Err(); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(out, func(a, b Booking) int {
		return cmp.Or(cmp.Compare(a.WeekStart, b.WeekStart), cmp.Compare(a.Language, b.Language))
	})
	return out, nil
}

// Overbooking says that a booking does not fit: the week and language and
// the seats declared, already booked and free.
type Overbooking struct {
	WeekStart callmatch.Date
	Language  string // "" when the vendor's total seats of the week are short
	Declared  float64
	Booked    float64
	Free      float64
	Wanted    float64
}

// CheckFree decides, from the vendor as stored and its bookings by other
// intakes, whether want fits in its free seats: nil, or the first week
// and language that does not. It is what the store runs under the
// vendor's row lock, so that two engagements cannot both take the last
// seats.
//
// Weeks are checked in order; within a week each language (by code) and
// then the week's total. Sums are in tenths of a seat, so that booking
// exactly the free seats fits. Bookings of booked that belong to want's
// own intake are left out, should the caller pass them: an intake
// re-engaging replaces its bookings, it does not compete with them.
// Bookings of other vendors, in either list, are ignored.
func CheckFree(v *catalog.Vendor, booked []Booking, want []Booking) *Overbooking {
	type key struct {
		week callmatch.Date
		lang string // "" for the week's total
	}
	own := map[string]bool{}
	for _, b := range want {
		if b.IntakeID != "" {
			own[b.IntakeID] = true
		}
	}
	tenths := func(x float64) int64 { return int64(tenthsUp(x)) }
	held, wanted := map[key]int64{}, map[key]int64{}
	for _, b := range booked {
		if b.VendorID == v.ID && !own[b.IntakeID] {
			w := catalog.WeekStart(b.WeekStart)
			held[key{w, b.Language}] += tenths(b.Seats)
			held[key{w, ""}] += tenths(b.Seats)
		}
	}
	for _, b := range want {
		if b.VendorID == v.ID {
			w := catalog.WeekStart(b.WeekStart)
			wanted[key{w, b.Language}] += tenths(b.Seats)
			wanted[key{w, ""}] += tenths(b.Seats)
		}
	}
	keys := make([]key, 0, len(wanted))
	for k := range wanted {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b key) int {
		// Within a week the languages first, the total ("") last.
		return cmp.Or(cmp.Compare(a.week, b.week), cmp.Compare(isTotal(a.lang), isTotal(b.lang)), cmp.Compare(a.lang, b.lang))
	})
	for _, k := range keys {
		declared := v.WeekSeats(k.week)
		if k.lang != "" {
			declared = v.SeatsIn(k.lang)
		}
		if h, w := held[k], wanted[k]; h+w > int64(declared)*10 {
			return &Overbooking{WeekStart: k.week, Language: k.lang, Declared: float64(declared),
				Booked: float64(h) / 10, Free: float64(max(int64(declared)*10-h, 0)) / 10, Wanted: float64(w) / 10}
		}
	}
	return nil
}

func isTotal(lang string) int {
	if lang == "" {
		return 1
	}
	return 0
}
