package matching

import (
	"bytes"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"callmatch/catalog"
)

func TestMatchInvalid(t *testing.T) {
	cases := map[string]struct {
		req   func(*Request)
		opt   Options
		field string
	}{
		"missing as-of":    {opt: Options{}, field: "as_of"},
		"unknown method":   {opt: Options{AsOf: asOf2026, Method: "electre"}, field: "method"},
		"negative weight":  {opt: Options{AsOf: asOf2026, Weights: &Weights{Cost: -1, Quality: 1}}, field: "weights"},
		"all-zero weights": {opt: Options{AsOf: asOf2026, Weights: &Weights{}}, field: "weights"},
		"NaN weight":       {opt: Options{AsOf: asOf2026, Weights: &Weights{Cost: math.NaN()}}, field: "weights"},
		"negative limit":   {opt: Options{AsOf: asOf2026, Limit: -1}, field: "limit"},
		"end before start": {req: func(r *Request) { r.EndDate = r.StartDate - 1 }, field: "end_date"},
		"shares":           {req: func(r *Request) { r.Languages[0].Share = 0.5 }, field: "languages"},
		"unknown service":  {req: func(r *Request) { r.Services = []string{"robocalls"} }, field: "services"},
		"negative records": {req: func(r *Request) { r.Records = -1 }, field: "records"},
		"unknown issue":    {req: func(r *Request) { r.IssueAreas = []string{"crypto"} }, field: "issue_areas"},
		"unknown audience": {req: func(r *Request) { r.Audiences = []string{"vietnamese"} }, field: "audiences"},
		"negative wage":    {req: func(r *Request) { r.Requirements.MinAgentWageCents = -1 }, field: "requirements.min_agent_wage_cents"},
		"absurd wage":      {req: func(r *Request) { r.Requirements.MinAgentWageCents = 20001 }, field: "requirements.min_agent_wage_cents"},
		"bad assumptions": {opt: Options{AsOf: asOf2026, Assumptions: &Assumptions{}},
			field: "assumptions.contact_rate"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			req := garcia()
			if tc.req != nil {
				tc.req(&req)
			}
			opt := tc.opt
			if tc.req != nil {
				opt.AsOf = asOf2026
			}
			_, err := Match(NewCatalog(nil, ""), req, opt)
			assertInvalid(t, err, tc.field)
		})
	}
}

func TestWeightsNormalized(t *testing.T) {
	res, err := Match(NewCatalog([]*catalog.Vendor{baseVendor()}, ""), garcia(),
		Options{AsOf: asOf2026, Weights: &Weights{Cost: 2, Quality: 2}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Weights != (Weights{Cost: 0.5, Quality: 0.5}) {
		t.Errorf("weights %+v", res.Weights)
	}
	def, _ := Match(NewCatalog(nil, ""), garcia(), Options{AsOf: asOf2026})
	if def.Weights != DefaultWeights || def.Method != MethodSAW {
		t.Errorf("defaults: %+v %s", def.Weights, def.Method)
	}
}

// twins returns vendors that differ only in name and id: they tie.
func twins(names ...string) []*catalog.Vendor {
	var vs []*catalog.Vendor
	for i, n := range names {
		v := baseVendor()
		v.Name, v.ID = n, "id-"+string(rune('a'+i))
		vs = append(vs, v)
	}
	return vs
}

func TestTiesShareRankAndSurviveTheLimit(t *testing.T) {
	vs := twins("Charlie", "Alpha", "Bravo")
	worse := baseVendor()
	worse.Name, worse.ID = "Aardvark", "id-z"
	worse.Metrics.QAScore = 0.5
	vs = append(vs, worse)
	for _, method := range []string{MethodSAW, MethodTOPSIS} {
		res, err := Match(NewCatalog(vs, ""), garcia(), Options{AsOf: asOf2026, Method: method, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, c := range res.Shortlist {
			names = append(names, c.VendorName)
			if c.Rank != 1 {
				t.Errorf("%s: %s has rank %d, want 1", method, c.VendorName, c.Rank)
			}
		}
		if !reflect.DeepEqual(names, []string{"Alpha", "Bravo", "Charlie"}) {
			t.Errorf("%s: shortlist %v, want the whole tie in name order", method, names)
		}
		if !reflect.DeepEqual(res.Ties, [][]string{{"id-b", "id-c", "id-a"}}) {
			t.Errorf("%s: ties %v", method, res.Ties)
		}
	}
}

func TestTiedNamesOrderByID(t *testing.T) {
	vs := twins("Same", "Same")
	vs[0].ID, vs[1].ID = "b", "a"
	res, _ := Match(NewCatalog(vs, ""), garcia(), Options{AsOf: asOf2026})
	if res.Shortlist[0].VendorID != "a" || !reflect.DeepEqual(res.Ties, [][]string{{"a", "b"}}) {
		t.Errorf("shortlist %s %s, ties %v", res.Shortlist[0].VendorID, res.Shortlist[1].VendorID, res.Ties)
	}
}

// TestDeterministic: the same input gives byte-identical JSON, whatever the
// order of the catalog.
func TestDeterministic(t *testing.T) {
	vs := genVendors(7, 120)
	want := marshal(t, mustMatch(t, NewCatalog(vs, "x"), garcia(), Options{AsOf: asOf2026}))
	r := rand.New(rand.NewPCG(1, 2))
	for range 5 {
		shuffled := append([]*catalog.Vendor(nil), vs...)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		got := marshal(t, mustMatch(t, NewCatalog(shuffled, "x"), garcia(), Options{AsOf: asOf2026}))
		if !bytes.Equal(got, want) {
			t.Fatal("result depends on catalog order or on map iteration")
		}
	}
}

func TestEmptyListsAreArrays(t *testing.T) {
	b := marshal(t, mustMatch(t, NewCatalog(nil, ""), garcia(), Options{AsOf: asOf2026}))
	for _, s := range []string{`"shortlist": []`, `"excluded": []`, `"ties": []`, `"exclusion_summary": {}`} {
		if !bytes.Contains(b, []byte(s)) {
			t.Errorf("want %s in %s", s, b[:200])
		}
	}
}

func mustMatch(t testing.TB, cat *Catalog, req Request, opt Options) *Result {
	t.Helper()
	res, err := Match(cat, req, opt)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestExcludedLimit: a capped result lists the first excluded vendors of
// the full result, unchanged, and still counts every one of them.
func TestExcludedLimit(t *testing.T) {
	cat := NewCatalog(genVendors(7, 300), "v")
	full, err := Match(cat, garcia(), Options{AsOf: asOf2026})
	if err != nil {
		t.Fatal(err)
	}
	if full.ExcludedTotal != len(full.Excluded) || full.ExcludedTotal < 10 {
		t.Fatalf("test setup: %d excluded (total %d), want at least 10", len(full.Excluded), full.ExcludedTotal)
	}
	capped, err := Match(cat, garcia(), Options{AsOf: asOf2026, ExcludedLimit: 5})
	if err != nil {
		t.Fatal(err)
	}
	if len(capped.Excluded) != 5 || capped.ExcludedTotal != full.ExcludedTotal {
		t.Fatalf("capped: %d listed, total %d; want 5 listed, total %d", len(capped.Excluded), capped.ExcludedTotal, full.ExcludedTotal)
	}
	if !reflect.DeepEqual(capped.Excluded, full.Excluded[:5]) {
		t.Error("the capped list is not the head of the full list")
	}
	if !reflect.DeepEqual(capped.ExclusionSummary, full.ExclusionSummary) || !reflect.DeepEqual(capped.Shortlist, full.Shortlist) {
		t.Error("capping the excluded list changed the summary or the shortlist")
	}
	if _, err := Match(cat, garcia(), Options{AsOf: asOf2026, ExcludedLimit: -1}); err == nil {
		t.Error("a negative excluded_limit is accepted")
	}
}
