package matching

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"callmatch"
	"callmatch/catalog"
)

// TestScreenAgreesWithEvaluate holds the columnar screen to evaluate, the
// vendor-by-vendor path it replaces, on random catalogs and requests: the
// same knockouts for every vendor, the same survivors with the same util
// to the bit, and the same result bytes, listing every exclusion or the
// API's first 200. The catalogs mix in what the columns cannot describe
// (seats beyond a small integer, weeks listed twice, ramp-ups of decades,
// calling hours of 0 or NaN), languages few vendors staff, and every
// snapshot kind: bookings (some of the match's own intake), holds and
// track records.
func TestScreenAgreesWithEvaluate(t *testing.T) {
	runs, mixed := 0, 0
	for seed := range uint64(40) {
		r := rand.New(rand.NewPCG(seed, 0x5c4ee7))
		vs := genVendors(2000+seed, 150+r.IntN(250))
		roughen(r, vs)
		cat := NewCatalog(vs, "prop")
		snapshots := []struct {
			name string
			cat  *Catalog
		}{{"plain", cat}}
		if r.IntN(2) == 0 {
			cat = cat.WithBookings(randomBookings(r, vs, 1+r.IntN(60)))
			snapshots = append(snapshots, struct {
				name string
				cat  *Catalog
			}{"bookings", cat})
		}
		if r.IntN(2) == 0 {
			cat = cat.WithHolds(randomHolds(r, vs)).WithTrackRecords(randomTracks(r, vs))
			snapshots = append(snapshots, struct {
				name string
				cat  *Catalog
			}{"holds+tracks", cat})
		}
		req, opt := roughRequest(r)
		for _, snap := range snapshots {
			name := fmt.Sprintf("seed=%d/%s", seed, snap.name)
			runs++
			if agreeScreen(t, name, snap.cat, req, opt) {
				mixed++
			}
			for _, o := range []Options{opt, withLimits(opt, 5, 20), withLimits(opt, 25, 200)} {
				fast, err1 := match(snap.cat, req, o, (*plan).screen)
				slow, err2 := match(snap.cat, req, o, (*plan).screenSlow)
				if err1 != nil || err2 != nil {
					t.Fatalf("%s: %v / %v", name, err1, err2)
				}
				a, _ := json.Marshal(fast)
				b, _ := json.Marshal(slow)
				if !bytes.Equal(a, b) {
					t.Errorf("%s limit %d/%d: results differ\nscreen:   %.600s\nevaluate: %.600s", name, o.Limit, o.ExcludedLimit, a, b)
				}
			}
		}
	}
	// Runs where every vendor is excluded would prove little.
	if mixed*3 < runs*2 {
		t.Errorf("only %d of %d runs have both survivors and exclusions", mixed, runs)
	}
}

// agreeScreen compares the two screens vendor by vendor and reports
// whether some vendors survive and some do not.
func agreeScreen(t *testing.T, name string, cat *Catalog, req Request, opt Options) bool {
	t.Helper()
	n := len(cat.profiles)
	pl1, pl2 := mustPlan(t, cat, req, opt), mustPlan(t, cat, req, opt)
	kos1, kos2 := make([]uint16, n), make([]uint16, n)
	s1 := pl1.screen(cat, kos1)
	s2 := pl2.screenSlow(cat, kos2)
	for i := range n {
		if kos1[i] != kos2[i] {
			t.Errorf("%s: vendor %s: screen %014b, evaluate %014b", name, cat.id(i), kos1[i], kos2[i])
		}
	}
	if s1.lo != s2.lo || s1.hi != s2.hi {
		t.Errorf("%s: counts differ", name)
	}
	if !slices.EqualFunc(s1.surv, s2.surv, func(a, b screened) bool {
		return a.idx == b.idx && math.Float64bits(a.util) == math.Float64bits(b.util)
	}) {
		t.Errorf("%s: survivors differ:\nscreen:   %v\nevaluate: %v", name, s1.surv, s2.surv)
	}
	survivors := 0
	for _, ko := range kos2 {
		if ko == 0 {
			survivors++
		}
	}
	return survivors > 0 && survivors < n
}

func mustPlan(t *testing.T, cat *Catalog, req Request, opt Options) *plan {
	t.Helper()
	var fe callmatch.FieldErrors
	pl, _, _ := compile(cat, req, opt, &fe)
	if err := fe.Err(); err != nil {
		t.Fatal(err)
	}
	return pl
}

func withLimits(o Options, limit, excluded int) Options {
	o.Limit, o.ExcludedLimit = limit, excluded
	return o
}

// roughen gives some vendors what only the slow path handles, and some
// the edges the columns must get right.
func roughen(r *rand.Rand, vs []*catalog.Vendor) {
	for _, v := range vs {
		switch r.IntN(30) {
		case 0:
			v.Sites[0].Seats = 70_000 // beyond a column's seats
			v.Languages[0].Seats = 70_000
		case 1:
			if cal := v.Capacity.Calendar; len(cal) > 0 { // a week listed three times
				w := cal[r.IntN(len(cal))]
				v.Capacity.Calendar = append(cal, catalog.Week{WeekStart: w.WeekStart, SeatsAvailable: w.SeatsAvailable / 2},
					catalog.Week{WeekStart: w.WeekStart, SeatsAvailable: w.SeatsAvailable * 2})
			}
		case 2:
			v.Capacity.RampUpDays = 20_000 // decades
		case 3:
			v.Capacity.HoursPerDay = 0
		case 4:
			v.Capacity.HoursPerDay = math.NaN()
		case 5:
			v.Capacity.HoursPerDay = 16 // above the cap
		case 6:
			v.Languages = append(v.Languages, catalog.LanguageSeats{Code: "ht", Seats: 1 + r.IntN(30)})
		case 7:
			v.Languages = append(v.Languages, catalog.LanguageSeats{Code: "es", Seats: 3}) // listed twice
		case 8:
			for k := range v.Capacity.Calendar {
				v.Capacity.Calendar[k].SeatsAvailable = 0
			}
		case 9:
			v.Labor = &catalog.Labor{AgentWageFloorCents: int64(1200 + r.IntN(1000))}
		case 10:
			v.Capacity.Calendar = append(v.Capacity.Calendar, catalog.Week{WeekStart: day("2026-12-28"), SeatsAvailable: 5})
		case 11:
			v.Languages[len(v.Languages)-1].Seats = 65_536 + r.IntN(3) // beyond a column's seats, alone
		}
	}
}

// roughRequest varies randomRequest further: as-of dates close to the
// start (so that ramp-ups delay vendors), wage floors, the union rule, a
// rare language, other services and affiliations.
func roughRequest(r *rand.Rand) (Request, Options) {
	req := randomRequest(r)
	opt := Options{AsOf: req.StartDate.AddDays(-r.IntN(40)), Method: []string{MethodSAW, MethodTOPSIS}[r.IntN(2)]}
	if r.IntN(2) == 0 {
		opt.IntakeID = "own"
	}
	if r.IntN(6) == 0 {
		req.Requirements.MinAgentWageCents = int64(1500 + r.IntN(600))
	}
	req.Requirements.UnionRequired = r.IntN(6) == 0
	req.ChallengerInPrimary = r.IntN(4) == 0
	if r.IntN(6) == 0 {
		req.Languages = []LanguageShare{{Code: "en", Share: 0.8}, {Code: "ht", Share: 0.2}}
	}
	if r.IntN(6) == 0 {
		req.Languages = []LanguageShare{{Code: "es", Share: 0.5}, {Code: "vi", Share: 0.25}, {Code: "zh", Share: 0.25}}
	}
	switch r.IntN(8) {
	case 0:
		req.Services = []string{"p2p_texting", "gotv"}
	case 1:
		req.Services = []string{"ivr_broadcast"}
		req.Requirements.CellConsent = true
	case 2:
		req.Services = []string{"fundraising"}
		req.Requirements.TakesCardPayments = true
	}
	req.Affiliation = []string{"democratic", "democratic", "republican", "nonpartisan"}[r.IntN(4)]
	if r.IntN(5) == 0 {
		req.EndDate = req.StartDate.AddDays(3 + r.IntN(120))
	}
	return req, opt
}

// randomBookings books seats at random vendors for a few intakes, one of
// which is "own" (a match may be for it).
func randomBookings(r *rand.Rand, vs []*catalog.Vendor, n int) []Booking {
	var bs []Booking
	for k := range n {
		v := vs[r.IntN(len(vs))]
		in := []string{"own", "other-1", "other-2", fmt.Sprintf("eng-%d", k)}[r.IntN(4)]
		start := day("2026-09-28").AddDays(7 * r.IntN(8))
		for w := range 1 + r.IntN(5) {
			lang := []string{"en", "es", "ht"}[r.IntN(3)]
			bs = append(bs, Booking{v.ID, in, start.AddDays(7 * w), lang, float64(1+r.IntN(400)) / 10})
		}
	}
	return bs
}

func randomHolds(r *rand.Rand, vs []*catalog.Vendor) []Hold {
	var hs []Hold
	for range r.IntN(20) {
		v := vs[r.IntN(len(vs))]
		hs = append(hs, Hold{VendorID: v.ID, IntakeID: "q", WeekStart: day("2026-10-12"), Language: "en",
			Seats: float64(1 + r.IntN(200)), Until: day("2026-12-01")})
	}
	return hs
}

func randomTracks(r *rand.Rand, vs []*catalog.Vendor) []TrackRecord {
	var ts []TrackRecord
	for range r.IntN(30) {
		v := vs[r.IntN(len(vs))]
		ts = append(ts, TrackRecord{VendorID: v.ID, Programs: 1 + r.IntN(4), Dials: int64(r.IntN(200_000)),
			Contacts: int64(r.IntN(30_000)), Scorecards: r.IntN(5), QASum: float64(r.IntN(5))})
	}
	return ts
}
