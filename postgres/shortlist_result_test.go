package postgres

import (
	"encoding/json"
	"reflect"
	"testing"

	"callmatch/demo"
	"callmatch/matching"
)

// A stored result reads back as encoding/json reads it, but for the
// excluded list, which is left out (the API sends the stored bytes).
func TestDecodeStoredResultSkipsExcluded(t *testing.T) {
	t.Parallel()
	cat := matching.NewCatalog(demo.Vendors(400), "7")
	for _, f := range demo.Intakes() {
		res, err := matching.Match(cat, f.MatchRequest(), matching.Options{AsOf: demo.AsOf, Limit: 25})
		if err != nil {
			t.Fatal(err)
		}
		raw, err := json.Marshal(res)
		if err != nil {
			t.Fatal(err)
		}
		var want matching.Result
		if err := json.Unmarshal(raw, &want); err != nil {
			t.Fatal(err)
		}
		if len(want.Excluded) == 0 {
			t.Fatalf("%s: no excluded vendor; the test needs some", f.Campaign.Name)
		}
		want.Excluded = nil
		got, err := decodeStoredResult(raw)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(*got, want) {
			t.Errorf("%s: decoded %+v\nwant %+v", f.Campaign.Name, *got, want)
		}
	}
	if _, err := decodeStoredResult([]byte(`{"excluded": [1, 2`)); err == nil {
		t.Error("a truncated result decoded")
	}
}

// BenchmarkDecodeStoredResult: a stored result of the 10k demo catalog
// (every exclusion explained, as shortlists keep it), read whole with
// encoding/json as before and without its excluded list as now.
func BenchmarkDecodeStoredResult(b *testing.B) {
	cat := matching.NewCatalog(demo.Vendors(10_000), "7")
	res, err := matching.Match(cat, demo.Intakes()[0].MatchRequest(), matching.Options{AsOf: demo.AsOf, Limit: 25})
	if err != nil {
		b.Fatal(err)
	}
	raw, _ := json.Marshal(res)
	b.SetBytes(int64(len(raw)))
	b.Run("encoding_json", func(b *testing.B) {
		for b.Loop() {
			var r matching.Result
			if err := json.Unmarshal(raw, &r); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("skip_excluded", func(b *testing.B) {
		for b.Loop() {
			if _, err := decodeStoredResult(raw); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// cutExcluded finds the top-level list only, across escaped quotes, and
// leaves anything else to the decoder.
func TestCutExcluded(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		`{"a":"x\"excluded\":[1]","excluded":[{"d":"a \\\" ] }"},[2]],"excluded_total":2}`: `{"a":"x\"excluded\":[1]","excluded":null,"excluded_total":2}`,
		`{"excluded": [], "ties": null}`:             `{"excluded": null, "ties": null}`,
		`{"demand":{"excluded":[1]},"excluded":[2]}`: "", // the first match is nested: left to the decoder
		`{"excluded":null}`:                          "",
		`{"excluded":[1,2`:                           "",
		`{"a":"unterminated`:                         "",
		`{"shortlist":[]}`:                           "",
	} {
		got := cutExcluded([]byte(in))
		if string(got) != want {
			t.Errorf("cutExcluded(%s) = %s, want %q", in, got, want)
		}
	}
}
