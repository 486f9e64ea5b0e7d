package meili_test

import (
	"slices"
	"testing"

	"callmatch/catalog"
)

// State names match with a typo, codes match as synonyms of the names,
// and a search that finds nothing offers a correction that finds vendors.
func TestSearchStatesTyposAndDidYouMean(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.create(append(fixture(), vendor("buckeye-calls", "Buckeye Calls", func(v *catalog.Vendor) {
		v.Sites = []catalog.Site{{Country: "US", Region: "OH", City: "Columbus", Timezone: "America/New_York", Seats: 70}}
	}))...)
	e.reindex()

	for text, want := range map[string][]string{
		"ohoi":        {"buckeye-calls"}, // one swap in a four-letter name
		"Ohio":        {"buckeye-calls"},
		"oh":          {"buckeye-calls"}, // the code (and a prefix of the name)
		"TX":          {"lone-star-contact", "frontera-voces"},
		"OH gotv":     {"buckeye-calls"},
		"Pensilvania": {"keystone-dialers"}, // the Spanish name
		"Louisianna":  {"bayou-outreach"},
		// A code as the last word is also a prefix: "ga" finds Golden
		// Gate, "pa" El Paso, as typing a name would.
		"ga": {"golden-gate-callers", "peach-state-phones"},
		"pa": {"frontera-voces", "keystone-dialers", "golden-gate-callers"},
	} {
		res := search(t, e, catalog.SearchQuery{Text: text})
		if got := slugs(res); !slices.Equal(got, want) {
			t.Errorf("%q found %v, want %v", text, got, want)
		}
		if res.DidYouMean != "" {
			t.Errorf("%q found vendors and still offers %q", text, res.DidYouMean)
		}
	}

	res := search(t, e, catalog.SearchQuery{Text: "ihio"}) // a first-letter typo costs two
	if res.Total != 0 || res.DidYouMean != "ohio" {
		t.Errorf(`"ihio": %d hits, did you mean %q; want none and "ohio"`, res.Total, res.DidYouMean)
	}
	if res := search(t, e, catalog.SearchQuery{Text: "ihio", Filter: catalog.VendorFilter{Language: "zh"}}); res.DidYouMean != "" {
		t.Errorf("a correction that finds nothing under the filters is offered: %q", res.DidYouMean)
	}
	if res := search(t, e, catalog.SearchQuery{Text: "qqqqzz"}); res.Total != 0 || res.DidYouMean != "" {
		t.Errorf("nonsense: %d hits, did you mean %q", res.Total, res.DidYouMean)
	}
}
