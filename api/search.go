package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/catalog"
)

// searchVendors is GET /api/v1/vendors/search: free text with typo
// tolerance, the list filters, and facet counts, answered by the search
// index. The browser never talks to the index itself, so its key stays here.
func (s *Server) searchVendors(c *gin.Context) {
	ctx := c.Request.Context()
	q, err := searchQueryFrom(c)
	if err != nil {
		fail(c, err)
		return
	}
	res, err := s.catalog.SearchVendors(ctx, q)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, res)
}

// searchQueryFrom reads q, sort and the list filters; a bad value is an
// error naming the parameter and what it allows, never an empty result.
func searchQueryFrom(c *gin.Context) (catalog.SearchQuery, error) {
	f, err := vendorFilterFrom(c)
	if e, ok := asError(err); err != nil && !(ok && e.Code == callmatch.EINVALID) {
		return catalog.SearchQuery{}, err
	}
	// The list's per_page default does not apply to search; Validate sets
	// its own unless the caller chose one.
	if c.Query("per_page") == "" {
		f.PerPage = 0
	}
	q := catalog.SearchQuery{Text: c.Query("q"), Sort: c.Query("sort"), Filter: f}
	verr := q.Validate()
	return q, mergeFieldErrors(err, verr)
}

// mergeFieldErrors reports the problems of both checks at once, so that a
// person fixes every parameter in one go.
func mergeFieldErrors(a, b error) error {
	ea, oka := asError(a)
	eb, okb := asError(b)
	switch {
	case a == nil:
		return b
	case b == nil || !oka || !okb:
		return a
	}
	var fe callmatch.FieldErrors
	for k, v := range eb.Fields { // search's own bounds win over the list's
		fe.Add(k, v)
	}
	for k, v := range ea.Fields {
		fe.Add(k, v)
	}
	return fe.Err()
}
