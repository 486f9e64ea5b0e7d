package matching

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"callmatch/catalog"
)

// benchTeam is the planning goal: max_vendors 3 over 10
// candidates, 12 weeks, 3 languages. Every vendor's calendar differs week
// by week and the best plan takes three of them, so no set is trivial.
func benchTeam() (*Catalog, Request, Options) {
	r := rand.New(rand.NewPCG(13, 13))
	start := day("2026-08-17") // a Monday; 12 weeks to 2026-11-09
	vs := make([]*catalog.Vendor, 10)
	for i := range vs {
		seats := 60 + r.IntN(120)
		v := flat(fmt.Sprintf("v-%02d", i), seats, int64(2000+100*r.IntN(20))).vendor()
		v.Languages = []catalog.LanguageSeats{{Code: "en", Seats: seats}, {Code: "es", Seats: seats / 2}, {Code: "vi", Seats: seats / 4}}
		v.Capacity.Calendar = nil
		for w := range 12 {
			v.Capacity.Calendar = append(v.Capacity.Calendar, catalog.Week{WeekStart: start.AddDays(7 * w), SeatsAvailable: seats/3 + r.IntN(seats-seats/3+1)})
		}
		vs[i] = v
	}
	req := teamRequest(9_000_000, 0.6)
	req.StartDate, req.EndDate = start, start.AddDays(84)
	req.Languages = []LanguageShare{{Code: "en", Share: 0.6}, {Code: "es", Share: 0.3}, {Code: "vi", Share: 0.1}}
	return NewCatalog(vs, "bench"), req, Options{AsOf: day("2026-07-01")}
}

func BenchmarkPlanTeam(b *testing.B) {
	c, req, opt := benchTeam()
	p, err := PlanTeam(c, req, opt, "", 3)
	if err != nil || len(p.Candidates) != 10 || len(p.Parts) != 3 || !p.Feasible {
		b.Fatalf("the benchmark must plan a feasible split in three over 10 candidates: %v %+v", err, p)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := PlanTeam(c, req, opt, "", 3); err != nil {
			b.Fatal(err)
		}
	}
}
