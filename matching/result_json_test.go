package matching_test

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"

	"callmatch/demo"
	"callmatch/matching"
)

// AppendJSON must write what encoding/json writes, for every result the
// engine gives: the demo intakes by both methods, with and without limits.
func TestAppendJSONEqualsEncodingJSON(t *testing.T) {
	cat := matching.NewCatalog(demo.Vendors(3000), "v-json")
	for k, form := range demo.Intakes() {
		form.ApplyDefaults()
		for _, opt := range []matching.Options{
			{AsOf: demo.AsOf, Weights: form.Priorities},
			{AsOf: demo.AsOf, Weights: form.Priorities, Method: matching.MethodTOPSIS, Limit: 25, ExcludedLimit: 200},
			{AsOf: demo.AsOf.AddDays(-300), Limit: 3, ExcludedLimit: 1},
			{AsOf: demo.AsOf, Limit: 10, LocalSeats: true},
		} {
			res, err := matching.Match(cat, form.MatchRequest(), opt)
			if err != nil {
				t.Fatal(err)
			}
			checkAppendJSON(t, res)
			// Messaging goals add the experience factor's detail.
			req := form.MatchRequest()
			req.IssueAreas, req.Audiences = []string{"healthcare", "economy"}, []string{"seniors"}
			if res, err = matching.Match(cat, req, opt); err != nil {
				t.Fatal(err)
			}
			checkAppendJSON(t, res)
			if k == 0 && len(res.Shortlist) == 0 {
				t.Fatalf("intake 0 shortlists nobody: the comparison would not cover candidates")
			}
		}
	}
}

// Strings and numbers at the edges of encoding/json's rules, and nil
// slices, which it writes as null.
func TestAppendJSONEdgeCases(t *testing.T) {
	odd := []string{"", "plain", `q"uote\back`, "<b>&</b>", "tab\tnl\ncr\rbs\bff\f", "\x00\x01\x1f\x7f",
		"Ñandú – “smart” ☎", "line\u2028para\u2029", "bad \xff\xfe utf8", "\xe2\x80", strings.Repeat("é", 300)}
	floats := []float64{0, -0.0, 1, -1, 0.1, 1e-6, 9.99e-7, 1e-7, 1.5e-10, 1e20, 1e21, 123456789.125, math.MaxFloat64, math.SmallestNonzeroFloat64, -2.5e-8}
	res := &matching.Result{EngineVersion: "x", Method: "saw", AsOf: "2026-01-02",
		Demand: matching.Demand{Assumptions: map[string]any{"a": 1}}, ExclusionSummary: map[string]int{"b": 2, "a": 1}}
	for i, s := range odd {
		f := floats[i%len(floats)]
		res.Shortlist = append(res.Shortlist, matching.Candidate{Rank: i, VendorID: s, VendorName: s, Score: f,
			ProjectedCostCents: -int64(i), Factors: []matching.Factor{{Criterion: s, Weight: f, Raw: -f, Normalized: floats[(i+3)%len(floats)], Contribution: floats[(i+7)%len(floats)], Detail: s}},
			Warnings: []string{s}, LocalSeats: &res.ExcludedTotal})
		res.Excluded = append(res.Excluded, matching.Excluded{VendorID: s, VendorName: s, Reasons: []matching.Reason{{Code: s, Detail: s}}})
	}
	res.Shortlist = append(res.Shortlist, matching.Candidate{}) // nil factors and warnings
	res.Excluded = append(res.Excluded, matching.Excluded{})    // nil reasons
	res.Ties = [][]string{{"a", "b"}, nil, {}}
	checkAppendJSON(t, res)
	checkAppendJSON(t, &matching.Result{}) // everything nil

	for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		r := &matching.Result{Shortlist: []matching.Candidate{{Score: bad}}}
		if _, err := r.AppendJSON(nil); err == nil {
			t.Errorf("score %v: no error; encoding/json refuses it", bad)
		}
	}
}

// A field added to a result type needs its line in AppendJSON; this fails
// until the count here is updated with it.
func TestAppendJSONKnowsEveryField(t *testing.T) {
	for typ, n := range map[reflect.Type]int{
		reflect.TypeFor[matching.Result]():    11,
		reflect.TypeFor[matching.Candidate](): 8,
		reflect.TypeFor[matching.Factor]():    6,
		reflect.TypeFor[matching.Excluded]():  3,
		reflect.TypeFor[matching.Reason]():    2,
	} {
		if typ.NumField() != n {
			t.Errorf("%s has %d fields; AppendJSON writes %d: teach it the new ones", typ, typ.NumField(), n)
		}
	}
}

func checkAppendJSON(t *testing.T, res *matching.Result) {
	t.Helper()
	want, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	got, err := res.AppendJSON([]byte("prefix"))
	if err != nil {
		t.Fatal(err)
	}
	got = bytes.TrimPrefix(got, []byte("prefix"))
	if !bytes.Equal(got, want) {
		i := 0
		for i < len(got) && i < len(want) && got[i] == want[i] {
			i++
		}
		t.Fatalf("AppendJSON differs from encoding/json at byte %d:\n got …%s\nwant …%s", i, snippet(got, i), snippet(want, i))
	}
}

func snippet(b []byte, i int) string {
	return string(b[max(0, i-40):min(len(b), i+40)])
}

// BenchmarkResultJSON compares encoding/json with AppendJSON on the answer
// POST /api/v1/match gives at API defaults on a 10k catalog (~85 kB).
func BenchmarkResultJSON(b *testing.B) {
	form := demo.Intakes()[0]
	form.ApplyDefaults()
	cat := matching.NewCatalog(demo.Vendors(10_000), "bench")
	res, err := matching.Match(cat, form.MatchRequest(), matching.Options{AsOf: demo.AsOf, Weights: form.Priorities, Limit: 25, ExcludedLimit: 200})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("encoding_json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			out, err := json.Marshal(res)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(out)))
		}
	})
	b.Run("append", func(b *testing.B) {
		b.ReportAllocs()
		var buf []byte
		for b.Loop() {
			var err error
			if buf, err = res.AppendJSON(buf[:0]); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(buf)))
		}
	})
}
