package matching

import (
	"bytes"
	"encoding/json"
	"testing"

	"callmatch/catalog"
)

// experienceOf matches one vendor and returns its experience factor.
func experienceOf(t *testing.T, v *catalog.Vendor, req Request) Factor {
	t.Helper()
	res := mustMatch(t, NewCatalog([]*catalog.Vendor{v}, "t"), req, Options{AsOf: asOf2026})
	if len(res.Shortlist) != 1 {
		t.Fatalf("vendor not shortlisted: %+v", res.Excluded)
	}
	return res.Shortlist[0].Factors[critExperience]
}

// The experience criterion is (matched states + services + issue areas +
// audiences) ÷ (all of them requested); without messaging goals it is
// states and services alone, and it explains itself only with goals.
func TestExperienceWithAndWithoutGoals(t *testing.T) {
	cases := []struct {
		name         string
		vendor       func(*catalog.Vendor)
		issues, auds []string
		want         float64
		detail       string
	}{
		{name: "no goals, state known", want: 1},
		{name: "no goals, state unknown", vendor: func(v *catalog.Vendor) { v.StateExperience = nil }, want: 0.5},
		{name: "no goals: the vendor's goal experience does not count", vendor: func(v *catalog.Vendor) {
			v.StateExperience = nil
			v.IssueExperience, v.AudienceExperience = []string{"healthcare"}, []string{"seniors"}
		}, want: 0.5},
		{name: "goals all matched", vendor: func(v *catalog.Vendor) {
			v.IssueExperience, v.AudienceExperience = []string{"healthcare", "taxes"}, []string{"seniors"}
		}, issues: []string{"healthcare"}, auds: []string{"seniors"}, want: 1,
			detail: "has worked in TX, on healthcare and with seniors"},
		{name: "goals partly matched", vendor: func(v *catalog.Vendor) {
			v.IssueExperience, v.AudienceExperience = []string{"healthcare"}, []string{"seniors"}
		}, issues: []string{"healthcare", "education"}, auds: []string{"seniors", "aapi"}, want: 4.0 / 6,
			detail: "has worked in TX, on healthcare and with seniors; lists no work on education or with AAPI voters"},
		{name: "goals unmatched, state known", issues: []string{"healthcare"}, auds: []string{"seniors", "young_voters"},
			want: 2.0 / 5, detail: "has worked in TX; lists no work on healthcare or with seniors or young voters"},
		{name: "nothing matched but the service", vendor: func(v *catalog.Vendor) { v.StateExperience = []string{"AZ"} },
			auds: []string{"latino"}, want: 1.0 / 3, detail: "lists no work in TX or with Latino voters"},
		{name: "a goal named twice counts once", vendor: func(v *catalog.Vendor) { v.IssueExperience = []string{"housing"} },
			issues: []string{"housing", "housing"}, want: 1, detail: "has worked in TX and on housing"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v, req := baseVendor(), garcia()
			if tc.vendor != nil {
				tc.vendor(v)
			}
			req.IssueAreas, req.Audiences = tc.issues, tc.auds
			f := experienceOf(t, v, req)
			if !near(f.Raw, tc.want) {
				t.Errorf("experience %v, want %v", f.Raw, tc.want)
			}
			if f.Detail != tc.detail {
				t.Errorf("detail %q, want %q", f.Detail, tc.detail)
			}
		})
	}
}

// A request without messaging goals gives the very same result, byte for
// byte, whatever goal experience or labor the vendors declare: the
// golden files stay valid for every intake made before goals existed.
func TestNoGoalsIgnoresGoalFacts(t *testing.T) {
	plain := genVendors(40, 40)
	dressed := genVendors(40, 40)
	for i, v := range dressed {
		v.IssueExperience = catalog.IssueAreas[i%5 : i%5+3]
		v.AudienceExperience = catalog.Audiences[i%7 : i%7+2]
		v.Labor = &catalog.Labor{AgentWageFloorCents: int64(1500 + 10*i), Employment: "employed"}
	}
	for _, opt := range []Options{{AsOf: asOf2026}, {AsOf: asOf2026, Method: MethodTOPSIS, Limit: 5}} {
		a := marshal(t, mustMatch(t, NewCatalog(plain, "g"), garcia(), opt))
		b := marshal(t, mustMatch(t, NewCatalog(dressed, "g"), garcia(), opt))
		if !bytes.Equal(a, b) {
			t.Errorf("%s: goal experience changed a result without goals", opt.Method)
		}
	}
}

// Goals move the ranking: of two vendors alike but for their experience,
// the one that has worked the campaign's issue and audience ranks first.
func TestGoalsChangeTheRanking(t *testing.T) {
	a, b := baseVendor(), baseVendor()
	a.ID, a.Name = "v-a", "A Calls"
	b.ID, b.Name = "v-b", "B Calls"
	b.IssueExperience, b.AudienceExperience = []string{"healthcare"}, []string{"seniors"}
	cat := NewCatalog([]*catalog.Vendor{a, b}, "t")
	req := garcia()
	res := mustMatch(t, cat, req, Options{AsOf: asOf2026})
	if len(res.Ties) != 1 {
		t.Fatalf("without goals the two should tie: %v", res.Ties)
	}
	req.IssueAreas, req.Audiences = []string{"healthcare"}, []string{"seniors"}
	res = mustMatch(t, cat, req, Options{AsOf: asOf2026})
	if res.Shortlist[0].VendorID != "v-b" || res.Shortlist[0].Rank != 1 || res.Shortlist[1].Rank != 2 {
		t.Errorf("with goals: %+v", res.Shortlist)
	}
}

// Local employment counts the seats of US sites in the target states, is
// filled only on request, and never changes a score.
func TestLocalSeats(t *testing.T) {
	v := baseVendor()
	v.Sites = []catalog.Site{
		{Country: "US", Region: "TX", City: "Austin", Seats: 120},
		{Country: "US", Region: "TX", City: "El Paso", Seats: 30},
		{Country: "US", Region: "AZ", City: "Phoenix", Seats: 40},
		{Country: "US", Region: "NM", City: "Albuquerque", Seats: 25},
	}
	cat := NewCatalog([]*catalog.Vendor{v}, "t")
	req := garcia()
	req.TargetStates = []string{"TX", "AZ"}
	plain := mustMatch(t, cat, req, Options{AsOf: asOf2026})
	if plain.Shortlist[0].LocalSeats != nil {
		t.Errorf("local seats without asking: %d", *plain.Shortlist[0].LocalSeats)
	}
	res := mustMatch(t, cat, req, Options{AsOf: asOf2026, LocalSeats: true})
	c := res.Shortlist[0]
	if c.LocalSeats == nil || *c.LocalSeats != 190 {
		t.Fatalf("local seats %v, want 190 (TX 150 + AZ 40, not NM)", c.LocalSeats)
	}
	raw, _ := json.Marshal(c)
	if !bytes.Contains(raw, []byte(`"local_seats":190`)) {
		t.Errorf("JSON %s", raw)
	}
	res.Shortlist[0].LocalSeats = nil
	if a, b := marshal(t, plain), marshal(t, res); !bytes.Equal(a, b) {
		t.Error("asking for local seats changed the result")
	}

	none := baseVendor()
	none.Sites = []catalog.Site{{Country: "US", Region: "NM", City: "Albuquerque", Seats: 500}}
	res = mustMatch(t, NewCatalog([]*catalog.Vendor{none}, "t"), garcia(), Options{AsOf: asOf2026, LocalSeats: true})
	if n := res.Shortlist[0].LocalSeats; n == nil || *n != 0 {
		t.Errorf("a vendor with no site in the target states: %v, want 0", n)
	}
}
