package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"callmatch/intake"
)

func (s *Server) createShortlist(c *gin.Context) {
	var req ShortlistRequest
	if err := decodeJSON(c, &req); err != nil {
		fail(c, err)
		return
	}
	sl, err := s.intakes.GenerateShortlist(c.Request.Context(), c.Param("id"), req.toOptions())
	if err != nil {
		fail(c, err)
		return
	}
	c.Header("Location", "/api/v1/shortlists/"+sl.ID)
	c.JSON(http.StatusCreated, shortlistResponse(sl))
}

func (s *Server) getShortlist(c *gin.Context)   { onObject(c, s.intakes.Shortlist, shortlistResponse) }
func (s *Server) shareShortlist(c *gin.Context) { onObject(c, s.intakes.Share, shortlistResponse) }

// addShortlistEvent appends one event. The store appends under the
// intake's row lock, so concurrent events are ordered. A repeated pin,
// drop or note appends the same judgement again (the latest stands); a
// repeated undo takes back one more, unless it names the pin or drop it
// means (undoes): then only the first takes it back and the repeat is a
// 409 naming undoes.
func (s *Server) addShortlistEvent(c *gin.Context) {
	var req EventRequest
	if err := decodeJSON(c, &req); err != nil {
		fail(c, err)
		return
	}
	sl, err := s.intakes.AddEvent(c.Request.Context(), c.Param("id"),
		intake.Event{Type: req.Type, VendorID: req.VendorID, Reason: req.Reason, Undoes: req.Undoes})
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, shortlistResponse(sl))
}

func (s *Server) createEngagement(c *gin.Context) {
	var req EngagementRequest
	if err := decodeJSON(c, &req); err != nil {
		fail(c, err)
		return
	}
	var (
		e   *intake.Engagement
		err error
	)
	if req.Part != nil {
		e, err = s.intakes.EngagePart(c.Request.Context(), c.Param("id"), req.VendorID, req.ContractValueCents, req.Part.MaxVendors)
	} else {
		e, err = s.intakes.Engage(c.Request.Context(), c.Param("id"), req.VendorID, req.ContractValueCents)
	}
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, engagementResponse(e))
}
