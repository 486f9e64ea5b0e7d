package matching

import (
	"syscall"
	"testing"
	"time"

	"callmatch"
)

func cpuNow() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func BenchmarkPeekParts(b *testing.B) {
	cat := NewCatalog(genVendors(5, 10000), "")
	req := garcia()
	opt := Options{AsOf: asOf2026}
	var fe = new(map[string]string)
	_ = fe
	b.Run("evaluate", func(b *testing.B) {
		pl := newPlan(req, opt, new(callmatch.FieldErrors))
		c0 := cpuNow()
		for b.Loop() {
			for i := range cat.profiles {
				pl.evaluate(cat, &cat.profiles[i])
			}
		}
		b.ReportMetric(float64(cpuNow()-c0)/float64(b.N), "cpu-ns/op")
	})
	b.Run("match", func(b *testing.B) {
		b.ReportAllocs()
		c0 := cpuNow()
		var res *Result
		for b.Loop() {
			res, _ = Match(cat, req, opt)
		}
		b.ReportMetric(float64(cpuNow()-c0)/float64(b.N), "cpu-ns/op")
		b.ReportMetric(float64(len(res.Excluded)), "excl")
	})
}
