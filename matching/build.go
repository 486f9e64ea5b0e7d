package matching

import (
	"bytes"
	"cmp"
	"math"
	"slices"
	"strings"

	"callmatch/catalog"
)

// CatalogBuilder compiles vendors into a Catalog one at a time and keeps
// nothing of them but the compiled form, so that a caller streaming a
// snapshot from storage never holds every vendor struct at once: each can
// be garbage as soon as Add returns. Use NewCatalogBuilder; a builder is
// not safe for concurrent use.
//
// Vendors are staged in the order they arrive, in fixed-size blocks:
// growing one large array per arena would copy it over and over and leave
// several times the catalog's size behind for the collector on every
// reload. Catalog sorts them and copies each arena once, to its exact size.
type CatalogBuilder struct {
	version  string
	profiles []profile
	text     [][]byte // blocks of ids, each followed by its name
	textLen  int
	textAt   []textRef
	langs    blocks[langSeats]
	weeks    blocks[weekSeats]
	certs    blocks[certTerm]
	rates    blocks[rateTerm]
	sites    blocks[stateSeats]
	siteAt   []span // each staged vendor's segment of sites
	offshore map[int32]string
	statuses map[int32]string
	// interned shares the strings many vendors have alike (offshore
	// details, unknown statuses).
	interned map[string]string

	// One vendor's variable-length facts, reused from vendor to vendor.
	langBuf []langSeats
	weekBuf []weekSeats
	certBuf []certTerm
	rateBuf []rateTerm
	siteBuf []stateSeats
}

// span is a segment of an arena.
type span struct{ off, n uint32 }

// textRef is where a staged vendor's id and name are: text[block][off:],
// length bytes of which the first idLen are the id.
type textRef struct{ block, off, idLen, length uint32 }

// textBlock is the size of a block of staged text, in bytes.
const textBlock = 64 << 10

// NewCatalogBuilder starts a catalog for snapshot version.
func NewCatalogBuilder(version string) *CatalogBuilder {
	return &CatalogBuilder{version: version, offshore: map[int32]string{},
		statuses: map[int32]string{}, interned: map[string]string{}}
}

// Grow makes room for n more vendors, for callers that know how many
// will come: the per-vendor arrays are then allocated once.
func (b *CatalogBuilder) Grow(n int) {
	b.profiles = slices.Grow(b.profiles, n)
	b.textAt = slices.Grow(b.textAt, n)
	b.siteAt = slices.Grow(b.siteAt, n)
}

// Len is the number of vendors added so far.
func (b *CatalogBuilder) Len() int { return len(b.profiles) }

// Add compiles v. Vendors should have passed Validate; codes the engine
// does not know are ignored rather than trusted, and nil is skipped. The
// builder keeps no reference to v or to anything v points to.
func (b *CatalogBuilder) Add(v *catalog.Vendor) {
	if v == nil {
		return
	}
	i := int32(len(b.profiles))
	p := b.compile(v)
	p.langOff, p.weekOff = uint32(b.langs.len()), uint32(b.weeks.len())
	p.certOff, p.rateOff = uint32(b.certs.len()), uint32(b.rates.len())
	b.langs.append(b.langBuf)
	b.weeks.append(b.weekBuf)
	b.certs.append(b.certBuf)
	b.rates.append(b.rateBuf)
	b.siteAt = append(b.siteAt, span{uint32(b.sites.len()), uint32(len(b.siteBuf))})
	b.sites.append(b.siteBuf)
	b.profiles = append(b.profiles, p)

	b.textAt = append(b.textAt, b.addText(v.ID, v.Name))

	if p.flags&flagOffshore != 0 {
		b.offshore[i] = b.intern(offshoreDetail(v))
	}
	if p.status == statusUnknown {
		b.statuses[i] = b.intern(v.Status)
	}
}

// addText copies id and name into one block, where sorting can compare
// them in place.
func (b *CatalogBuilder) addText(id, name string) textRef {
	k := len(id) + len(name)
	if last := len(b.text) - 1; last < 0 || cap(b.text[last])-len(b.text[last]) < k {
		b.text = append(b.text, make([]byte, 0, max(k, textBlock)))
	}
	last := &b.text[len(b.text)-1]
	t := textRef{uint32(len(b.text) - 1), uint32(len(*last)), uint32(len(id)), uint32(k)}
	*last = append(append(*last, id...), name...)
	b.textLen += k
	return t
}

// intern returns s, or an equal string it returned before, never sharing
// memory with the caller's s.
func (b *CatalogBuilder) intern(s string) string {
	if t, ok := b.interned[s]; ok {
		return t
	}
	s = strings.Clone(s)
	b.interned[s] = s
	return s
}

// compile returns v's profile without arena offsets and leaves v's
// languages, weeks, certifications and rates in the builder's buffers.
func (b *CatalogBuilder) compile(v *catalog.Vendor) profile {
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
		issues:      uint16(codeBits(v.IssueExperience, catalog.IssueAreas)),
		audiences:   uint16(codeBits(v.AudienceExperience, catalog.Audiences)),
	}
	if v.Labor != nil {
		p.flags |= flagWageDeclared
		p.wageFloor = uint16(max(min(v.Labor.AgentWageFloorCents, maxWageFloor), 0))
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

	b.langBuf = b.langBuf[:0]
	for _, l := range v.Languages {
		if i := catalog.Languages.Index(l.Code); i >= 0 && len(b.langBuf) < math.MaxUint16 {
			b.langBuf = append(b.langBuf, langSeats{uint16(i), clampInt32(l.Seats)})
		}
	}
	p.langLen = uint16(len(b.langBuf))

	b.weekBuf = b.weekBuf[:0]
	for _, w := range v.Capacity.Calendar {
		if len(b.weekBuf) < math.MaxUint16 {
			b.weekBuf = append(b.weekBuf, weekSeats{catalog.WeekStart(w.WeekStart), clampInt32(w.SeatsAvailable)})
		}
	}
	p.weekLen = uint16(len(b.weekBuf))
	// Sorted weeks let a match stop scanning past the window's end.
	slices.SortFunc(b.weekBuf, func(a, b weekSeats) int { return cmp.Compare(a.week, b.week) })

	b.certBuf = b.certBuf[:0]
	for _, ct := range v.Certifications {
		k := catalog.CertificationKinds.Index(ct.Kind)
		if k >= 0 && len(b.certBuf) < math.MaxUint16 {
			verified := ct.Status == catalog.CertVerified
			b.certBuf = append(b.certBuf, certTerm{uint8(k), verified, ct.Status == catalog.CertRejected, ct.IssuedOn, ct.ExpiresOn})
			if verified {
				p.certKinds |= 1 << k
			}
		}
	}
	p.certLen = uint16(len(b.certBuf))

	b.rateBuf = b.rateBuf[:0]
	for _, r := range v.Rates {
		s, m := catalog.Services.Index(r.Service), catalog.PricingModels.Index(r.Model)
		if s >= 0 && m >= 0 && r.AmountCents > 0 && p.rated&(1<<s) == 0 {
			b.rateBuf = append(b.rateBuf, rateTerm{uint8(s), uint8(m), r.AmountCents, max(r.MinimumCents, 0)})
			p.rated |= 1 << s
		}
	}
	p.rateLen = uint16(len(b.rateBuf))

	b.siteBuf = b.siteBuf[:0]
	for _, st := range v.Sites {
		k := catalog.States.Index(st.Region)
		if st.Country != "US" || k < 0 || st.Seats <= 0 {
			continue
		}
		if j := slices.IndexFunc(b.siteBuf, func(x stateSeats) bool { return int(x.state) == k }); j >= 0 {
			b.siteBuf[j].seats = clampInt32(int(b.siteBuf[j].seats) + st.Seats)
		} else {
			b.siteBuf = append(b.siteBuf, stateSeats{uint8(k), clampInt32(st.Seats)})
		}
	}
	return p
}

// Catalog orders the vendors added by name, then id (in the order added
// where both are equal) and returns them as a Catalog whose arenas are in
// that order, so that the hot loop walks memory forward, and exactly as
// long as they need to be. The arenas are copied one at a time, and each
// one's blocks dropped once it is. The builder starts over empty, for the
// same version.
func (b *CatalogBuilder) Catalog() *Catalog {
	src := *b
	*b = *NewCatalogBuilder(src.version)
	n := len(src.profiles)
	str := func(i int32, from, to uint32) []byte {
		t := src.textAt[i]
		return src.text[t.block][t.off+from : t.off+to]
	}
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(x, y int32) int {
		tx, ty := src.textAt[x], src.textAt[y]
		return cmp.Or(
			bytes.Compare(str(x, tx.idLen, tx.length), str(y, ty.idLen, ty.length)),
			bytes.Compare(str(x, 0, tx.idLen), str(y, 0, ty.idLen)),
			cmp.Compare(x, y))
	})

	c := &Catalog{vendors: vendors{version: src.version, profiles: make([]profile, n), textOff: make([]uint32, 0, 2*n+1),
		offshore: make(map[int32]string, len(src.offshore)), statuses: map[int32]string{}}}
	var text strings.Builder
	text.Grow(src.textLen)
	for to, from := range order {
		c.profiles[to] = src.profiles[from]
		t := src.textAt[from]
		c.textOff = append(c.textOff, uint32(text.Len()), uint32(text.Len())+t.idLen)
		text.Write(str(from, 0, t.length))
		if s, ok := src.offshore[from]; ok {
			c.offshore[int32(to)] = s
		}
		if s, ok := src.statuses[from]; ok {
			c.statuses[int32(to)] = s
		}
	}
	c.textOff = append(c.textOff, uint32(text.Len()))
	c.text = text.String()
	src.profiles, src.textAt, src.text = nil, nil, nil

	c.siteOff = make([]uint32, 0, n+1)
	c.sites = make([]stateSeats, 0, src.sites.len())
	for _, from := range order {
		c.siteOff = append(c.siteOff, uint32(len(c.sites)))
		sp := src.siteAt[from]
		c.sites = src.sites.appendTo(c.sites, int(sp.off), int(sp.n))
	}
	c.siteOff = append(c.siteOff, uint32(len(c.sites)))
	src.sites, src.siteAt = blocks[stateSeats]{}, nil

	c.langs = gather(c.profiles, &src.langs, func(p *profile) (*uint32, uint16) { return &p.langOff, p.langLen })
	c.weeks = gather(c.profiles, &src.weeks, func(p *profile) (*uint32, uint16) { return &p.weekOff, p.weekLen })
	c.certs = gather(c.profiles, &src.certs, func(p *profile) (*uint32, uint16) { return &p.certOff, p.certLen })
	c.rates = gather(c.profiles, &src.rates, func(p *profile) (*uint32, uint16) { return &p.rateOff, p.rateLen })
	c.cols = buildColumns(c)
	return c
}

// gather copies each profile's segment of arena, in profile order, into a
// new array of exactly the arena's length, points the profiles at it and
// empties arena.
func gather[T any](ps []profile, arena *blocks[T], seg func(*profile) (*uint32, uint16)) []T {
	if arena.len() == 0 {
		return nil
	}
	out := make([]T, 0, arena.len())
	for i := range ps {
		off, n := seg(&ps[i])
		start := uint32(len(out))
		out = arena.appendTo(out, int(*off), int(n))
		*off = start
	}
	*arena = blocks[T]{}
	return out
}

// blockSize is the capacity of one staging block, in elements.
const blockSize = 4096

// blocks is an append-only array kept in full blocks of blockSize
// elements, so that growing it never copies. Element i is in block
// i/blockSize.
type blocks[T any] struct {
	list [][]T
	n    int
}

func (a *blocks[T]) len() int { return a.n }

func (a *blocks[T]) append(xs []T) {
	for len(xs) > 0 {
		if a.n%blockSize == 0 {
			a.list = append(a.list, make([]T, 0, blockSize))
		}
		last := &a.list[len(a.list)-1]
		k := min(len(xs), blockSize-len(*last))
		*last = append(*last, xs[:k]...)
		a.n += k
		xs = xs[k:]
	}
}

// appendTo appends the k elements from pos to dst.
func (a *blocks[T]) appendTo(dst []T, pos, k int) []T {
	for k > 0 {
		b := a.list[pos/blockSize][pos%blockSize:]
		b = b[:min(k, len(b))]
		dst = append(dst, b...)
		pos += len(b)
		k -= len(b)
	}
	return dst
}
