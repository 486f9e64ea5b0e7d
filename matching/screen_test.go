package matching

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"callmatch"
	"callmatch/catalog"
)

// BenchmarkScreen times the screen alone (knockouts of every vendor and
// raw criteria of the survivors, no result building) to separate the
// engine's own cost from the cost of explaining thousands of exclusions.
// "evaluate" is the same vendor by vendor, as vendors the columns cannot
// describe still are. As of 2026-10-01 many vendors' ramp-ups delay them
// past start_date, which the columns decide vendor by vendor.
//
// "+bookings" is the same catalog with the bookings of 10,000 engagements
// of 3–6 weeks in the program's season (screenBookings).
func BenchmarkScreen(b *testing.B) {
	req := garcia()
	for _, n := range []int{10_000, 100_000} {
		vs := genVendors(3, n)
		plain := NewCatalog(vs, "")
		booked := plain.WithBookings(screenBookings(vs, 10_000))
		for _, v := range []struct {
			name string
			cat  *Catalog
		}{{"", plain}, {"+bookings", booked}} {
			cat := v.cat
			for _, way := range []string{"columns", "evaluate"} {
				b.Run(fmt.Sprintf("vendors=%d%s/%s", n, v.name, way), func(b *testing.B) {
					b.ReportAllocs()
					pl := newPlan(req, Options{AsOf: asOf2026}, new(callmatch.FieldErrors))
					kos := make([]uint16, n)
					c0 := cpuTime()
					for b.Loop() {
						if way == "columns" {
							pl.survivors(cat, pl.screen(cat, kos).surv)
							continue
						}
						for i := range cat.profiles {
							if ko, util := pl.evaluate(cat, i, &cat.profiles[i]); ko == 0 {
								_ = pl.criteria(cat, i, util)
							}
						}
					}
					b.ReportMetric(float64(cpuTime()-c0)/float64(b.N), "cpu-ns/op")
				})
			}
		}
	}
}

// screenBookings books n engagements at vendors of vs picked with a fixed
// seed: 2–20 seats a week in English, a third of them half as many in
// Spanish too, over 3–6 weeks from 2026-09-28.
func screenBookings(vs []*catalog.Vendor, n int) []Booking {
	r := rand.New(rand.NewPCG(13, 13))
	var bs []Booking
	for k := range n {
		v, in := vs[r.IntN(len(vs))], fmt.Sprintf("eng-%05d", k)
		start, weeks, seats := day("2026-09-28").AddDays(7*r.IntN(5)), 3+r.IntN(4), float64(20+r.IntN(180))/10
		for w := range weeks {
			bs = append(bs, Booking{v.ID, in, start.AddDays(7 * w), "en", seats})
			if k%3 == 0 {
				bs = append(bs, Booking{v.ID, in, start.AddDays(7 * w), "es", seats / 2})
			}
		}
	}
	return bs
}

// TestScreenDoesNotAllocate keeps the per-vendor loop allocation-free, so
// that a match allocates for its output only.
func TestScreenDoesNotAllocate(t *testing.T) {
	cat := NewCatalog(genVendors(11, 300), "")
	pl := newPlan(garcia(), Options{AsOf: asOf2026}, new(callmatch.FieldErrors))
	survivors := 0
	allocs := testing.AllocsPerRun(20, func() {
		for i := range cat.profiles {
			if ko, util := pl.evaluate(cat, i, &cat.profiles[i]); ko == 0 {
				survivors++
				_ = pl.criteria(cat, i, util)
			}
		}
	})
	if allocs != 0 || survivors == 0 {
		t.Errorf("%v allocations per pass over %d vendors (%d survivors)", allocs, len(cat.profiles), survivors)
	}
}
