package matching

import (
	"errors"
	"fmt"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"

	"callmatch"
	"callmatch/catalog"
)

// The planner's tests check it against an independent reading of
// MARKETPLACE.md §2: each case's seats and costs are computed here from
// DOMAIN.md §5 by hand, and every vendor set is solved as one linear
// program over all weeks with gonum's simplex, not by the planner's flow.

// teamWindow is the test program's window: three whole weeks, Monday to
// Monday, with as_of far enough ahead that no ramp-up shortens it.
var (
	teamStart = day("2026-10-05")
	teamEnd   = day("2026-10-26")
	teamAsOf  = day("2026-09-01")
	teamWeeks = []callmatch.Date{day("2026-10-05"), day("2026-10-12"), day("2026-10-19")}
)

// tv is a test vendor: one site, GOTV, one dialing mode, priced per agent
// hour, with its seats per week (0: the site's seats) and per language.
type tv struct {
	id         string
	seats      int
	weeks      []int // per teamWeeks; 0 keeps the site's seats
	en, es     int
	predictive bool
	hpd        float64
	rate, min  int64
	qa         float64
}

func (t tv) vendor() *catalog.Vendor {
	v := &catalog.Vendor{
		ID: t.id, Slug: t.id, Name: "Vendor " + t.id, Status: catalog.StatusActive,
		Serves:       []string{"democratic"},
		Sites:        []catalog.Site{{Country: "US", Region: "TX", City: "Austin", Timezone: "America/Chicago", Seats: t.seats}},
		Services:     []string{"gotv"},
		DialingModes: []string{"manual"},
		Languages:    []catalog.LanguageSeats{{Code: "en", Seats: t.en}, {Code: "es", Seats: t.es}},
		Capacity:     catalog.Capacity{HoursPerDay: t.hpd, RampUpDays: 3},
		Rates:        []catalog.Rate{{Service: "gotv", Model: "per_agent_hour", AmountCents: t.rate, MinimumCents: t.min}},
		Metrics:      catalog.Metrics{ContactRate: 0.15, QAScore: t.qa, Verified: true},
	}
	if t.predictive {
		v.DialingModes = []string{"predictive"}
	}
	for w, s := range t.weeks {
		if s > 0 {
			v.Capacity.Calendar = append(v.Capacity.Calendar, catalog.Week{WeekStart: teamWeeks[w], SeatsAvailable: s})
		}
	}
	return v
}

// teamRequest is GOTV over the test window, English and Spanish.
func teamRequest(records int64, enShare float64) Request {
	return Request{
		Affiliation: "democratic", SponsorType: "candidate", Services: []string{"gotv"},
		Records: records, AttemptsPerRecord: 2, StartDate: teamStart, EndDate: teamEnd,
		Languages:    []LanguageShare{{Code: "en", Share: enShare}, {Code: "es", Share: 1 - enShare}},
		Requirements: Requirements{CellConsent: true},
	}
}

var teamOpts = Options{AsOf: teamAsOf}

// genTeamCase draws 3–6 vendors and a program that some sets can serve
// and some cannot.
func genTeamCase(seed uint64) ([]tv, Request) {
	r := rand.New(rand.NewPCG(seed, 0x7ea4))
	vs := make([]tv, 3+r.IntN(4))
	for i := range vs {
		seats := 20 + r.IntN(100)
		t := tv{id: fmt.Sprintf("v%d", i), seats: seats, predictive: r.IntN(3) > 0,
			hpd: float64(6 + r.IntN(7)), rate: int64(2000 + 100*r.IntN(20)), min: int64(r.IntN(3)) * 1_000_000,
			qa: float64(60+r.IntN(40)) / 100, en: 1 + r.IntN(seats), es: 1 + r.IntN(seats)}
		if i > 0 && r.IntN(4) == 0 {
			t.rate = vs[0].rate // equal prices exercise the ties
		}
		t.weeks = make([]int, len(teamWeeks))
		for w := range t.weeks {
			if r.IntN(3) == 0 {
				t.weeks[w] = 1 + r.IntN(seats)
			}
		}
		vs[i] = t
	}
	records := int64(200_000 + r.IntN(2_000_000))
	return vs, teamRequest(records, []float64{0.5, 0.7, 0.9, 1.0 / 3}[r.IntN(4)])
}

// teamModel is the plan's linear program as MARKETPLACE.md §2 states it,
// with its numbers computed from DOMAIN.md §5 here, independently of the
// engine: for vendor k, week w, language l, all of the work needs
// need[k][l] seats and costs cost[k][l]; the vendor has free[k][w] seats
// in the week and langSeats[k][w][l] in the language, its declared seats
// less the bookings of other intakes (MARKETPLACE.md §1).
type teamModel struct {
	vs        []tv
	share     []float64 // per language
	frac      float64   // each whole week's share of the dials
	need      [][]float64
	cost      [][]float64
	free      [][]float64
	langSeats [][][]float64
}

// teamOwn is the intake the test plans for: its bookings never count.
const teamOwn = "intake-own"

func newTeamModel(vs []tv, req Request, bs []Booking) *teamModel {
	days := float64(teamEnd - teamStart)
	m := &teamModel{vs: vs, frac: 7 / days}
	for _, l := range req.Languages {
		m.share = append(m.share, l.Share)
	}
	dials := float64(req.Records * req.AttemptsPerRecord)
	for _, t := range vs {
		perHour := 55.0
		if t.predictive {
			perHour = 220
		}
		hours := dials / perHour
		var need, cost, free []float64
		for _, s := range m.share {
			need = append(need, hours/(days*t.hpd)*s)
			cost = append(cost, float64(t.rate)*hours*m.frac*s)
		}
		var langs [][]float64
		for w, s := range t.weeks {
			if s == 0 {
				s = t.seats
			}
			f, lf := float64(s), []float64{float64(t.en), float64(t.es)}
			for _, b := range bs {
				if b.VendorID == t.id && b.WeekStart == teamWeeks[w] && b.IntakeID != teamOwn {
					f -= b.Seats
					lf[langIndex(b.Language)] -= b.Seats
				}
			}
			free = append(free, max(f, 0))
			langs = append(langs, []float64{max(lf[0], 0), max(lf[1], 0)})
		}
		m.need, m.cost, m.free = append(m.need, need), append(m.cost, cost), append(m.free, free)
		m.langSeats = append(m.langSeats, langs)
	}
	return m
}

// genBookings books random seats at the case's vendors: other intakes'
// count against free seats, teamOwn's do not.
func genBookings(seed uint64, vs []tv) []Booking {
	r := rand.New(rand.NewPCG(seed, 0xb00c))
	var bs []Booking
	for range 2 * len(vs) {
		t := vs[r.IntN(len(vs))]
		b := Booking{VendorID: t.id, IntakeID: []string{"intake-x", "intake-y", teamOwn}[r.IntN(3)],
			WeekStart: teamWeeks[r.IntN(len(teamWeeks))], Language: []string{"en", "es"}[r.IntN(2)],
			Seats: float64(1+r.IntN(10*t.seats/2)) / 10}
		bs = append(bs, b)
	}
	return bs
}

// solve is the linear program of one vendor set over every week at once,
// in standard form for lp.Simplex: shares x[k,w,l] ≥ 0 with a slack per
// inequality. With cover, Σ_k x = 1 per week and language and the cost is
// minimized; without, Σ_k x ≤ 1 and the covered dials are maximized.
// It returns the cost (or the covered share) and whether a plan exists.
func (m *teamModel) solve(set []int, cover bool) (float64, bool) {
	nW, nL := len(teamWeeks), len(m.share)
	x := func(i, w, l int) int { return (i*nW+w)*nL + l }
	nX := len(set) * nW * nL
	var rows [][]float64
	var rhs []float64
	nIneq := 0
	for _, k := range set {
		all := 0.0
		for l := range nL {
			all += m.need[k][l]
		}
		for w := range nW {
			if m.free[k][w] < all {
				nIneq++
			}
			for l := range nL {
				if m.langSeats[k][w][l] < m.need[k][l] {
					nIneq++
				}
			}
		}
	}
	if !cover {
		nIneq += nW * nL
	}
	nVar := nX + nIneq
	slack := nX
	row := func(b float64, ineq bool) []float64 {
		r := make([]float64, nVar)
		if ineq {
			r[slack] = 1
			slack++
		}
		rows, rhs = append(rows, r), append(rhs, b)
		return r
	}
	// Rows that cannot bind (the seats exceed all of the work) are left
	// out: they only make the simplex degenerate.
	for i, k := range set {
		for w := range nW {
			all := 0.0
			for l := range nL {
				all += m.need[k][l]
			}
			if m.free[k][w] < all {
				r := row(m.free[k][w], true)
				for l := range nL {
					r[x(i, w, l)] = m.need[k][l]
				}
			}
			for l := range nL {
				if m.langSeats[k][w][l] < m.need[k][l] {
					row(m.langSeats[k][w][l], true)[x(i, w, l)] = m.need[k][l]
				}
			}
		}
	}
	for w := range nW {
		for l := range nL {
			r := row(1, !cover)
			for i := range set {
				r[x(i, w, l)] = 1
			}
		}
	}
	c := make([]float64, nVar)
	for i, k := range set {
		for w := range nW {
			for l := range nL {
				if cover {
					c[x(i, w, l)] = m.cost[k][l] / 1e6 // cents in millions keep the simplex well scaled
				} else {
					c[x(i, w, l)] = -m.frac * m.share[l]
				}
			}
		}
	}
	a := mat.NewDense(len(rows), nVar, nil)
	for i, r := range rows {
		a.SetRow(i, r)
	}
	opt, _, err := lp.Simplex(c, a, rhs, 1e-10, nil)
	if errors.Is(err, lp.ErrInfeasible) {
		return 0, false
	}
	if err != nil {
		panic(err)
	}
	if !cover {
		return -opt, true
	}
	return opt * 1e6, true
}

// subsets calls f with every set of 1..k of n vendors.
func subsets(n, k int, f func([]int)) {
	var rec func(start int, cur []int)
	rec = func(start int, cur []int) {
		if len(cur) > 0 {
			f(cur)
		}
		if len(cur) == k {
			return
		}
		for i := start; i < n; i++ {
			rec(i+1, append(cur, i))
		}
	}
	rec(0, nil)
}

func teamCatalog(vs []tv) *Catalog {
	cat := make([]*catalog.Vendor, len(vs))
	for i, t := range vs {
		cat[i] = t.vendor()
	}
	return NewCatalog(cat, "team-test")
}
