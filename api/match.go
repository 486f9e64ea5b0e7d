package api

import (
	"net/http"
	"strconv"
	"sync"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/intake"
	"callmatch/matching"
)

// MatchRequest is the body of POST /api/v1/match: an intake plus the
// advisor's what-if choices. Contact details, if sent, are ignored.
type MatchRequest struct {
	IntakeRequest
	Weights *matching.Weights `json:"weights,omitempty"`
	Method  string            `json:"method,omitempty"`
	Limit   int               `json:"limit,omitempty"`
	AsOf    callmatch.Date    `json:"as_of,omitempty"`
	// ExcludedLimit caps the excluded vendors listed with reasons
	// (default intake.DefaultExcludedLimit); exclusion_summary and
	// excluded_total count them all.
	ExcludedLimit int `json:"excluded_limit,omitempty"`
}

func (r *MatchRequest) toWhatIf() intake.WhatIf {
	return intake.WhatIf{Weights: r.Weights, Method: r.Method, Limit: r.Limit, AsOf: r.AsOf, ExcludedLimit: r.ExcludedLimit}
}

func (s *Server) match(c *gin.Context) {
	var req MatchRequest
	if err := decodeJSON(c, &req); err != nil {
		fail(c, err)
		return
	}
	result, err := s.intakes.WhatIf(c.Request.Context(), req.toForm(), req.toWhatIf())
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
	// With its length the answer goes out as one body, not in chunks.
	c.Header("Content-Length", strconv.Itoa(len(body)))
	c.Data(http.StatusOK, "application/json; charset=utf-8", body)
}

// resultBuffers hold encoded match results between requests. A buffer
// grown past maxPooledResult (a whole large catalog's exclusions) is left
// to the collector rather than kept for every later request.
var resultBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 128<<10); return &b }}

const maxPooledResult = 1 << 20
