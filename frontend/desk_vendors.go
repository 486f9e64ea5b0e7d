package frontend

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/catalog"
	"callmatch/matching"
)

// directoryPage is the vendor directory: free-text search with facet
// filters. Hits come from the search index; the seats shown beside them
// are read from PostgreSQL, the truth, since the index may lag a moment.
type directoryPage struct {
	*Page
	Q        url.Values // the query as given, to refill the form
	Text     string
	Result   *catalog.SearchResult
	Rows     []directoryRow
	Facets   []facet
	Sorts    []sortOption
	NoSearch bool   // no search index, or it is down: listed from PostgreSQL, without text search
	Problem  string // an invalid filter, said plainly
	PrevURL  string
	NextURL  string
	// DidYouMeanURL searches the corrected text with the same filters.
	DidYouMeanURL string
}

type directoryRow struct {
	catalog.SearchHit
	Seats []catalog.LanguageSeats
}

type sortOption struct{ Value, Label string }

// directorySorts are the orders the directory offers. Cost sorts on the
// lowest rate as a cost per agent-hour, the one figure that compares
// vendors priced per hour, contact, complete or message; the API's
// lowest_rate (amounts in mixed units) is not offered, though a link
// with it still works.
var directorySorts = []sortOption{{"relevance", "best match"}, {"name", "name, A–Z"}, {"-name", "name, Z–A"},
	{"hourly_cost", "lowest cost per agent-hour first"}, {"-hourly_cost", "highest cost per agent-hour first"},
	{"total_seats", "fewest seats first"}, {"-total_seats", "most seats first"}}

// rateUnits say what one amount of each pricing model buys.
var rateUnits = map[string]string{"per_agent_hour": "an agent-hour", "per_contact": "a contact",
	"per_complete": "a complete", "per_message": "a message"}

// Assumptions are the figures rates are converted to a cost per
// agent-hour with.
func (dp *directoryPage) Assumptions() *matching.Assumptions { return &matching.DefaultAssumptions }

// RateUnit names what a rate's amount buys ("a contact").
func (dp *directoryPage) RateUnit(model string) string { return rateUnits[model] }

// facet is one filter with the values the current hits have, and counts.
type facet struct {
	Name, Label, Selected string
	Values                []facetValue
}

type facetValue struct {
	Value, Label string
	Count        int
}

var facetParams = []struct{ Param, Facet, Label string }{
	{"language", catalog.FacetLanguages, "Language"},
	{"service", catalog.FacetServices, "Service"},
	{"state", catalog.FacetStates, "State (site)"},
	{"serves", catalog.FacetServes, "Serves"},
	{"certification", catalog.FacetCertifications, "Verified certification"},
	{"issue_area", catalog.FacetIssueExperience, "Issue experience"},
	{"audience", catalog.FacetAudienceExperience, "Audience experience"},
}

// deskVendors searches the directory; htmx gets the results and the
// facet counts alone, so typing in the search box keeps its focus.
func (p *pages) deskVendors(c *gin.Context) {
	ctx := c.Request.Context()
	pg := p.newStaffPage(c, "desk", "Vendors")
	q := c.Request.URL.Query()
	dp := &directoryPage{Page: pg, Q: q, Text: q.Get("q"), Sorts: directorySorts}
	sq, err := searchQuery(q)
	if err == nil {
		dp.Result, err = p.search(ctx, sq, &dp.NoSearch)
	}
	switch callmatch.ErrorCode(err) {
	case "":
	case callmatch.EINVALID:
		dp.Problem = callmatch.ErrorMessage(err)
		if e, ok := err.(*callmatch.Error); ok {
			dp.Problem = callmatch.FieldErrors(e.Fields).String()
		}
		dp.Result = &catalog.SearchResult{}
	default:
		p.fail(c, pg, err)
		return
	}
	if dp.Rows, err = p.withSeats(ctx, dp.Result.Hits); err != nil {
		p.fail(c, pg, err)
		return
	}
	dp.Facets = facetsOf(q, dp.Result)
	dp.PrevURL, dp.NextURL = pageLinks(q, dp.Result)
	if dp.Result.DidYouMean != "" {
		dp.DidYouMeanURL = directoryURL(q, "q", dp.Result.DidYouMean)
	}
	if isHTMX(c) {
		p.renderFragment(c, http.StatusOK, "desk_vendors", "results", dp)
		return
	}
	p.render(c, http.StatusOK, "desk_vendors", dp)
}

func searchQuery(q url.Values) (catalog.SearchQuery, error) {
	var fe callmatch.FieldErrors
	boolParam := func(name string) *bool {
		switch q.Get(name) {
		case "":
			return nil
		case "true":
			return new(true)
		case "false":
			return new(false)
		}
		fe.Add(name, "must be true or false")
		return nil
	}
	page := 1
	if s := q.Get("page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			fe.Add("page", "must be a whole number of 1 or more")
		}
		page = max(n, 1)
	}
	sq := catalog.SearchQuery{Text: q.Get("q"), Sort: q.Get("sort"), Filter: catalog.VendorFilter{
		Language: q.Get("language"), Service: q.Get("service"), State: q.Get("state"), Serves: q.Get("serves"),
		Certification: q.Get("certification"), Status: q.Get("status"),
		IssueArea: q.Get("issue_area"), Audience: q.Get("audience"),
		UnionShop: boolParam("union_shop"), Onshore: boolParam("onshore"), Page: page,
	}}
	if err := fe.Err(); err != nil {
		return sq, err
	}
	return sq, sq.Validate()
}

// search asks the index, or without one (not configured, or down) lists
// from PostgreSQL with the same filters (free text is then ignored, and
// the page says so).
func (p *pages) search(ctx context.Context, q catalog.SearchQuery, noSearch *bool) (*catalog.SearchResult, error) {
	vendors := p.catalog
	res, err := vendors.SearchVendors(ctx, q)
	if callmatch.ErrorCode(err) != callmatch.EUNAVAILABLE {
		return res, err
	}
	*noSearch = true
	vs, total, err := vendors.FindVendors(ctx, q.Filter)
	if err != nil {
		return nil, err
	}
	res = &catalog.SearchResult{Total: total, Page: q.Filter.Page, PerPage: q.Filter.PerPage, Facets: map[string]map[string]int{}}
	for _, v := range vs {
		res.Hits = append(res.Hits, catalog.SearchHit{ID: v.ID, Slug: v.Slug, Name: v.Name, Status: v.Status,
			Services: v.Services, Serves: v.Serves, IssueExperience: v.IssueExperience, AudienceExperience: v.AudienceExperience,
			UnionShop: v.UnionShop, Onshore: !v.Offshore(), TotalSeats: v.TotalSeats()})
	}
	return res, nil
}

// withSeats reads the hits' seats per language from the store, all in
// one read: a page of 50 hits would otherwise cost 50 round trips.
func (p *pages) withSeats(ctx context.Context, hits []catalog.SearchHit) ([]directoryRow, error) {
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	vendors, err := p.catalog.FindVendorsByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	rows := make([]directoryRow, 0, len(hits))
	for _, h := range hits {
		v, ok := vendors[h.ID]
		if !ok {
			continue // deleted since it was indexed
		}
		row := directoryRow{SearchHit: h, Seats: v.Languages}
		// Rates, like seats, are shown as stored; the order comes from
		// the index.
		row.TotalSeats, row.Rates = v.TotalSeats(), matching.HourlyRates(v, &matching.DefaultAssumptions)
		row.HourlyCostCents = catalog.LowestHourly(row.Rates)
		rows = append(rows, row)
	}
	return rows, nil
}

func facetsOf(q url.Values, res *catalog.SearchResult) []facet {
	out := make([]facet, 0, len(facetParams))
	for _, fp := range facetParams {
		f := facet{Name: fp.Param, Label: fp.Label, Selected: q.Get(fp.Param)}
		for v, n := range res.Facets[fp.Facet] {
			f.Values = append(f.Values, facetValue{Value: v, Label: facetLabel(fp.Param, v), Count: n})
		}
		if f.Selected != "" && !slices.ContainsFunc(f.Values, func(v facetValue) bool { return v.Value == f.Selected }) {
			f.Values = append(f.Values, facetValue{Value: f.Selected, Label: facetLabel(fp.Param, f.Selected)})
		}
		slices.SortFunc(f.Values, func(a, b facetValue) int {
			if a.Count != b.Count {
				return b.Count - a.Count
			}
			return compareStrings(a.Label, b.Label)
		})
		out = append(out, f)
	}
	return out
}

func facetLabel(param, v string) string {
	if param == "language" {
		return catalog.LanguageName(v)
	}
	if param == "state" {
		return v
	}
	return label(v)
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func pageLinks(q url.Values, res *catalog.SearchResult) (prev, next string) {
	link := func(page int) string { return directoryURL(q, "page", strconv.Itoa(page)) }
	if res.Page > 1 {
		prev = link(res.Page - 1)
	}
	if res.PerPage > 0 && res.Page*res.PerPage < res.Total && (res.Page+1)*res.PerPage <= catalog.MaxSearchWindow {
		next = link(res.Page + 1)
	}
	return prev, next
}

// directoryURL is the directory under q with one parameter changed; a new
// text starts again on the first page.
func directoryURL(q url.Values, param, value string) string {
	c := url.Values{}
	for k, v := range q {
		c[k] = v
	}
	c.Set(param, value)
	if param == "q" {
		c.Del("page")
	}
	return "/desk/vendors?" + c.Encode()
}
