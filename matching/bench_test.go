package matching_test

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"callmatch"
	"callmatch/catalog"
	"callmatch/demo"
	"callmatch/matching"
)

// BenchmarkMatch times one match of the demo's first intake (Spanish-heavy
// GOTV in Texas, union and domestic only) against demo catalogs. Building
// the catalog is outside the timer: the API rebuilds it only when the
// catalog changes. Goals on one core for "api" (issue 18): ≤ 0.3 ms at 10k
// vendors, ≤ 3 ms at 100k; "full" no slower than before the screen.
func BenchmarkMatch(b *testing.B) {
	form := demo.Intakes()[0]
	form.ApplyDefaults()
	req := form.MatchRequest()
	opt := matching.Options{AsOf: demo.AsOf, Weights: form.Priorities}
	for _, n := range []int{10_000, 100_000, 1_000_000} {
		name := fmt.Sprintf("vendors=%d", n)
		if !matchesBench(b, name) {
			continue // generating a million vendors takes a while
		}
		// One catalog per size, built before the timer and dropped after:
		// a larger catalog left on the heap would slow the collector.
		vs := demo.Vendors(n)
		plain := matching.NewCatalog(vs, "bench")
		// "+bookings" is the same catalog with the bookings of 10,000
		// engagements in the program's weeks (benchBookings).
		booked := plain.WithBookings(benchBookings(vs, 10_000))
		vs = nil
		runtime.GC()
		// "full" explains every excluded vendor, as stored shortlists and
		// the CLI do; "api" is what POST /api/v1/match answers by default:
		// the top 25 and the first 200 excluded vendors, with complete
		// counts.
		api := matching.Options{AsOf: opt.AsOf, Weights: opt.Weights, Limit: 25, ExcludedLimit: 200}
		for _, v := range []struct {
			name string
			cat  *matching.Catalog
			opt  matching.Options
		}{
			{"full", plain, opt},
			{"api", plain, api},
			{"full+bookings", booked, opt},
			{"api+bookings", booked, api},
		} {
			cat := v.cat
			b.Run(name+"/"+v.name, func(b *testing.B) {
				b.ReportAllocs()
				var res *matching.Result
				c0 := matching.CPUTime()
				for b.Loop() {
					var err error
					if res, err = matching.Match(cat, req, v.opt); err != nil {
						b.Fatal(err)
					}
				}
				// CPU time per match is robust to other processes on the machine.
				b.ReportMetric(float64(matching.CPUTime()-c0)/float64(b.N), "cpu-ns/op")
				b.ReportMetric(float64(len(res.Shortlist)), "shortlisted")
				b.ReportMetric(float64(res.ExcludedTotal), "excluded")
			})
		}
	}
}

// benchBookings books n engagements at random vendors of vs (fixed seed):
// each takes 2–20 seats a week, in English and for a third of them also
// Spanish, over 3–6 consecutive weeks from late September to early
// November 2027, the demo season, so that they fall in the benchmark
// program's window and some weeks run tight.
func benchBookings(vs []*catalog.Vendor, n int) []matching.Booking {
	r := rand.New(rand.NewPCG(13, 13))
	first := callmatch.MustParseDate("2027-09-20")
	var bs []matching.Booking
	for k := range n {
		v := vs[r.IntN(len(vs))]
		in := fmt.Sprintf("eng-%05d", k)
		start, weeks := first.AddDays(7*r.IntN(5)), 3+r.IntN(4)
		seats := float64(20+r.IntN(180)) / 10
		for w := range weeks {
			day := start.AddDays(7 * w)
			bs = append(bs, matching.Booking{VendorID: v.ID, IntakeID: in, WeekStart: day, Language: "en", Seats: seats})
			if k%3 == 0 {
				bs = append(bs, matching.Booking{VendorID: v.ID, IntakeID: in, WeekStart: day, Language: "es", Seats: seats / 2})
			}
		}
	}
	return bs
}

// BenchmarkWithBookings times making the snapshot with the bookings of
// 10,000 engagements from a catalog: what the server does when bookings
// change, instead of reloading the catalog.
func BenchmarkWithBookings(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		name := fmt.Sprintf("vendors=%d", n)
		if !matchesBench(b, name) {
			continue
		}
		vs := demo.Vendors(n)
		cat, bs := matching.NewCatalog(vs, "bench"), benchBookings(vs, 10_000)
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			c0 := matching.CPUTime()
			for b.Loop() {
				cat.WithBookings(bs)
			}
			b.ReportMetric(float64(matching.CPUTime()-c0)/float64(b.N), "cpu-ns/op")
			b.ReportMetric(float64(len(bs)), "bookings")
		})
	}
}

// matchesBench reports whether -test.bench could select sub-benchmark sub
// of b, so that the catalogs of unselected sizes are never generated.
func matchesBench(b *testing.B, sub string) bool {
	f := flag.Lookup("test.bench")
	if f == nil {
		return true
	}
	parts := strings.Split(f.Value.String(), "/")
	if len(parts) < 2 {
		return true
	}
	re, err := regexp.Compile(parts[1])
	return err != nil || re.MatchString(sub)
}
