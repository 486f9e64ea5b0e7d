package matching

import (
	"math"
	"sync"

	"callmatch"
	"callmatch/catalog"
)

// Dialing modes by their catalog.DialingModes index.
const (
	modeManual = iota
	modeClickToDial
	modePreview
	modePredictive
	modePrerecorded
	modeP2PSMS
	numModes
)

// numServices bounds per-service arrays; catalog.Services has 11 codes and
// service bits are uint16.
const numServices = 16

// Catalog is an immutable snapshot of vendors prepared for matching: what
// does not depend on an intake (bitsets of codes, seats per language and
// week, verified certifications, rates) is computed once here so a match
// only walks flat arrays. It is safe for concurrent use.
type Catalog struct {
	vendors
	// bookings are the seats engagements hold (WithBookings); a snapshot
	// with bookings shares its vendors with the one it was made from.
	bookings
	// tracks are the verified figures of vendors with a track record
	// (WithTrackRecords), shared like vendors by the snapshots made from it.
	tracks tracks
	// holds are the seats open quotes commit, tentatively (WithHolds):
	// warnings, never knockouts.
	holds
	pool sync.Pool // *[]uint16 of len(profiles): knockouts of one match
}

// vendors is the compiled catalog proper, shared by every snapshot made
// from it by WithBookings.
type vendors struct {
	version string
	// profiles are sorted by name, then id, which is the order of the
	// excluded list: a match never sorts the catalog. Everything else is
	// by profile index. The catalog keeps no vendor struct: what results
	// and explanations show is copied into it when it is built.
	profiles []profile
	// text is every vendor's id and name back to back: vendor i's id is
	// text[textOff[2i]:textOff[2i+1]] and its name runs on to
	// textOff[2i+2]. One string instead of two per vendor keeps a large
	// catalog to a handful of allocations and gives the collector nothing
	// to trace. Results share these strings: a result kept past a reload
	// keeps its catalog's text alive, though nothing else of it.
	text    string
	textOff []uint32
	langs   []langSeats
	weeks   []weekSeats
	certs   []certTerm
	rates   []rateTerm
	// sites holds each vendor's seats in US states, vendor i's at
	// sites[siteOff[i]:siteOff[i+1]]: only shortlisted vendors read it
	// (local employment), so the offsets stay out of the hot profile.
	sites   []stateSeats
	siteOff []uint32

	// offshore holds "sites outside the US: …" for offshore vendors, by
	// index: it depends on the vendor alone.
	offshore map[int32]string
	// statuses holds the status of vendors whose status is no catalog code
	// (profile.status is statusUnknown), for explanations.
	statuses map[int32]string

	// cols are the knockout facts by fact, which the screen reads.
	cols columns
}

// profile is one vendor's intake-independent facts, kept small because the
// hot loop reads one per vendor. Variable-length facts live in the
// catalog's arenas at [off, off+len).
type profile struct {
	hoursPerDay float64
	qa          float64
	contactRate float64
	states      uint64 // state_experience, bit catalog.States.Index
	langOff     uint32
	weekOff     uint32
	certOff     uint32
	rateOff     uint32
	totalSeats  int32
	rampUp      int32
	langLen     uint16
	weekLen     uint16
	certLen     uint16
	rateLen     uint16
	services    uint16 // bit catalog.Services.Index
	rated       uint16 // services with a rate
	issues      uint16 // issue_experience, bit catalog.IssueAreas.Index
	audiences   uint16 // audience_experience, bit catalog.Audiences.Index
	wageFloor   uint16 // labor.agent_wage_floor_cents, capped; see flagWageDeclared
	serves      uint8  // bit catalog.Affiliations.Index
	modes       uint8  // bit catalog.DialingModes.Index
	certKinds   uint8  // kinds with at least one verified certification
	flags       uint8
	status      uint8 // catalog.VendorStatuses.Index, or statusUnknown
}

const statusUnknown = 255

const (
	flagActive uint8 = 1 << iota
	flagUnion
	flagOffshore
	flagAgainstIncumbents
	flagVerifiedMetrics
	flagWageDeclared // the vendor declares labor.agent_wage_floor_cents
)

// maxWageFloor caps a declared wage floor in the profile. Any floor that
// high meets every requirement (at most MaxAgentWageCents), so the cap
// changes no answer.
const maxWageFloor = math.MaxUint16

// stateSeats is a vendor's seats in one US state, summed over its sites.
type stateSeats struct {
	state uint8 // catalog.States.Index
	seats int32
}

type langSeats struct {
	code  uint16 // catalog.Languages.Index
	seats int32
}

type weekSeats struct {
	week  callmatch.Date // a Monday
	seats int32
}

type certTerm struct {
	kind            uint8
	verified        bool
	rejected        bool
	issued, expires callmatch.Date
}

type rateTerm struct {
	service uint8
	model   uint8
	amount  int64
	minimum int64
}

// Pricing models by their catalog.PricingModels index.
const (
	pricePerAgentHour = iota
	pricePerContact
	pricePerComplete
	pricePerMessage
)

// NewCatalog prepares vendors for matching. Vendors should have passed
// Validate; codes it does not know are ignored rather than trusted, and nil
// entries are skipped. version identifies the snapshot in results. The
// catalog keeps no reference to vendors.
func NewCatalog(vendors []*catalog.Vendor, version string) *Catalog {
	b := NewCatalogBuilder(version)
	b.Grow(len(vendors))
	for _, v := range vendors {
		b.Add(v)
	}
	return b.Catalog()
}

func (c *Catalog) scratch(n int) *[]uint16 {
	if s, ok := c.pool.Get().(*[]uint16); ok && len(*s) == n {
		return s
	}
	s := make([]uint16, n)
	return &s
}

func (c *Catalog) release(s *[]uint16) { c.pool.Put(s) }

// Version is the snapshot version given to NewCatalog or NewCatalogBuilder,
// or to Stamped.
func (c *Catalog) Version() string { return c.version }

// Stamped returns the same snapshot under version v. A snapshot whose
// bookings were reloaded without recompiling its vendors is another input
// to a shortlist than the one it came from, and a shortlist records the
// version of what produced it.
func (c *Catalog) Stamped(v string) *Catalog {
	nc := &Catalog{vendors: c.vendors, bookings: c.bookings, tracks: c.tracks, holds: c.holds}
	nc.version = v
	return nc
}

// Len is the number of vendors.
func (c *Catalog) Len() int { return len(c.profiles) }

// id and name return vendor i's; they are substrings of c.text, so they
// cost no allocation.
func (c *Catalog) id(i int) string   { return c.text[c.textOff[2*i]:c.textOff[2*i+1]] }
func (c *Catalog) name(i int) string { return c.text[c.textOff[2*i+1]:c.textOff[2*i+2]] }

// status returns vendor i's status as the vendor gave it.
func (c *Catalog) status(i int, p *profile) string {
	if p.status == statusUnknown {
		return c.statuses[int32(i)]
	}
	return catalog.VendorStatuses[p.status]
}

// codeBits sets bit Index(code) for every known code.
func codeBits(codes []string, allowed catalog.Codes) uint64 {
	var b uint64
	for _, code := range codes {
		if i := allowed.Index(code); i >= 0 && i < 64 {
			b |= 1 << i
		}
	}
	return b
}

func clampInt32(n int) int32 {
	return int32(max(min(n, math.MaxInt32), math.MinInt32))
}

// seatsIn returns the vendor's seats in language index code.
func (c *Catalog) seatsIn(p *profile, code uint16) int32 {
	for _, l := range c.langs[p.langOff : p.langOff+uint32(p.langLen)] {
		if l.code == code {
			return l.seats
		}
	}
	return 0
}

// langIndex returns the index in c.langs of the vendor's seats in
// language index code, or -1.
func (c *Catalog) langIndex(p *profile, code uint16) int {
	for k := p.langOff; k < p.langOff+uint32(p.langLen); k++ {
		if c.langs[k].code == code {
			return int(k)
		}
	}
	return -1
}

// freeSeats returns vendor i's free seats in week (a Monday): the week's
// declared seats less every booking of it, and the seats of language
// index lang (catalog.Languages) less its bookings of that language. The
// bookings of intake own never count (MARKETPLACE.md §1). Neither is
// below 0: a vendor that lowered its calendar under its bookings has none
// free. Seats are in tenths.
func (c *Catalog) freeSeats(i int, week callmatch.Date, lang uint16, own string) (total, inLang float64) {
	p := &c.profiles[i]
	o := c.intakeIndex(own)
	var all, inL int64
	for _, b := range c.bookedIn(i, week, week) {
		if b.intake != o {
			all += int64(b.tenths)
			if b.lang == lang {
				inL += int64(b.tenths)
			}
		}
	}
	total = float64(max(int64(c.weekSeats(p, week))*10-all, 0)) / 10
	inLang = float64(max(int64(c.seatsIn(p, lang))*10-inL, 0)) / 10
	return total, inLang
}

// minWeekSeats returns the fewest seats bookable in any week that overlaps
// [from, to]. A week absent from the calendar has the sum of site seats.
func (c *Catalog) minWeekSeats(p *profile, from, to callmatch.Date) int32 {
	seats, _ := c.tightestWeek(p, from, to)
	return seats
}

// tightestWeek is minWeekSeats with the Monday of the first week that has
// that few seats, for explanations. It reads the calendar's weeks in the
// window, never every week of the window: a window of years costs what a
// window of weeks does.
func (c *Catalog) tightestWeek(p *profile, from, to callmatch.Date) (int32, callmatch.Date) {
	first, last := catalog.WeekStart(from), catalog.WeekStart(to)
	ws := c.weeks[p.weekOff : p.weekOff+uint32(p.weekLen)]
	// Calendars can list a whole season or two; skip to the window.
	lo, hi := 0, len(ws)
	for lo < hi {
		if mid := int(uint(lo+hi) >> 1); ws[mid].week < first {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	best, bestWeek := int32(math.MaxInt32), first
	unlisted := first // the first week the calendar does not list
	for _, w := range ws[lo:] {
		if w.week > last {
			break
		}
		if w.seats < best {
			best, bestWeek = w.seats, w.week
		}
		if w.week == unlisted {
			unlisted += 7
		}
	}
	if unlisted <= last && (p.totalSeats < best || p.totalSeats == best && unlisted < bestWeek) {
		best, bestWeek = p.totalSeats, unlisted
	}
	return best, bestWeek
}

// rate returns the vendor's rate for service index s.
func (c *Catalog) rate(p *profile, s int) (rateTerm, bool) {
	for _, r := range c.rates[p.rateOff : p.rateOff+uint32(p.rateLen)] {
		if int(r.service) == s {
			return r, true
		}
	}
	return rateTerm{}, false
}

// localSeats is vendor i's seats at its US sites in the states of mask
// (local employment).
func (c *Catalog) localSeats(i int, mask uint64) int {
	n := 0
	for _, s := range c.sites[c.siteOff[i]:c.siteOff[i+1]] {
		if mask&(1<<s.state) != 0 {
			n += int(s.seats)
		}
	}
	return n
}
