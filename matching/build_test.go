package matching

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"callmatch/catalog"
)

// TestCatalogBuilderOrder feeds a builder vendors in another order than
// NewCatalog gets them, as a streamed snapshot does: the catalogs must give
// the same results, and neither may depend on the vendors afterwards.
func TestCatalogBuilderOrder(t *testing.T) {
	// Enough vendors that every staging arena spans blocks.
	vs := genVendors(11, 3000)
	vs[3].Status = "archived" // unknown codes are explained as given
	vs[7].Name = vs[8].Name   // equal names order by id
	// A name longer than a block of staged text.
	long := strings.Repeat("Long Name ", textBlock/8)
	vs[5].Name = long
	vs[9].Sites = append(vs[9].Sites, catalog.Site{Country: "PH", City: "Cebu", Seats: 50})
	withGoalFacts(vs)
	shuffled := append([]*catalog.Vendor(nil), vs...)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })

	want := NewCatalog(append(vs, nil), "v1")
	b := NewCatalogBuilder("v1")
	for _, v := range shuffled {
		b.Add(v)
	}
	b.Add(nil)
	if b.Len() != len(vs) {
		t.Fatalf("builder Len = %d, want %d", b.Len(), len(vs))
	}
	got := b.Catalog()
	if got.Len() != len(vs) || want.Len() != len(vs) {
		t.Fatalf("Len = %d and %d, want %d", got.Len(), want.Len(), len(vs))
	}
	if empty := b.Catalog(); b.Len() != 0 || empty.Len() != 0 || empty.Version() != "v1" {
		t.Fatalf("builder after Catalog: Len %d, catalog Len %d version %q", b.Len(), empty.Len(), empty.Version())
	}
	// The catalogs must not read the vendors they were built from.
	for _, v := range vs {
		*v = catalog.Vendor{ID: "gone", Name: "gone", Status: "gone"}
	}
	goals := garcia()
	goals.IssueAreas, goals.Audiences = []string{"healthcare", "economy"}, []string{"seniors"}
	goals.Requirements.MinAgentWageCents = 1500
	for _, opt := range []Options{{AsOf: asOf2026}, {AsOf: asOf2026, Method: MethodTOPSIS}, {AsOf: asOf2026, LocalSeats: true}} {
		req := garcia()
		if opt.LocalSeats {
			req = goals
		}
		rw, err := Match(want, req, opt)
		if err != nil {
			t.Fatal(err)
		}
		rg, err := Match(got, req, opt)
		if err != nil {
			t.Fatal(err)
		}
		a, b := marshal(t, rw), marshal(t, rg)
		if !bytes.Equal(a, b) {
			t.Fatalf("results differ with %+v", opt)
		}
		for _, s := range []string{`"status is archived"`, "Cebu (PH)", long} {
			if !bytes.Contains(a, []byte(s)) {
				t.Errorf("result lacks %s", s)
			}
		}
		if bytes.Contains(a, []byte("gone")) {
			t.Error("result reads a vendor after the catalog was built")
		}
	}
}

// TestCatalogArenasSpanBlocks checks a large catalog against one catalog
// per vendor, whose facts sit in a single staging block: what depends on
// the vendor alone (exclusion reasons; raw criteria, cost and warnings of
// survivors) must not depend on where its facts were staged.
func TestCatalogArenasSpanBlocks(t *testing.T) {
	vs := withGoalFacts(genVendors(12, 3000))
	opt := Options{AsOf: asOf2026, LocalSeats: true}
	req := garcia()
	req.IssueAreas, req.Audiences = []string{"healthcare", "economy"}, []string{"seniors"}
	req.Requirements.MinAgentWageCents = 1500
	res, err := Match(NewCatalog(vs, "all"), req, opt)
	if err != nil {
		t.Fatal(err)
	}
	own := func(r *Result) string {
		for _, e := range r.Excluded {
			return string(marshal(t, e))
		}
		c := r.Shortlist[0]
		raw := make([]float64, len(c.Factors))
		for j, f := range c.Factors {
			raw[j] = f.Raw
		}
		return string(marshal(t, []any{c.VendorID, c.VendorName, c.ProjectedCostCents, c.Warnings, raw,
			c.Factors[critExperience].Detail, *c.LocalSeats}))
	}
	got := map[string]string{}
	for _, e := range res.Excluded {
		got[e.VendorID] = own(&Result{Excluded: []Excluded{e}})
	}
	for _, c := range res.Shortlist {
		got[c.VendorID] = own(&Result{Shortlist: []Candidate{c}})
	}
	if len(got) != len(vs) {
		t.Fatalf("%d vendors in the result, want %d", len(got), len(vs))
	}
	for _, v := range vs {
		one, err := Match(NewCatalog([]*catalog.Vendor{v}, "one"), req, opt)
		if err != nil {
			t.Fatal(err)
		}
		if want := own(one); got[v.ID] != want {
			t.Fatalf("vendor %s:\n got %s\nwant %s", v.ID, got[v.ID], want)
		}
	}
}

// withGoalFacts gives two of every three vendors messaging-goal experience
// and a wage floor, and a site in a second state.
func withGoalFacts(vs []*catalog.Vendor) []*catalog.Vendor {
	for i, v := range vs {
		if i%3 == 0 {
			continue
		}
		v.IssueExperience = []string{catalog.IssueAreas[i%len(catalog.IssueAreas)]}
		v.AudienceExperience = []string{catalog.Audiences[i%len(catalog.Audiences)]}
		v.Labor = &catalog.Labor{AgentWageFloorCents: int64(1000 + 100*(i%11))}
		v.Sites = append(v.Sites, catalog.Site{Country: "US", Region: catalog.States[i%len(catalog.States)], City: "Elsewhere", Seats: i % 40})
	}
	return vs
}
