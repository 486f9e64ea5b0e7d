package matching

import (
	"cmp"
	"math"
	"slices"
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
	version string
	// vendors and profiles are parallel and sorted by name, then id, which
	// is the order of the excluded list: a match never sorts the catalog.
	vendors  []*catalog.Vendor
	profiles []profile
	ids      []string // vendors[i].ID and .Name, kept apart so that listing
	names    []string // thousands of excluded vendors touches no vendor struct
	langs    []langSeats
	weeks    []weekSeats
	certs    []certTerm
	rates    []rateTerm

	// offshore holds "sites outside the US: …" for offshore vendors, by
	// index: it depends on the vendor alone.
	offshore map[int32]string

	pool sync.Pool // *[]uint16 of len(profiles): knockouts of one match
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
)

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
// entries are skipped. version identifies the snapshot in results.
func NewCatalog(vendors []*catalog.Vendor, version string) *Catalog {
	vs := make([]*catalog.Vendor, 0, len(vendors))
	for _, v := range vendors {
		if v != nil {
			vs = append(vs, v)
		}
	}
	slices.SortStableFunc(vs, func(a, b *catalog.Vendor) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
	c := &Catalog{version: version, vendors: vs, profiles: make([]profile, len(vs)),
		ids: make([]string, len(vs)), names: make([]string, len(vs)), offshore: map[int32]string{}}
	for i, v := range vs {
		c.profiles[i] = c.compile(v)
		c.ids[i], c.names[i] = v.ID, v.Name
		if v.Offshore() {
			c.offshore[int32(i)] = offshoreDetail(v)
		}
	}
	return c
}

func (c *Catalog) scratch(n int) *[]uint16 {
	if s, ok := c.pool.Get().(*[]uint16); ok && len(*s) == n {
		return s
	}
	s := make([]uint16, n)
	return &s
}

func (c *Catalog) release(s *[]uint16) { c.pool.Put(s) }

// Version is the snapshot version given to NewCatalog.
func (c *Catalog) Version() string { return c.version }

// Len is the number of vendors.
func (c *Catalog) Len() int { return len(c.vendors) }

func (c *Catalog) compile(v *catalog.Vendor) profile {
	p := profile{
		hoursPerDay: v.Capacity.HoursPerDay,
		qa:          v.Metrics.QAScore,
		contactRate: v.Metrics.ContactRate,
		totalSeats:  clampInt32(v.TotalSeats()),
		rampUp:      clampInt32(v.Capacity.RampUpDays),
		services:    uint16(codeBits(v.Services, catalog.Services)),
		serves:      uint8(codeBits(v.Serves, catalog.Affiliations)),
		modes:       uint8(codeBits(v.DialingModes, catalog.DialingModes)),
		states:      codeBits(v.StateExperience, catalog.States),
	}
	p.status = statusUnknown
	if i := catalog.VendorStatuses.Index(v.Status); i >= 0 {
		p.status = uint8(i)
	}
	if v.Status == catalog.StatusActive {
		p.flags |= flagActive
	}
	if v.UnionShop {
		p.flags |= flagUnion
	}
	if v.Offshore() {
		p.flags |= flagOffshore
	}
	if v.WorksAgainstIncumbents {
		p.flags |= flagAgainstIncumbents
	}
	if v.Metrics.Verified {
		p.flags |= flagVerifiedMetrics
	}

	p.langOff = uint32(len(c.langs))
	for _, l := range v.Languages {
		if i := catalog.Languages.Index(l.Code); i >= 0 && len(c.langs)-int(p.langOff) < math.MaxUint16 {
			c.langs = append(c.langs, langSeats{uint16(i), clampInt32(l.Seats)})
		}
	}
	p.langLen = uint16(len(c.langs) - int(p.langOff))

	p.weekOff = uint32(len(c.weeks))
	for _, w := range v.Capacity.Calendar {
		if len(c.weeks)-int(p.weekOff) < math.MaxUint16 {
			c.weeks = append(c.weeks, weekSeats{catalog.WeekStart(w.WeekStart), clampInt32(w.SeatsAvailable)})
		}
	}
	p.weekLen = uint16(len(c.weeks) - int(p.weekOff))
	// Sorted weeks let a match stop scanning past the window's end.
	slices.SortFunc(c.weeks[p.weekOff:], func(a, b weekSeats) int { return cmp.Compare(a.week, b.week) })

	p.certOff = uint32(len(c.certs))
	for _, ct := range v.Certifications {
		k := catalog.CertificationKinds.Index(ct.Kind)
		if k >= 0 && len(c.certs)-int(p.certOff) < math.MaxUint16 {
			verified := ct.Status == catalog.CertVerified
			c.certs = append(c.certs, certTerm{uint8(k), verified, ct.Status == catalog.CertRejected, ct.IssuedOn, ct.ExpiresOn})
			if verified {
				p.certKinds |= 1 << k
			}
		}
	}
	p.certLen = uint16(len(c.certs) - int(p.certOff))

	p.rateOff = uint32(len(c.rates))
	for _, r := range v.Rates {
		s, m := catalog.Services.Index(r.Service), catalog.PricingModels.Index(r.Model)
		if s >= 0 && m >= 0 && r.AmountCents > 0 && p.rated&(1<<s) == 0 {
			c.rates = append(c.rates, rateTerm{uint8(s), uint8(m), r.AmountCents, max(r.MinimumCents, 0)})
			p.rated |= 1 << s
		}
	}
	p.rateLen = uint16(len(c.rates) - int(p.rateOff))
	return p
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

// langSeats returns the vendor's seats in language index code.
func (c *Catalog) seatsIn(p *profile, code uint16) int32 {
	for _, l := range c.langs[p.langOff : p.langOff+uint32(p.langLen)] {
		if l.code == code {
			return l.seats
		}
	}
	return 0
}

// minWeekSeats returns the fewest seats bookable in any week that overlaps
// [from, to]. A week absent from the calendar has the sum of site seats.
func (c *Catalog) minWeekSeats(p *profile, from, to callmatch.Date) int32 {
	first, last := catalog.WeekStart(from), catalog.WeekStart(to)
	nWeeks := int(last-first)/7 + 1
	best, listed := int32(math.MaxInt32), 0
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
	for _, w := range ws[lo:] {
		if w.week > last {
			break
		}
		listed++
		best = min(best, w.seats)
	}
	if listed < nWeeks {
		best = min(best, p.totalSeats)
	}
	return best
}

// tightestWeek is minWeekSeats with the Monday of the first week that has
// that few seats, for explanations.
func (c *Catalog) tightestWeek(p *profile, from, to callmatch.Date) (int32, callmatch.Date) {
	ws := c.weeks[p.weekOff : p.weekOff+uint32(p.weekLen)]
	best, bestWeek := int32(math.MaxInt32), catalog.WeekStart(from)
	k := 0
	for d := catalog.WeekStart(from); d <= catalog.WeekStart(to); d += 7 {
		for k < len(ws) && ws[k].week < d {
			k++
		}
		seats := p.totalSeats
		if k < len(ws) && ws[k].week == d {
			seats = ws[k].seats
		}
		if seats < best {
			best, bestWeek = seats, d
		}
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
