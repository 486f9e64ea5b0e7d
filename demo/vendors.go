// Package demo generates the demo data that `callmatch seed --demo` and
// `callmatch dev` load and that benchmarks use at scale. Everything is
// deterministic: the same call gives the same data on every run and every
// machine, so screenshots, golden files and bug reports stay reproducible.
package demo

import (
	"crypto/sha1"
	"encoding/hex"
	"math/rand/v2"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"

	"callmatch"
	"callmatch/catalog"
)

// DefaultVendorCount is how many vendors the demo seed loads.
const DefaultVendorCount = 300

// Dates the demo data is built around. They are constants (days since
// 1970-01-01, checked by a test) so that other packages' tests can use them
// freely.
const (
	// AsOf is the day the demo data describes: certifications are expired,
	// expiring within 60 days, or current relative to it.
	AsOf callmatch.Date = 20788 // 2026-12-01

	ElectionDay2027 callmatch.Date = 21124 // 2027-11-02
	ElectionDay2028 callmatch.Date = 21495 // 2028-11-07

	// Capacity calendars list every Monday from the first to the last week
	// of each fall season.
	Season2027FirstWeek callmatch.Date = 21060 // 2027-08-30
	Season2027LastWeek  callmatch.Date = 21123 // 2027-11-01
	Season2028FirstWeek callmatch.Date = 21424 // 2028-08-28
	Season2028LastWeek  callmatch.Date = 21494 // 2028-11-06
)

// Seeds of the two random streams. Each vendor seeds its own stream from its
// index, which is what makes Vendors(k) a prefix of Vendors(n): nothing a
// vendor looks like depends on how many vendors follow it.
const (
	bodySeed = 0x43616c6c6d617463 // "Callmatc"
	nameSeed = 0x6e616d6573212121 // "names!!!"
)

// vendorNamespace is the UUID v5 of the URL https://demo.callmatch.test/vendors.
var vendorNamespace = uuid5([16]byte{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}, // RFC 4122 URL namespace
	[]byte("https://demo.callmatch.test/vendors"))

// VendorID returns the id of the i-th demo vendor (0-based): the UUID v5 of
// the decimal index in vendorNamespace, so ids survive regeneration and a
// larger catalog keeps the ids of a smaller one.
func VendorID(i int) string {
	var name [20]byte
	id := uuid5(vendorNamespace, strconv.AppendInt(name[:0], int64(i), 10))
	var out [36]byte
	hex.Encode(out[0:8], id[0:4])
	hex.Encode(out[9:13], id[4:6])
	hex.Encode(out[14:18], id[6:8])
	hex.Encode(out[19:23], id[8:10])
	hex.Encode(out[24:36], id[10:16])
	out[8], out[13], out[18], out[23] = '-', '-', '-', '-'
	return string(out[:])
}

// uuid5 is RFC 4122 name-based UUID with SHA-1, written out because it
// runs once per vendor and the general library allocates five times per id.
func uuid5(ns [16]byte, name []byte) [16]byte {
	var buf [16 + 64]byte
	copy(buf[:], ns[:])
	sum := sha1.Sum(append(buf[:16], name...))
	var id [16]byte
	copy(id[:], sum[:16])
	id[6] = id[6]&0x0f | 0x50 // version 5
	id[8] = id[8]&0x3f | 0x80 // RFC 4122 variant
	return id
}

// VendorUserEmail is the login of the demo user that belongs to a vendor.
func VendorUserEmail(slug string) string { return slug + "@vendors.demo.callmatch.test" }

// Demo logins for staff. Their password comes from CALLMATCH_DEMO_PASSWORD.
const (
	AdminEmail   = "admin@demo.callmatch.test"
	AdvisorEmail = "advisor@demo.callmatch.test"
)

// Vendors returns n demo vendors. The first k vendors of Vendors(n) equal
// Vendors(k). Every vendor passes Validate; slugs are unique. The vendors
// are independent values (mutating one never changes another), but their
// slices are carved from shared blocks to keep a million-vendor benchmark
// catalog to a few allocations per vendor.
func Vendors(n int) []*catalog.Vendor {
	if n <= 0 {
		return nil
	}
	out := make([]*catalog.Vendor, n)
	tr := make([]traits, n)
	// A vendor's body depends only on its index, so chunks of vendors can be
	// filled in parallel; naming depends on earlier vendors and runs after.
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), (n+fillChunk-1)/fillChunk) {
		wg.Go(func() {
			g := newGenerator(n)
			for {
				start := int(next.Add(fillChunk)) - fillChunk
				if start >= n {
					return
				}
				for i := start; i < min(start+fillChunk, n); i++ {
					v := &g.mem.vendors.take(1)[0]
					tr[i] = g.fill(v, i)
					out[i] = v
				}
			}
		})
	}
	wg.Wait()
	nm := newNamer(n)
	for i, v := range out {
		nm.assign(v, i, tr[i])
	}
	return out
}

const fillChunk = 1024

// traits are what the naming pass needs from the body of a vendor.
type traits struct {
	homeCity   string
	hasWebsite bool
}

// generator holds the random stream and the blocks vendors' slices are cut
// from. It is not safe for concurrent use.
type generator struct {
	pcg *rand.PCG
	r   *rand.Rand

	mem struct {
		vendors slab[catalog.Vendor]
		strs    slab[string]
		sites   slab[catalog.Site]
		langs   slab[catalog.LanguageSeats]
		weeks   slab[catalog.Week]
		rates   slab[catalog.Rate]
		certs   slab[catalog.Certification]
		labor   slab[catalog.Labor]
	}

	// scratch space reused across vendors
	siteBuf  []catalog.Site
	placeBuf []*place
	langBuf  []catalog.LanguageSeats
	strBuf   []string
}

// newGenerator sizes the blocks for n vendors, so a small demo does not
// reserve room for thousands.
func newGenerator(n int) *generator {
	pcg := rand.NewPCG(0, 0)
	g := &generator{pcg: pcg, r: rand.New(pcg)}
	m := &g.mem
	m.vendors.block = min(n, slabBlock)
	m.strs.block = min(16*n, slabBlock)
	m.sites.block = min(2*n, slabBlock)
	m.langs.block = min(2*n, slabBlock)
	m.weeks.block = min(21*n, slabBlock)
	m.rates.block = min(5*n, slabBlock)
	m.certs.block = min(2*n, slabBlock)
	m.labor.block = min(n, slabBlock)
	return g
}

// mix spreads consecutive indexes over the whole seed space (splitmix64), so
// neighbouring vendors do not start from neighbouring PCG states.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// Affiliation profiles of a vendor.
const (
	sideDemocratic = iota
	sideRepublican
	sideNonpartisan
	sideBoth
)

// fill writes everything but name, slug and website into v.
func (g *generator) fill(v *catalog.Vendor, i int) traits {
	g.pcg.Seed(bodySeed, mix(uint64(i)))
	r := g.r
	v.ID = VendorID(i)
	v.Status = pickStatus(r.IntN(100))

	side := sideBoth
	switch x := r.IntN(100); {
	case x < 34:
		side = sideDemocratic
	case x < 66:
		side = sideRepublican
	case x < 82:
		side = sideNonpartisan
	}
	v.Serves = g.serves(side)
	unionOdds := [...]int{sideDemocratic: 55, sideRepublican: 8, sideNonpartisan: 25, sideBoth: 20}[side]
	v.UnionShop = r.IntN(100) < unionOdds
	v.WorksAgainstIncumbents = r.IntN(100) < 65

	home := g.sites(v)
	offshore := v.Offshore()
	specialist := g.languages(v)
	arch := pickArchetype(r.IntN(100), offshore)
	if specialist && r.IntN(100) < 60 { // in-language shops mostly run voter contact
		arch = archFull
	}
	v.Services = g.services(arch, offshore)
	v.DialingModes = g.dialingModes(v.Services)

	level := r.Float64() // where the vendor sits between budget and premium
	if offshore {
		level *= 0.35
	}
	if v.UnionShop {
		level = 0.4 + 0.6*level
	}
	v.Rates = g.rates(v.Services, level)
	v.Certifications = g.certifications(i, v.Services, offshore)
	v.Capacity = g.capacity(v.TotalSeats(), offshore)
	v.StateExperience = g.stateExperience(v.Sites, side)
	v.Metrics = g.metrics(level)
	v.Description = g.description(v, home, side)
	tr := traits{homeCity: home.city, hasWebsite: r.IntN(100) < 90}
	g.experience(v, i, side)
	return tr
}

func pickStatus(x int) string {
	switch {
	case x < 85:
		return catalog.StatusActive
	case x < 91:
		return catalog.StatusDraft
	case x < 96:
		return catalog.StatusPendingReview
	default:
		return catalog.StatusSuspended
	}
}

// serves lists affiliations in catalog order. Partisan shops work one side
// (and often issue groups); a minority of shops work both sides.
func (g *generator) serves(side int) []string {
	r := g.r
	var dem, rep, ind, non bool
	switch side {
	case sideDemocratic:
		dem, ind, non = true, r.IntN(100) < 30, r.IntN(100) < 50
	case sideRepublican:
		rep, ind, non = true, r.IntN(100) < 30, r.IntN(100) < 50
	case sideNonpartisan:
		non, ind = true, r.IntN(100) < 60
	default:
		dem, rep, ind, non = true, true, r.IntN(100) < 70, r.IntN(100) < 80
	}
	return g.codes(catalog.Affiliations, dem, rep, ind, non)
}

// codes returns the allowed values whose flag is set, in catalog order.
func (g *generator) codes(all catalog.Codes, flags ...bool) []string {
	n := 0
	for _, f := range flags {
		if f {
			n++
		}
	}
	out := g.mem.strs.take(n)
	n = 0
	for k, f := range flags {
		if f {
			out[n] = all[k]
			n++
		}
	}
	return out
}

// sites places one to four call floors. Union shops stay in the US; some
// shops are wholly offshore and some add an offshore floor to a US one.
func (g *generator) sites(v *catalog.Vendor) *place {
	r := g.r
	n := 1
	switch x := r.IntN(100); {
	case x >= 97:
		n = 4
	case x >= 85:
		n = 3
	case x >= 55:
		n = 2
	}
	allOffshore, mixed := false, false
	if !v.UnionShop {
		switch x := r.IntN(100); {
		case x < 8:
			allOffshore = true
		case x < 22:
			mixed = true
			n = max(n, 2)
		}
	}
	g.siteBuf, g.placeBuf = g.siteBuf[:0], g.placeBuf[:0]
	homeIdx := r.IntN(len(usPlaces))
	for k := range n {
		var pl *place
		switch {
		case allOffshore || mixed && k == n-1:
			pl = &offshorePlaces[r.IntN(len(offshorePlaces))]
		case k == 0:
			pl = &usPlaces[homeIdx]
		case r.IntN(100) < 40: // a second floor nearby: places are listed by region
			pl = &usPlaces[min(max(homeIdx+r.IntN(7)-3, 0), len(usPlaces)-1)]
		default:
			pl = &usPlaces[r.IntN(len(usPlaces))]
		}
		if containsPlace(g.placeBuf, pl) {
			continue
		}
		seats := 5 * (4 + r.IntN(13)) // 20-80
		switch x := r.IntN(100); {
		case pl.country != "US":
			seats = 10 * (10 + r.IntN(71)) // 100-800
		case x >= 90:
			seats = 10 * (25 + r.IntN(36)) // 250-600
		case x >= 55:
			seats = 5 * (16 + r.IntN(35)) // 80-250
		}
		g.placeBuf = append(g.placeBuf, pl)
		g.siteBuf = append(g.siteBuf, catalog.Site{Country: pl.country, Region: pl.region, City: pl.city, Timezone: pl.tz, Seats: seats})
	}
	v.Sites = g.mem.sites.take(len(g.siteBuf))
	copy(v.Sites, g.siteBuf)
	return g.placeBuf[0]
}

func containsPlace(ps []*place, p *place) bool {
	for _, q := range ps {
		if q == p {
			return true
		}
	}
	return false
}
