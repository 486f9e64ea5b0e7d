package meili

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/meilisearch/meilisearch-go"

	"callmatch"
	"callmatch/catalog"
)

func day(s string) callmatch.Date { return callmatch.MustParseDate(s) }

func TestCertTerms(t *testing.T) {
	c := func(kind, status, issued, expires string) catalog.Certification {
		x := catalog.Certification{Kind: kind, Status: status, ExpiresOn: day(expires)}
		if issued != "" {
			x.IssuedOn = day(issued)
		}
		return x
	}
	term := func(from, until string) CertTerm {
		tt := CertTerm{Until: int32(day(until))}
		if from != "" {
			tt.From = int32(day(from))
		}
		return tt
	}
	got := certTerms([]catalog.Certification{
		c("pci_dss", "verified", "2025-01-01", "2026-01-01"),
		c("pci_dss", "verified", "2026-01-02", "2027-01-01"), // abuts: one run
		c("soc2_type2", "verified", "2024-01-01", "2025-01-01"),
		c("soc2_type2", "verified", "2026-03-01", "2027-03-01"), // after a gap: the latest run
		c("iso27001", "pending", "2026-01-01", "2027-01-01"),
		c("tcpa_audit", "rejected", "2026-01-01", "2027-01-01"),
		c("gdpr_dpa", "verified", "", "2027-06-01"), // no issue date: since ever
	})
	want := map[string]CertTerm{
		"pci_dss":    term("2025-01-01", "2027-01-01"),
		"soc2_type2": term("2026-03-01", "2027-03-01"),
		"gdpr_dpa":   term("", "2027-06-01"),
	}
	if !maps.Equal(got, want) {
		t.Errorf("certTerms = %v, want %v", got, want)
	}
	d := Document{CertTerms: got}
	for _, c := range []struct {
		on   string
		want []string
	}{
		{"2025-06-01", []string{"pci_dss", "gdpr_dpa"}},
		{"2026-02-01", []string{"pci_dss", "gdpr_dpa"}}, // the gap of soc2_type2
		{"2027-01-01", []string{"pci_dss", "soc2_type2", "gdpr_dpa"}},
		{"2027-01-02", []string{"soc2_type2", "gdpr_dpa"}},
		{"2027-06-02", []string{}},
	} {
		if got := d.ValidCertifications(day(c.on)); !slices.Equal(got, c.want) {
			t.Errorf("on %s: %v, want %v", c.on, got, c.want)
		}
	}
}

func TestNewDocument(t *testing.T) {
	v := &catalog.Vendor{
		ID: "v1", Slug: "lone-star", Name: "Lone Star", Status: "active", Description: "Calls.",
		UnionShop: true, Serves: []string{"democratic"}, Services: []string{"gotv", "p2p_texting"},
		DialingModes: []string{"predictive"}, IssueExperience: []string{"veterans_affairs"}, AudienceExperience: []string{"latino"},
		Sites: []catalog.Site{
			{Country: "US", Region: "TX", City: "Austin", Seats: 100},
			{Country: "US", Region: "TX", City: "Austin", Seats: 20},
			{Country: "MX", Region: "NL", City: "Monterrey", Seats: 50},
		},
		Languages: []catalog.LanguageSeats{{Code: "en", Seats: 120}, {Code: "es", Seats: 0}, {Code: "vi", Seats: 5}},
		Rates:     []catalog.Rate{{Service: "gotv", AmountCents: 2800}, {Service: "p2p_texting", AmountCents: 3}},
	}
	d := NewDocument(v, 7)
	if d.Version != 7 || !slices.Equal(d.Cities, []string{"Austin", "Monterrey"}) || !slices.Equal(d.States, []string{"TX"}) ||
		!slices.Equal(d.Languages, []string{"en", "vi"}) || d.Onshore || !d.UnionShop || d.TotalSeats != 170 ||
		d.LowestRateCents == nil || *d.LowestRateCents != 3 || len(d.CertTerms) != 0 ||
		!slices.Equal(d.IssueExperience, []string{"veterans_affairs"}) || !slices.Equal(d.AudienceExperience, []string{"latino"}) {
		t.Errorf("document: %+v", d)
	}
	kw := strings.Join(d.Keywords, "|")
	for _, w := range []string{"English", "Vietnamese", "gotv get out the vote", "Texas", "union shop", "offshore", "democratic", "predictive dialer",
		"veterans affairs", "Latino Hispanic"} {
		if !strings.Contains(kw, w) {
			t.Errorf("keywords %q lack %q", kw, w)
		}
	}
	if strings.Contains(kw, "Spanish") {
		t.Errorf("keywords name a language without seats: %q", kw)
	}
	if d := NewDocument(&catalog.Vendor{ID: "v2"}, 1); d.LowestRateCents != nil || d.Cities == nil || d.Services == nil || d.Keywords == nil ||
		d.IssueExperience == nil || d.AudienceExperience == nil {
		t.Errorf("empty vendor: %+v", d)
	}
}

func TestFilter(t *testing.T) {
	yes, no := true, false
	got := filterFor(catalog.VendorFilter{Language: "es", Service: "gotv", State: "TX", Serves: "democratic",
		Status: "active", UnionShop: &yes, Onshore: &no, Certification: "pci_dss", IssueArea: "healthcare", Audience: "seniors"},
		day("2026-12-01"))
	want := []string{`languages = "es"`, `services = "gotv"`, `states = "TX"`, `serves = "democratic"`, `status = "active"`,
		`issue_experience = "healthcare"`, `audience_experience = "seniors"`, "union_shop = true", "onshore = false", "(cert_terms.pci_dss.from <= 20788 AND cert_terms.pci_dss.until >= 20788)"}
	if !slices.Equal(got, want) {
		t.Errorf("filter:\n got %q\nwant %q", got, want)
	}
	if got := quote(`a"b\c`); got != `"a\"b\\c"` {
		t.Errorf("quote: %s", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("an unvalidated certification kind reached the filter")
		}
	}()
	certFilter(`pci_dss.from > 0 OR x`, 1)
}

func TestSort(t *testing.T) {
	for _, c := range []struct {
		q    catalog.SearchQuery
		want []string
	}{
		{catalog.SearchQuery{Text: "gotv"}, nil},
		{catalog.SearchQuery{}, []string{"name:asc"}},
		{catalog.SearchQuery{Text: "x", Sort: "-lowest_rate"}, []string{"lowest_rate_cents:desc"}},
		{catalog.SearchQuery{Sort: "total_seats"}, []string{"total_seats:asc"}},
	} {
		if got := sortFor(c.q); !slices.Equal(got, c.want) {
			t.Errorf("%+v: %v, want %v", c.q, got, c.want)
		}
	}
}

func TestClassify(t *testing.T) {
	down := &meilisearch.Error{ErrCode: meilisearch.CommunicationError}
	if err := classify("search", down); callmatch.ErrorCode(err) != callmatch.EUNAVAILABLE {
		t.Errorf("connection refused: %v", err)
	}
	var ce *callmatch.Error
	if err := classify("search", &meilisearch.Error{ErrCode: meilisearch.APIError, StatusCode: 503}); !errors.As(err, &ce) || ce.RetryAfter != RetryAfter {
		t.Errorf("503: %v", err)
	}
	bad := &meilisearch.Error{ErrCode: meilisearch.APIError, StatusCode: 400, APIError: meilisearch.APIErrorDetails{Code: meilisearch.APIErrCodeInvalidFilter}}
	if err := classify("search", bad); callmatch.ErrorCode(err) != callmatch.EINTERNAL {
		t.Errorf("a rejected filter is our bug, not an outage: %v", err)
	}
}

func TestSettingsMatch(t *testing.T) {
	got := settings()
	got.FilterableAttributes = slices.Clone(got.FilterableAttributes)
	slices.Reverse(got.FilterableAttributes) // Meilisearch may list them in any order
	if !settingsMatch(got, settings()) {
		t.Error("same settings in another order do not match")
	}
	got.SortableAttributes = []string{"name"}
	if settingsMatch(got, settings()) {
		t.Error("different settings match")
	}
}
