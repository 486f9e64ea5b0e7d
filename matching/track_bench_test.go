package matching_test

import (
	"testing"

	"callmatch/demo"
	"callmatch/matching"
)

// BenchmarkMatchTracked is BenchmarkMatch's "api" match at 10,000
// vendors without track records and with one for every tenth vendor
// (WithTrackRecords), to show that verified figures cost the hot path
// nothing measurable: the quality criterion looks a survivor up once.
// "snapshot" times WithTrackRecords itself, which the watcher runs on
// every reload.
func BenchmarkMatchTracked(b *testing.B) {
	form := demo.Intakes()[0]
	form.ApplyDefaults()
	req := form.MatchRequest()
	opt := matching.Options{AsOf: demo.AsOf, Weights: form.Priorities, Limit: 25, ExcludedLimit: 200}
	vs := demo.Vendors(10_000)
	var ts []matching.TrackRecord
	for i := 0; i < len(vs); i += 10 {
		ts = append(ts, matching.TrackRecord{VendorID: vs[i].ID, Programs: 1 + i%4, Dials: int64(5_000 + 100*i),
			Contacts: int64(600 + 12*i), Scorecards: i % 3, QASum: 0.8 * float64(i%3)})
	}
	plain := matching.NewCatalog(vs, "bench")
	tracked := plain.WithTrackRecords(ts)
	for _, v := range []struct {
		name string
		cat  *matching.Catalog
	}{{"plain", plain}, {"tracked", tracked}} {
		b.Run(v.name, func(b *testing.B) {
			b.ReportAllocs()
			c0 := matching.CPUTime()
			for b.Loop() {
				if _, err := matching.Match(v.cat, req, opt); err != nil {
					b.Fatal(err)
				}
			}
			// CPU time per match is robust to other processes on the machine.
			b.ReportMetric(float64(matching.CPUTime()-c0)/float64(b.N), "cpu-ns/op")
		})
	}
	b.Run("snapshot", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			plain.WithTrackRecords(ts)
		}
	})
}
