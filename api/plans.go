package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"callmatch/matching"
)

// PlanRequest is the body of POST /api/v1/intakes/{id}/plans. MaxVendors
// absent is matching.DefaultMaxVendors; a value outside 1–5 is refused.
type PlanRequest struct {
	MaxVendors *int `json:"max_vendors"`
}

// createPlan answers the intake's team plan (MARKETPLACE.md §2). The plan
// is computed, not stored: the answer is 200 with the same JSON as
// `callmatch plan`, and asking again on the same snapshot gives the same
// plan.
func (s *Server) createPlan(c *gin.Context) {
	var req PlanRequest
	if err := decodeJSON(c, &req); err != nil {
		fail(c, err)
		return
	}
	n := matching.DefaultMaxVendors
	if req.MaxVendors != nil {
		n = *req.MaxVendors
	}
	plan, err := s.intakes.Plan(c.Request.Context(), c.Param("id"), n)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, planResponse(plan))
}

// planResponse is the plan as `callmatch plan` prints it, its lists
// always lists, even empty: clients iterate them without a null check.
// The plan is the service's fresh answer, so filling its parts in place
// touches nothing shared.
func planResponse(p *matching.TeamPlan) matching.TeamPlan {
	out := *p
	out.Parts = nonNil(out.Parts)
	out.Unmet = nonNil(out.Unmet)
	out.Candidates = nonNil(out.Candidates)
	out.Warnings = nonNil(out.Warnings)
	for i := range out.Parts {
		out.Parts[i].Weeks = nonNil(out.Parts[i].Weeks)
	}
	return out
}

// vendorBookings lists a vendor's bookings, for staff and that vendor's users.
func (s *Server) vendorBookings(c *gin.Context) {
	bs, err := s.intakes.VendorBookings(c.Request.Context(), c.Param("id"))
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, bookingList(bs))
}
