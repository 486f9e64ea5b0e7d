package api

import (
	"context"
	"net/http"
	"sync"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/intake"
	"callmatch/matching"
)

// CatalogSource hands out the current in-memory matching catalog.
type CatalogSource interface {
	Current(ctx context.Context) (*matching.Catalog, error)
}

// MatchRequest is the body of POST /api/v1/match: an intake plus the
// advisor's what-if choices. Contact details, if sent, are ignored.
type MatchRequest struct {
	intake.Form
	Weights *matching.Weights `json:"weights,omitempty"`
	Method  string            `json:"method,omitempty"`
	Limit   int               `json:"limit,omitempty"`
	AsOf    callmatch.Date    `json:"as_of,omitempty"`
	// ExcludedLimit caps the excluded vendors listed with reasons
	// (default 200); exclusion_summary and excluded_total count them all.
	ExcludedLimit int `json:"excluded_limit,omitempty"`
}

// defaultExcludedLimit keeps a what-if answer readable and small on a large
// catalog: an advisor reads the summary and a page of examples.
const defaultExcludedLimit = 200

func (s *Server) match(c *gin.Context) {
	ctx := c.Request.Context()
	var req MatchRequest
	if err := decodeJSON(c, &req); err != nil {
		fail(c, err)
		return
	}
	req.Form.ApplyDefaults()
	if err := req.Form.ValidateForMatch(); err != nil {
		fail(c, err)
		return
	}
	cat, err := s.catalog.Current(ctx)
	if err != nil {
		fail(c, err)
		return
	}
	opts := matching.Options{Weights: req.Weights, Method: req.Method, Limit: req.Limit, AsOf: req.AsOf, ExcludedLimit: req.ExcludedLimit}
	if opts.ExcludedLimit == 0 {
		opts.ExcludedLimit = defaultExcludedLimit
	}
	if opts.Weights == nil {
		opts.Weights = req.Form.Priorities
	}
	if opts.AsOf.IsZero() {
		opts.AsOf = callmatch.DateOf(s.now())
	}
	result, err := matching.Match(cat, req.Form.MatchRequest(), opts)
	if err != nil {
		fail(c, err)
		return
	}
	// Not c.JSON: an answer at API defaults is ~85 kB, which the result's
	// own encoder writes about twice as fast as reflection does, into a
	// buffer reused across requests.
	buf := resultBuffers.Get().(*[]byte)
	defer func() {
		if cap(*buf) <= maxPooledResult {
			resultBuffers.Put(buf)
		}
	}()
	body, err := result.AppendJSON((*buf)[:0])
	if err != nil {
		fail(c, err)
		return
	}
	*buf = body
	c.Data(http.StatusOK, "application/json; charset=utf-8", body)
}

// resultBuffers hold encoded match results between requests. A buffer
// grown past maxPooledResult (a whole large catalog's exclusions) is left
// to the collector rather than kept for every later request.
var resultBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 128<<10); return &b }}

const maxPooledResult = 1 << 20
