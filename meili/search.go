package meili

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/meilisearch/meilisearch-go"

	"callmatch"
	"callmatch/catalog"
)

var _ catalog.Searcher = (*Index)(nil)

// valueFacets are counted by Meilisearch in the main query.
// Certifications cannot be: whether one counts depends on the day, so each
// kind is counted by a query of its own in the same multi-search request.
var valueFacets = []string{catalog.FacetLanguages, catalog.FacetServices, catalog.FacetServes, catalog.FacetStates,
	catalog.FacetIssueExperience, catalog.FacetAudienceExperience}

// hitAttributes are what a hit needs; keywords and version stay behind.
var hitAttributes = []string{"id", "slug", "name", "status", "description", "cities", "languages",
	"services", "serves", "states", "issue_experience", "audience_experience", "union_shop", "onshore", "lowest_rate_cents", "rates", "hourly_cost_cents", "total_seats", "cert_terms"}

var sortFields = map[string]string{
	"name": "name", "lowest_rate": "lowest_rate_cents", "hourly_cost": "hourly_cost_cents", "total_seats": "total_seats",
}

// SearchVendors runs q against the index: one page of hits, the exact
// number of hits, and facet counts over all of them. An unreachable engine
// is an EUNAVAILABLE error with a Retry-After hint.
func (ix *Index) SearchVendors(ctx context.Context, q catalog.SearchQuery) (*catalog.SearchResult, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	day := q.AsOf
	if day.IsZero() {
		day = ix.today()
	}
	filter := filterFor(q.Filter, day)
	perPage, zero := int64(q.Filter.PerPage), int64(0)
	queries := []*meilisearch.SearchRequest{{
		IndexUID: ix.uid, Query: q.Text, Filter: andFilter(filter),
		Facets: valueFacets, Sort: sortFor(q),
		Page: int64(q.Filter.Page), HitsPerPage: &perPage, AttributesToRetrieve: hitAttributes,
	}}
	for _, kind := range catalog.CertificationKinds {
		queries = append(queries, &meilisearch.SearchRequest{
			IndexUID: ix.uid, Query: q.Text, Filter: andFilter(append(slices.Clip(filter), certFilter(kind, day))),
			Page: 1, HitsPerPage: &zero,
		})
	}
	ctx, cancel := context.WithTimeout(ctx, ix.searchTimeout)
	defer cancel()
	resp, err := ix.sm.MultiSearch(ctx, &meilisearch.MultiSearchRequest{Queries: queries})
	if err != nil {
		return nil, classify("search", err)
	}
	if len(resp.Results) != len(queries) {
		return nil, fmt.Errorf("meilisearch search: %d results for %d queries", len(resp.Results), len(queries))
	}
	res, err := result(q, day, resp.Results)
	if err != nil || res.Total > 0 {
		return res, err
	}
	// The search itself succeeded: a suggestion that fails is left out
	// rather than failing it.
	if res.DidYouMean, err = ix.didYouMean(ctx, q.Text, filter); err != nil {
		ix.log.Warn("search suggestion failed", "error", err)
	}
	return res, nil
}

// didYouMean corrects text when that finds vendors under the same
// filters; "" when there is nothing to correct or the correction finds
// nothing either. It costs a second query only on a search that found
// nothing.
func (ix *Index) didYouMean(ctx context.Context, text string, filter []string) (string, error) {
	fixed, ok := suggest(text)
	if !ok {
		return "", nil
	}
	zero := int64(0)
	r, err := ix.sm.Index(ix.uid).Search(ctx, fixed, &meilisearch.SearchRequest{Filter: andFilter(filter), Page: 1, HitsPerPage: &zero})
	if err != nil {
		return "", classify("search", err)
	}
	if r.TotalHits == 0 {
		return "", nil
	}
	return fixed, nil
}

func result(q catalog.SearchQuery, day callmatch.Date, rs []meilisearch.SearchResponse) (*catalog.SearchResult, error) {
	main := rs[0]
	res := &catalog.SearchResult{
		Hits: make([]catalog.SearchHit, 0, len(main.Hits)), Total: int(main.TotalHits),
		Page: q.Filter.Page, PerPage: q.Filter.PerPage, Facets: map[string]map[string]int{},
	}
	for _, h := range main.Hits {
		var d Document
		if err := h.DecodeInto(&d); err != nil {
			return nil, fmt.Errorf("meilisearch search: decode hit: %w", err)
		}
		res.Hits = append(res.Hits, hitOf(d, day))
	}
	if len(main.FacetDistribution) > 0 {
		if err := json.Unmarshal(main.FacetDistribution, &res.Facets); err != nil {
			return nil, fmt.Errorf("meilisearch search: decode facets: %w", err)
		}
	}
	for _, f := range valueFacets {
		if res.Facets[f] == nil {
			res.Facets[f] = map[string]int{}
		}
	}
	certs := map[string]int{}
	for i, kind := range catalog.CertificationKinds {
		// Zero counts are left out, as Meilisearch leaves them out of the
		// other facets.
		if n := int(rs[i+1].TotalHits); n > 0 {
			certs[kind] = n
		}
	}
	res.Facets[catalog.FacetCertifications] = certs
	return res, nil
}

func hitOf(d Document, day callmatch.Date) catalog.SearchHit {
	return catalog.SearchHit{
		ID: d.ID, Slug: d.Slug, Name: d.Name, Status: d.Status, Description: d.Description,
		Cities: nonNil(d.Cities), Languages: nonNil(d.Languages), Services: nonNil(d.Services),
		Serves: nonNil(d.Serves), States: nonNil(d.States), Certifications: d.ValidCertifications(day),
		IssueExperience: nonNil(d.IssueExperience), AudienceExperience: nonNil(d.AudienceExperience),
		UnionShop: d.UnionShop, Onshore: d.Onshore, LowestRateCents: d.LowestRateCents, TotalSeats: d.TotalSeats,
		Rates: nonNil(d.Rates), HourlyCostCents: d.HourlyCostCents,
	}
}

// sortFor maps a validated sort to Meilisearch's. Without words to rank by,
// name order beats the engine's insertion order.
func sortFor(q catalog.SearchQuery) []string {
	s := q.Sort
	if s == "" || s == "relevance" {
		if strings.TrimSpace(q.Text) != "" {
			return nil
		}
		s = "name"
	}
	dir := ":asc"
	if rest, ok := strings.CutPrefix(s, "-"); ok {
		s, dir = rest, ":desc"
	}
	return []string{sortFields[s] + dir}
}

// filterFor builds the filter conditions. Values come only from validated
// codes and are quoted all the same; attribute names are ours.
func filterFor(f catalog.VendorFilter, day callmatch.Date) []string {
	var and []string
	eq := func(attr, v string) {
		if v != "" {
			and = append(and, attr+" = "+quote(v))
		}
	}
	eq("languages", f.Language)
	eq("services", f.Service)
	eq("states", f.State)
	eq("serves", f.Serves)
	eq("status", f.Status)
	eq("issue_experience", f.IssueArea)
	eq("audience_experience", f.Audience)
	if f.UnionShop != nil {
		and = append(and, "union_shop = "+strconv.FormatBool(*f.UnionShop))
	}
	if f.Onshore != nil {
		and = append(and, "onshore = "+strconv.FormatBool(*f.Onshore))
	}
	if f.Certification != "" {
		and = append(and, certFilter(f.Certification, day))
	}
	return and
}

// certFilter matches vendors whose certification of kind is in force on
// day: the same rule as catalog.Certification.ValidOver for one day.
func certFilter(kind string, day callmatch.Date) string {
	if !catalog.CertificationKinds.Has(kind) {
		// The kind becomes part of an attribute name, which cannot be
		// quoted; Validate has refused anything else before this point.
		panic(fmt.Sprintf("meili: certification kind %q was not validated", kind))
	}
	return fmt.Sprintf("(cert_terms.%[1]s.from <= %[2]d AND cert_terms.%[1]s.until >= %[2]d)", kind, int32(day))
}

// andFilter gives Meilisearch an array of conditions, which it ANDs; nil
// when there are none.
func andFilter(conds []string) any {
	if len(conds) == 0 {
		return nil
	}
	return conds
}

// quote makes a Meilisearch filter string literal.
func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}
