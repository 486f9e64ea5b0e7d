package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// LinkRequest asks for the private links of a campaign's intakes again.
type LinkRequest struct {
	Email string `json:"email"`
}

// LinkResponse is the one answer for every well-formed address, known or
// not, so that the route cannot tell which addresses made requests.
type LinkResponse struct {
	Status string `json:"status"` // always "queued"
}

// sendLinkAgain is POST /api/v1/intakes/link: 202 for any address; the
// mail, where an intake uses the address, is queued in the background
// (intake.Service.SendLinkAgain). Public and rate limited per client and
// per address.
func (s *Server) sendLinkAgain(c *gin.Context) {
	var req LinkRequest
	if err := decodeJSON(c, &req); err != nil {
		fail(c, err)
		return
	}
	if err := s.intakes.SendLinkAgain(c.Request.Context(), s.limiter, req.Email, c.ClientIP()); err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusAccepted, LinkResponse{Status: "queued"})
}
