package matching_test

import (
	"fmt"
	"testing"

	"callmatch/demo"
	"callmatch/matching"
)

// BenchmarkBoard times the peak-season board the desk draws on each visit:
// the demo's seven intakes over a demo catalog with the bookings of 10,000
// engagements, from the demo's date through election day 2027 (49 weeks).
// The cost is vendors × weeks × (languages + 1) free-seat lookups.
func BenchmarkBoard(b *testing.B) {
	var intakes []matching.BoardIntake
	for i, f := range demo.Intakes() {
		f.ApplyDefaults()
		intakes = append(intakes, matching.BoardIntake{ID: fmt.Sprint(i), Request: f.MatchRequest()})
	}
	opt := matching.BoardOptions{AsOf: demo.AsOf, Through: demo.ElectionDay2027}
	for _, n := range []int{10_000, 100_000} {
		name := fmt.Sprintf("vendors=%d", n)
		if !matchesBench(b, name) {
			continue
		}
		vs := demo.Vendors(n)
		cat := matching.NewCatalog(vs, "bench").WithBookings(benchBookings(vs, 10_000))
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := matching.NewBoard(cat, intakes, opt); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
