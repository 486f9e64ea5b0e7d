package meili_test

import (
	"maps"
	"slices"
	"testing"

	"callmatch"
	"callmatch/catalog"
	"callmatch/demo"
	"callmatch/meili"
)

func d(s string) callmatch.Date { return callmatch.MustParseDate(s) }

func cert(kind, status, issued, expires string) catalog.Certification {
	c := catalog.Certification{Kind: kind, Status: status, ExpiresOn: d(expires)}
	if issued != "" {
		c.IssuedOn = d(issued)
	}
	return c
}

func vendor(slug, name string, opts func(v *catalog.Vendor)) *catalog.Vendor {
	v := &catalog.Vendor{
		Slug: slug, Name: name, Status: catalog.StatusActive,
		Sites:     []catalog.Site{{Country: "US", Region: "TX", City: "Austin", Timezone: "America/Chicago", Seats: 100}},
		Services:  []string{"gotv"},
		Serves:    []string{"democratic"},
		Languages: []catalog.LanguageSeats{{Code: "en", Seats: 50}},
		Capacity:  catalog.Capacity{HoursPerDay: 8},
		Rates:     []catalog.Rate{{Service: "gotv", Model: "per_agent_hour", AmountCents: 3000}},
	}
	opts(v)
	return v
}

// fixture is a small market whose every facet count can be checked by hand.
// asOf is 2026-12-01.
func fixture() []*catalog.Vendor {
	return []*catalog.Vendor{
		vendor("lone-star-contact", "Lone Star Contact", func(v *catalog.Vendor) {
			v.Description = "Bilingual get-out-the-vote calling from central Texas."
			v.Languages = []catalog.LanguageSeats{{Code: "en", Seats: 100}, {Code: "es", Seats: 45}}
			v.Services = []string{"gotv", "fundraising"}
			v.Serves = []string{"democratic", "nonpartisan"}
			v.UnionShop = true
			v.IssueExperience, v.AudienceExperience = []string{"healthcare", "immigration"}, []string{"latino", "seniors"}
			v.Rates = []catalog.Rate{{Service: "gotv", Model: "per_agent_hour", AmountCents: 2800}}
			v.Certifications = []catalog.Certification{cert("pci_dss", "verified", "2026-01-10", "2027-01-10")}
		}),
		vendor("peach-state-phones", "Peach State Phones", func(v *catalog.Vendor) {
			v.Sites = []catalog.Site{{Country: "US", Region: "GA", City: "Atlanta", Timezone: "America/New_York", Seats: 80}}
			v.Services = []string{"persuasion", "polling"}
			v.Serves = []string{"republican"}
			v.Rates = []catalog.Rate{{Service: "polling", Model: "per_complete", AmountCents: 3100}}
			// Expires on the as-of day: still counts.
			v.Certifications = []catalog.Certification{cert("soc2_type2", "verified", "2025-12-01", "2026-12-01")}
		}),
		vendor("frontera-voces", "Frontera Voces", func(v *catalog.Vendor) {
			v.Sites = []catalog.Site{
				{Country: "US", Region: "TX", City: "El Paso", Timezone: "America/Denver", Seats: 60},
				{Country: "MX", Region: "CHH", City: "Ciudad Juarez", Timezone: "America/Ciudad_Juarez", Seats: 130},
			}
			v.Languages = []catalog.LanguageSeats{{Code: "en", Seats: 50}, {Code: "es", Seats: 190}}
			v.Services = []string{"gotv", "voter_registration"}
			v.Rates = []catalog.Rate{{Service: "gotv", Model: "per_agent_hour", AmountCents: 1900}}
			v.Certifications = []catalog.Certification{
				cert("pci_dss", "verified", "2025-11-30", "2026-11-30"), // expired the day before
				cert("tcpa_audit", "pending", "2026-10-01", "2027-10-01"),
			}
		}),
		vendor("keystone-dialers", "Keystone Dialers", func(v *catalog.Vendor) {
			v.Sites = []catalog.Site{{Country: "US", Region: "PA", City: "Philadelphia", Timezone: "America/New_York", Seats: 150}}
			v.Languages = []catalog.LanguageSeats{{Code: "en", Seats: 150}, {Code: "es", Seats: 0}}
			v.Services = []string{"gotv", "p2p_texting"}
			v.Serves = []string{"democratic", "independent"}
			v.UnionShop = true
			v.IssueExperience, v.AudienceExperience = []string{"labor", "healthcare"}, []string{"union_households"}
			v.Rates = []catalog.Rate{{Service: "gotv", Model: "per_agent_hour", AmountCents: 2600},
				{Service: "p2p_texting", Model: "per_message", AmountCents: 4}}
			v.Certifications = []catalog.Certification{
				cert("pci_dss", "verified", "2025-01-01", "2026-06-01"),
				cert("pci_dss", "verified", "2026-05-20", "2027-05-20"), // the renewal
				cert("iso27001", "rejected", "2026-01-01", "2027-01-01"),
			}
		}),
		vendor("bayou-outreach", "Bayou Outreach", func(v *catalog.Vendor) {
			v.Sites = []catalog.Site{{Country: "US", Region: "LA", City: "New Orleans", Timezone: "America/Chicago", Seats: 40}}
			v.Languages = []catalog.LanguageSeats{{Code: "en", Seats: 40}, {Code: "fr", Seats: 10}, {Code: "ht", Seats: 5}}
			v.Services = []string{"advocacy"}
			v.Serves = []string{"nonpartisan"}
			v.Rates = nil
			v.Certifications = []catalog.Certification{cert("gdpr_dpa", "verified", "2026-12-02", "2027-12-02")} // not yet in force
		}),
		vendor("golden-gate-callers", "Golden Gate Callers", func(v *catalog.Vendor) {
			v.Sites = []catalog.Site{
				{Country: "US", Region: "CA", City: "San Francisco", Timezone: "America/Los_Angeles", Seats: 120},
				{Country: "US", Region: "CA", City: "Los Angeles", Timezone: "America/Los_Angeles", Seats: 80},
			}
			v.Languages = []catalog.LanguageSeats{{Code: "en", Seats: 200}, {Code: "zh", Seats: 40}, {Code: "vi", Seats: 20}, {Code: "es", Seats: 60}}
			v.Services = []string{"gotv", "persuasion", "tele_town_hall"}
			v.UnionShop = true
			v.IssueExperience, v.AudienceExperience = []string{"immigration"}, []string{"aapi"}
			v.Rates = []catalog.Rate{{Service: "gotv", Model: "per_agent_hour", AmountCents: 3500},
				{Service: "tele_town_hall", Model: "per_contact", AmountCents: 90}}
			v.Certifications = []catalog.Certification{cert("soc2_type1", "verified", "", "2027-03-01")}
		}),
		vendor("draft-dialing", "Draft Dialing", func(v *catalog.Vendor) {
			v.Status = catalog.StatusDraft
			v.Sites = []catalog.Site{{Country: "PH", Region: "NCR", City: "Manila", Timezone: "Asia/Manila", Seats: 300}}
			v.Languages = []catalog.LanguageSeats{{Code: "en", Seats: 300}, {Code: "tl", Seats: 100}}
		}),
	}
}

func search(t *testing.T, e *env, q catalog.SearchQuery) *catalog.SearchResult {
	t.Helper()
	res, err := e.ix.SearchVendors(e.ctx, q)
	if err != nil {
		t.Fatalf("search %+v: %v", q, err)
	}
	return res
}

func slugs(res *catalog.SearchResult) []string {
	out := []string{}
	for _, h := range res.Hits {
		out = append(out, h.Slug)
	}
	return out
}

func TestSearch(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.create(fixture()...)
	e.reindex()

	t.Run("typo finds the vendor", func(t *testing.T) {
		for _, text := range []string{"Keystne", "keystone dailers", "frontrea voces", "Golden Gate Calers"} {
			res := search(t, e, catalog.SearchQuery{Text: text})
			if len(res.Hits) == 0 {
				t.Errorf("%q found nothing", text)
				continue
			}
			if want := map[string]string{"Keystne": "keystone-dialers", "keystone dailers": "keystone-dialers",
				"frontrea voces": "frontera-voces", "Golden Gate Calers": "golden-gate-callers"}[text]; res.Hits[0].Slug != want {
				t.Errorf("%q: first hit %s, want %s (all: %v)", text, res.Hits[0].Slug, want, slugs(res))
			}
		}
	})
	t.Run("words for codes", func(t *testing.T) {
		res := search(t, e, catalog.SearchQuery{Text: "spanish gotv texas union"})
		if len(res.Hits) == 0 || res.Hits[0].Slug != "lone-star-contact" {
			t.Errorf("first hits %v, want lone-star-contact first", slugs(res))
		}
		// Issue areas and audiences are spelled out too.
		res = search(t, e, catalog.SearchQuery{Text: "health care older voters"})
		if len(res.Hits) == 0 || res.Hits[0].Slug != "lone-star-contact" {
			t.Errorf("first hits %v, want lone-star-contact first", slugs(res))
		}
		res = search(t, e, catalog.SearchQuery{Text: "Asian American"})
		if got := slugs(res); !slices.Equal(got, []string{"golden-gate-callers"}) {
			t.Errorf("audience search: %v", got)
		}
		res = search(t, e, catalog.SearchQuery{Text: "Philadelphia"})
		if got := slugs(res); !slices.Equal(got, []string{"keystone-dialers"}) {
			t.Errorf("city search: %v", got)
		}
	})
	t.Run("facets", func(t *testing.T) {
		res := search(t, e, catalog.SearchQuery{})
		want := map[string]map[string]int{
			"languages":           {"en": 7, "es": 3, "fr": 1, "ht": 1, "zh": 1, "vi": 1, "tl": 1},
			"services":            {"gotv": 5, "fundraising": 1, "persuasion": 2, "polling": 1, "voter_registration": 1, "p2p_texting": 1, "advocacy": 1, "tele_town_hall": 1},
			"serves":              {"democratic": 5, "nonpartisan": 2, "republican": 1, "independent": 1},
			"states":              {"TX": 2, "GA": 1, "PA": 1, "LA": 1, "CA": 1},
			"certifications":      {"pci_dss": 2, "soc2_type2": 1, "soc2_type1": 1},
			"issue_experience":    {"healthcare": 2, "immigration": 2, "labor": 1},
			"audience_experience": {"latino": 1, "seniors": 1, "union_households": 1, "aapi": 1},
		}
		if res.Total != 7 {
			t.Errorf("total %d, want 7", res.Total)
		}
		for f, counts := range want {
			if !maps.Equal(res.Facets[f], counts) {
				t.Errorf("facet %s = %v, want %v", f, res.Facets[f], counts)
			}
		}
		// A filter narrows the counts to the hits.
		res = search(t, e, catalog.SearchQuery{Filter: catalog.VendorFilter{State: "TX"}})
		if !maps.Equal(res.Facets["certifications"], map[string]int{"pci_dss": 1}) ||
			!maps.Equal(res.Facets["languages"], map[string]int{"en": 2, "es": 2}) ||
			!maps.Equal(res.Facets["issue_experience"], map[string]int{"healthcare": 1, "immigration": 1}) {
			t.Errorf("TX facets: %v", res.Facets)
		}
		// The same index a day later: certifications are judged on the
		// query's day, not the day they were indexed.
		res = search(t, e, catalog.SearchQuery{AsOf: asOf.AddDays(1)})
		if !maps.Equal(res.Facets["certifications"], map[string]int{"pci_dss": 2, "soc2_type1": 1, "gdpr_dpa": 1}) {
			t.Errorf("certifications on %s: %v", asOf.AddDays(1), res.Facets["certifications"])
		}
	})
	t.Run("filters combine", func(t *testing.T) {
		yes, no := true, false
		for _, c := range []struct {
			f    catalog.VendorFilter
			want []string
		}{
			{catalog.VendorFilter{Language: "es", Service: "gotv"}, []string{"frontera-voces", "golden-gate-callers", "lone-star-contact"}},
			{catalog.VendorFilter{Language: "es", Service: "gotv", UnionShop: &yes}, []string{"golden-gate-callers", "lone-star-contact"}},
			{catalog.VendorFilter{Language: "es", Onshore: &no}, []string{"frontera-voces"}},
			{catalog.VendorFilter{Certification: "pci_dss"}, []string{"keystone-dialers", "lone-star-contact"}},
			{catalog.VendorFilter{Certification: "pci_dss", State: "TX"}, []string{"lone-star-contact"}},
			{catalog.VendorFilter{Serves: "democratic", Status: "draft"}, []string{"draft-dialing"}},
			{catalog.VendorFilter{Service: "advocacy", Language: "ht", Serves: "nonpartisan", Onshore: &yes}, []string{"bayou-outreach"}},
			{catalog.VendorFilter{Service: "polling", Language: "es"}, []string{}},
			{catalog.VendorFilter{IssueArea: "healthcare"}, []string{"keystone-dialers", "lone-star-contact"}},
			{catalog.VendorFilter{IssueArea: "immigration", Audience: "aapi"}, []string{"golden-gate-callers"}},
			{catalog.VendorFilter{Audience: "seniors", State: "PA"}, []string{}},
		} {
			res := search(t, e, catalog.SearchQuery{Filter: c.f})
			if got := slugs(res); !slices.Equal(got, c.want) || res.Total != len(c.want) {
				t.Errorf("%+v: %v (total %d), want %v", c.f, got, res.Total, c.want)
			}
		}
	})
	t.Run("sort", func(t *testing.T) {
		res := search(t, e, catalog.SearchQuery{Sort: "lowest_rate"})
		want := []string{"keystone-dialers", "golden-gate-callers", "frontera-voces", "lone-star-contact",
			"draft-dialing", "peach-state-phones", "bayou-outreach"} // no rates: last
		if got := slugs(res); !slices.Equal(got, want) {
			t.Errorf("by lowest rate: %v, want %v", got, want)
		}
		res = search(t, e, catalog.SearchQuery{Sort: "-total_seats", Filter: catalog.VendorFilter{PerPage: 2, Page: 2}})
		if got := slugs(res); !slices.Equal(got, []string{"frontera-voces", "keystone-dialers"}) || res.Total != 7 {
			t.Errorf("by seats, page 2: %v total %d", got, res.Total)
		}
	})
	t.Run("hit shape", func(t *testing.T) {
		res := search(t, e, catalog.SearchQuery{Text: "Keystone"})
		h := res.Hits[0]
		if !slices.Equal(h.Languages, []string{"en"}) || !slices.Equal(h.Certifications, []string{"pci_dss"}) ||
			h.LowestRateCents == nil || *h.LowestRateCents != 4 || h.TotalSeats != 150 || !h.UnionShop || !h.Onshore ||
			!slices.Equal(h.States, []string{"PA"}) || !slices.Equal(h.Cities, []string{"Philadelphia"}) ||
			!slices.Equal(h.IssueExperience, []string{"labor", "healthcare"}) || !slices.Equal(h.AudienceExperience, []string{"union_households"}) {
			t.Errorf("hit %+v", h)
		}
	})
	t.Run("invalid values name the parameter", func(t *testing.T) {
		for _, q := range []catalog.SearchQuery{
			{Filter: catalog.VendorFilter{Language: "spanish"}},
			{Filter: catalog.VendorFilter{IssueArea: "crime"}},
			{Filter: catalog.VendorFilter{Audience: `seniors" OR status = "draft`}},
			{Filter: catalog.VendorFilter{Certification: `pci_dss" OR status = "draft`}},
			{Sort: "price"},
			{Filter: catalog.VendorFilter{Page: 60, PerPage: 20}},
		} {
			_, err := e.ix.SearchVendors(e.ctx, q)
			if callmatch.ErrorCode(err) != callmatch.EINVALID {
				t.Errorf("%+v: %v, want invalid", q, err)
			}
		}
	})
}

// TestSearchAgreesWithPostgres runs the same filters through the search
// index and through the store's SQL on the demo catalog: the id sets and
// totals must agree, and facet counts must match what the vendors say.
func TestSearchAgreesWithPostgres(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	if _, _, err := e.store.UpsertVendors(e.ctx, demo.Vendors(300)); err != nil {
		t.Fatal(err)
	}
	e.reindex()
	yes, no := true, false
	filters := []catalog.VendorFilter{{}, {Language: "es"}, {Service: "gotv", State: "TX"},
		{Certification: "pci_dss"}, {Certification: "soc2_type2", UnionShop: &yes}, {Onshore: &no, Language: "tl"},
		{Serves: "republican", Service: "polling"}, {Status: "active", Certification: "tcpa_audit", Language: "en"},
		{IssueArea: "healthcare"}, {Audience: "seniors", Service: "gotv"}, {IssueArea: "immigration", Audience: "latino"}}
	for _, lang := range []string{"vi", "zh", "ko"} {
		for _, svc := range []string{"persuasion", "p2p_texting"} {
			filters = append(filters, catalog.VendorFilter{Language: lang, Service: svc})
		}
	}
	for _, f := range filters {
		f.AsOf, f.PerPage = asOf, 500
		vs, total, err := e.store.FindVendors(e.ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		want, issues := map[string]int{}, map[string]int{}
		for _, v := range vs {
			for _, a := range v.IssueExperience {
				issues[a]++
			}
			for _, c := range catalog.CertificationKinds {
				if slices.ContainsFunc(v.Certifications, func(x catalog.Certification) bool { return x.Kind == c && x.ValidOver(asOf, asOf) }) {
					want[c]++
				}
			}
		}
		got := map[string]bool{}
		var res *catalog.SearchResult
		for page := 1; ; page++ {
			sf := f
			sf.Page, sf.PerPage, sf.AsOf = page, 100, 0
			res = search(t, e, catalog.SearchQuery{Filter: sf})
			for _, h := range res.Hits {
				got[h.ID] = true
			}
			if page*100 >= res.Total {
				break
			}
		}
		if res.Total != total || len(got) != total {
			t.Errorf("%+v: search total %d (%d ids), PostgreSQL %d", f, res.Total, len(got), total)
		}
		for _, v := range vs {
			if !got[v.ID] {
				t.Errorf("%+v: search misses %s", f, v.Slug)
			}
		}
		if !maps.Equal(res.Facets["certifications"], want) {
			t.Errorf("%+v: certifications facet %v, want %v", f, res.Facets["certifications"], want)
		}
		if !maps.Equal(res.Facets["issue_experience"], issues) {
			t.Errorf("%+v: issue_experience facet %v, want %v", f, res.Facets["issue_experience"], issues)
		}
	}
	_ = meili.DefaultIndex
}
