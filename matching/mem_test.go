package matching_test

import (
	"encoding/json"
	"fmt"
	"runtime"
	"testing"

	"callmatch/catalog"
	"callmatch/demo"
	"callmatch/matching"
)

// BenchmarkNewCatalog times compiling demo catalogs and reports the heap
// they keep: "catalog-B" once the vendors are dropped (what the server holds
// between reloads), "catalog+vendors-B" while the caller still holds them
// (as callers of NewCatalog do until it returns) and "vendors-B" for the
// vendors alone. "demo" vendors share slab-allocated slices; "decoded" ones went
// through encoding/json like the server's snapshot, one allocation per
// string and slice. Run with -benchtime=1x: one build is enough to measure.
func BenchmarkNewCatalog(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		for _, src := range []string{"demo", "decoded"} {
			name := fmt.Sprintf("vendors=%d/%s", n, src)
			if !matchesBench(b, fmt.Sprintf("vendors=%d", n)) {
				continue
			}
			b.Run(name, func(b *testing.B) {
				base := liveHeap()
				vs := demo.Vendors(n)
				if src == "decoded" {
					vs = decoded(b, vs)
				}
				vendors := liveHeap() - base
				var cat *matching.Catalog
				for b.Loop() {
					cat = nil // do not count two catalogs
					cat = matching.NewCatalog(vs, "bench")
				}
				both := liveHeap() - base
				runtime.KeepAlive(vs)
				vs = nil
				alone := liveHeap() - base
				runtime.KeepAlive(cat)
				b.ReportMetric(float64(vendors), "vendors-B")
				b.ReportMetric(float64(both), "catalog+vendors-B")
				b.ReportMetric(float64(alone), "catalog-B")
				b.ReportMetric(float64(alone)/float64(n), "catalog-B/vendor")
			})
		}
	}
}

// liveHeap is the heap in use after a full collection.
func liveHeap() int64 {
	runtime.GC()
	runtime.GC() // a second cycle frees what the first only unlinked (sync.Pool victims)
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

// decoded round-trips vendors through JSON one at a time, as the store
// decodes rows, so that no encoded bytes are left to count.
func decoded(tb testing.TB, vs []*catalog.Vendor) []*catalog.Vendor {
	out := make([]*catalog.Vendor, len(vs))
	for i, v := range vs {
		raw, err := json.Marshal(v)
		if err != nil {
			tb.Fatal(err)
		}
		if err := json.Unmarshal(raw, &out[i]); err != nil {
			tb.Fatal(err)
		}
	}
	return out
}
