package matching

import (
	"fmt"
	"testing"

	"callmatch"
)

// BenchmarkScreen times the per-vendor loop alone (knockouts and raw
// criteria, no result building) to separate the engine's own cost from
// the cost of explaining thousands of exclusions.
func BenchmarkScreen(b *testing.B) {
	req := garcia()
	for _, n := range []int{10_000, 100_000} {
		cat := NewCatalog(genVendors(3, n), "")
		b.Run(fmt.Sprintf("vendors=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			pl := newPlan(req, Options{AsOf: asOf2026}, new(callmatch.FieldErrors))
			for b.Loop() {
				for i := range cat.profiles {
					if ko, util := pl.evaluate(cat, i, &cat.profiles[i]); ko == 0 {
						_ = pl.criteria(cat, i, util)
					}
				}
			}
		})
	}
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
