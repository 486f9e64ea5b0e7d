package api_test

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"callmatch"
	"callmatch/api"
	"callmatch/catalog"
)

// fakeSearcher answers with a fixed result and remembers the query; the
// real index is tested in package meili against a real Meilisearch.
type fakeSearcher struct {
	got  []catalog.SearchQuery
	fail error
}

func (s *fakeSearcher) SearchVendors(_ context.Context, q catalog.SearchQuery) (*catalog.SearchResult, error) {
	s.got = append(s.got, q)
	if s.fail != nil {
		return nil, s.fail
	}
	rate := int64(2800)
	return &catalog.SearchResult{
		Hits: []catalog.SearchHit{{ID: "b3a1", Slug: "lone-star-contact", Name: "Lone Star Contact", Status: "active",
			Cities: []string{"Austin"}, Languages: []string{"en", "es"}, Services: []string{"gotv"}, Serves: []string{"democratic"},
			States: []string{"TX"}, Certifications: []string{"pci_dss"}, IssueExperience: []string{"healthcare"},
			AudienceExperience: []string{"seniors"}, UnionShop: true, Onshore: true,
			LowestRateCents: &rate, TotalSeats: 120, HourlyCostCents: &rate,
			Rates: []catalog.RateCost{{Rate: catalog.Rate{Service: "gotv", Model: "per_agent_hour", AmountCents: rate}, HourlyCents: rate}}}},
		Total: 1, Page: q.Filter.Page, PerPage: q.Filter.PerPage,
		Facets: map[string]map[string]int{"languages": {"en": 1, "es": 1}, "services": {"gotv": 1}, "serves": {"democratic": 1},
			"states": {"TX": 1}, "certifications": {"pci_dss": 1}, "issue_experience": {"healthcare": 1},
			"audience_experience": {"seniors": 1}},
	}, nil
}

func TestSearchVendorsHandler(t *testing.T) {
	f := newFixture(t)
	search := &fakeSearcher{}
	f.srv = api.New(api.Config{Logger: slog.New(slog.DiscardHandler), Vendors: f.vendors, Auth: f.auth, Search: search})

	rec := f.do("advisor", http.MethodGet, "/api/v1/vendors/search?q=spanish+gotv&language=es&union_shop=true&certification=pci_dss&sort=-total_seats&page=2&issue_area=healthcare&audience=seniors", "")
	if rec.Code != http.StatusOK {
		t.Fatalf("advisor: %d %s", rec.Code, rec.Body)
	}
	res := decode[catalog.SearchResult](t, rec)
	if len(res.Hits) != 1 || res.Total != 1 || res.Facets["languages"]["es"] != 1 {
		t.Errorf("body: %s", rec.Body)
	}
	q := search.got[0]
	yes := true
	if q.Text != "spanish gotv" || q.Filter.Language != "es" || q.Filter.UnionShop == nil || *q.Filter.UnionShop != yes ||
		q.Filter.Certification != "pci_dss" || q.Sort != "-total_seats" || q.Filter.Page != 2 || q.Filter.PerPage != 20 ||
		q.Filter.IssueArea != "healthcare" || q.Filter.Audience != "seniors" {
		t.Errorf("query passed on: %+v", q)
	}

	calls := len(search.got)
	for _, c := range []struct {
		role, query string
		status      int
		want        string
	}{
		{"anonymous", "q=x", http.StatusUnauthorized, "unauthorized"},
		{"vendor_own", "q=x", http.StatusForbidden, "forbidden"},
		{"admin", "language=xx", http.StatusUnprocessableEntity, `"language":"\"xx\" is not allowed; must be one of`},
		{"advisor", "state=Texsa&onshore=yes", http.StatusUnprocessableEntity, `"onshore":"must be true or false"`},
		{"advisor", "state=Texsa&onshore=yes", http.StatusUnprocessableEntity, `"state":"\"Texsa\" is not allowed; must be one of AL`},
		{"advisor", "issue_area=crime", http.StatusUnprocessableEntity, `"issue_area":"\"crime\" is not allowed; must be one of economy, healthcare`},
		{"advisor", "audience=elderly", http.StatusUnprocessableEntity, `"audience":"\"elderly\" is not allowed; must be one of seniors`},
		{"advisor", "sort=cheapest", http.StatusUnprocessableEntity, `"sort":"\"cheapest\" is not allowed; must be one of relevance, name`},
		{"advisor", "page=11&per_page=100", http.StatusUnprocessableEntity, `"page":"reaches past result 1000`},
		{"advisor", "q=" + strings.Repeat("a", 201), http.StatusUnprocessableEntity, `"q":"must be at most 200 characters"`},
	} {
		rec := f.do(c.role, http.MethodGet, "/api/v1/vendors/search?"+c.query, "")
		if rec.Code != c.status || !strings.Contains(rec.Body.String(), c.want) {
			t.Errorf("%s %s: %d %s, want %d with %s", c.role, c.query, rec.Code, rec.Body, c.status, c.want)
		}
	}
	if len(search.got) != calls {
		t.Errorf("the searcher was called for requests that should have been refused")
	}

	search.fail = &callmatch.Error{Code: callmatch.EUNAVAILABLE, Message: "Search is unavailable for a moment.", RetryAfter: 5 * time.Second}
	rec = f.do("advisor", http.MethodGet, "/api/v1/vendors/search?q=gotv", "")
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") != "5" || !strings.Contains(rec.Body.String(), `"code":"unavailable"`) {
		t.Errorf("search down: %d %v %s", rec.Code, rec.Header(), rec.Body)
	}

	f.srv = api.New(api.Config{Logger: slog.New(slog.DiscardHandler), Vendors: f.vendors, Auth: f.auth})
	rec = f.do("advisor", http.MethodGet, "/api/v1/vendors/search?q=gotv", "")
	if rec.Code != http.StatusServiceUnavailable {
		t.Errorf("search not configured: %d %s", rec.Code, rec.Body)
	}
}
