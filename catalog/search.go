package catalog

import (
	"context"
	"unicode/utf8"

	"callmatch"
)

// Searcher finds vendors by free text with typo tolerance and facet counts.
// It reads a derived index that may lag PostgreSQL by a moment; callers that
// need the truth (matching, edits) use Store.
type Searcher interface {
	SearchVendors(ctx context.Context, q SearchQuery) (*SearchResult, error)
}

// SearchQuery is one search. Filter carries the same filters as a vendor
// list; its VendorID is ignored, since search is for staff only.
type SearchQuery struct {
	Text   string
	Filter VendorFilter
	Sort   string         // one of SearchSorts; "" means relevance
	AsOf   callmatch.Date // certifications are counted on this day; zero: today
}

// SearchSorts are the allowed sort orders: a field, descending with "-".
// hourly_cost sorts on the lowest rate as a cost per agent-hour, which
// compares rates priced per hour, contact, complete and message;
// lowest_rate on the lowest amount whatever its unit (kept for API
// clients). Vendors without rates come last whichever way either is sorted.
var SearchSorts = Codes{"relevance", "name", "-name", "hourly_cost", "-hourly_cost", "lowest_rate", "-lowest_rate", "total_seats", "-total_seats"}

// Search limits. Deep pages cost the index more than they help a person:
// past a few hundred results the query should be narrowed instead.
const (
	MaxSearchText    = 200
	MaxSearchPerPage = 100
	MaxSearchWindow  = 1000 // page × per_page
)

// Facet names of SearchResult.Facets.
const (
	FacetLanguages      = "languages"
	FacetServices       = "services"
	FacetServes         = "serves"
	FacetStates         = "states"
	FacetCertifications = "certifications"
	// Experience facets count the issue areas and audiences vendors list.
	FacetIssueExperience    = "issue_experience"
	FacetAudienceExperience = "audience_experience"
)

// Validate checks the query; the filter codes are checked by
// VendorFilter.Validate, so that a typo is an error rather than no hits.
// It defaults PerPage to 20.
func (q *SearchQuery) Validate() error {
	perPageSet := q.Filter.PerPage != 0
	err := q.Filter.Validate()
	var fe callmatch.FieldErrors
	if e, ok := err.(*callmatch.Error); ok {
		fe = e.Fields
	} else if err != nil {
		return err
	}
	if !perPageSet {
		q.Filter.PerPage = 20
	}
	if q.Sort != "" && !SearchSorts.Has(q.Sort) {
		fe.Addf("sort", "%q is not allowed; must be %s", q.Sort, SearchSorts.Allowed())
	}
	if utf8.RuneCountInString(q.Text) > MaxSearchText {
		fe.Addf("q", "must be at most %d characters", MaxSearchText)
	}
	if q.Filter.PerPage < 0 || q.Filter.PerPage > MaxSearchPerPage {
		delete(fe, "per_page") // the list's bound does not apply here
		fe.Addf("per_page", "must be between 1 and %d", MaxSearchPerPage)
	} else if q.Filter.Page*q.Filter.PerPage > MaxSearchWindow {
		fe.Addf("page", "reaches past result %d; narrow the search instead", MaxSearchWindow)
	}
	return fe.Err()
}

// SearchResult is one page of hits, the number of all hits and, for each
// facet, how many of all hits have each value.
type SearchResult struct {
	Hits    []SearchHit               `json:"hits"`
	Total   int                       `json:"total"`
	Page    int                       `json:"page"`
	PerPage int                       `json:"per_page"`
	Facets  map[string]map[string]int `json:"facets"`
	// DidYouMean is the text with its misspelt words corrected, offered
	// when the text found nothing and the correction finds vendors.
	DidYouMean string `json:"did_you_mean,omitempty"`
}

// SearchHit is the summary of a vendor a result list shows. Certifications
// are the kinds verified and unexpired on the query's as-of day.
type SearchHit struct {
	ID             string   `json:"id"`
	Slug           string   `json:"slug"`
	Name           string   `json:"name"`
	Status         string   `json:"status"`
	Description    string   `json:"description"`
	Cities         []string `json:"cities"`
	Languages      []string `json:"languages"`
	Services       []string `json:"services"`
	Serves         []string `json:"serves"`
	States         []string `json:"states"`
	Certifications []string `json:"certifications"`
	// IssueExperience and AudienceExperience are the vendor's own lists.
	IssueExperience    []string `json:"issue_experience"`
	AudienceExperience []string `json:"audience_experience"`
	UnionShop          bool     `json:"union_shop"`
	Onshore            bool     `json:"onshore"`
	LowestRateCents    *int64   `json:"lowest_rate_cents"` // null when the vendor lists no rates
	// Rates are the vendor's rates with their unit and each as a cost per
	// agent-hour; HourlyCostCents is the lowest of those (null without
	// rates), the one figure that compares vendors priced differently.
	Rates           []RateCost `json:"rates"`
	HourlyCostCents *int64     `json:"hourly_cost_cents"`
	TotalSeats      int        `json:"total_seats"`
}

// RateCost is a rate with what an hour of one seat costs on it, under the
// demand model's assumptions (matching.HourlyCost says how).
type RateCost struct {
	Rate
	HourlyCents int64 `json:"hourly_cents"`
}

// LowestHourly is the lowest cost per agent-hour of rates; nil without
// rates, which sorts such vendors last rather than first as "free".
func LowestHourly(rates []RateCost) *int64 {
	var low *int64
	for _, r := range rates {
		if low == nil || r.HourlyCents < *low {
			low = new(r.HourlyCents)
		}
	}
	return low
}
