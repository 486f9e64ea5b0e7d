package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/quote"
)

// Quotes (MARKETPLACE.md §3). "Invitations" on these paths are invitations
// to quote; the service decides who may do what per object.

func (s *Server) createInvitations(c *gin.Context) {
	var req InviteRequest
	if err := decodeJSON(c, &req); err != nil {
		fail(c, err)
		return
	}
	invs, err := s.quotes.Invite(c.Request.Context(), quote.Invite{ShortlistID: c.Param("id"), VendorIDs: req.VendorIDs, DueAt: req.DueAt})
	if err != nil {
		fail(c, err)
		return
	}
	out := InvitationsCreated{Invitations: make([]InvitationCreated, len(invs))}
	for i, inv := range invs {
		out.Invitations[i] = InvitationCreated{ID: inv.ID, VendorID: inv.VendorID, Status: inv.State(s.quotes.Now()), DueAt: inv.DueAt}
	}
	c.JSON(http.StatusCreated, out)
}

func (s *Server) listInvitations(c *gin.Context) {
	invs, err := s.quotes.Invitations(c.Request.Context(), quote.Filter{IntakeID: c.Query("intake_id")})
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, invitationList(invs, s.quotes.Now()))
}

func (s *Server) getInvitation(c *gin.Context) {
	onObject(c, s.quotes.Invitation, func(inv *quote.Invitation) Invitation { return invitationResponse(inv, s.quotes.Now()) })
}

func (s *Server) quoteVersions(c *gin.Context) { onObject(c, s.quotes.Versions, quoteList) }

func (s *Server) submitQuote(c *gin.Context) {
	var req QuoteRequest
	if err := decodeJSON(c, &req); err != nil {
		fail(c, err)
		return
	}
	q, err := s.quotes.Submit(c.Request.Context(), c.Param("id"), req.toQuote())
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, quoteResponse(q))
}

func (s *Server) declineInvitation(c *gin.Context) {
	var req DeclineRequest
	if err := decodeJSON(c, &req); err != nil {
		fail(c, err)
		return
	}
	inv, err := s.quotes.Decline(c.Request.Context(), c.Param("id"), quote.Decline{Reason: req.Reason, Note: req.Note})
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, invitationResponse(inv, s.quotes.Now()))
}

func (s *Server) compareQuotes(c *gin.Context) {
	onObject(c, s.quotes.Compare, func(cmp *quote.Comparison) Comparison { return comparisonResponse(cmp, s.quotes.Now()) })
}

func (s *Server) releaseQuotes(c *gin.Context) {
	var req ReleaseRequest
	if err := decodeJSON(c, &req); err != nil {
		fail(c, err)
		return
	}
	qs, err := s.quotes.Release(c.Request.Context(), c.Param("id"), req.QuoteIDs)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, quoteList(qs))
}

// releasedQuotes answers staff, or the campaign with its private link.
func (s *Server) releasedQuotes(c *gin.Context) {
	ctx := c.Request.Context()
	var (
		qs  []*quote.Quote
		err error
	)
	if callmatch.ActorFrom(ctx).IsStaff() {
		qs, err = s.quotes.ReleasedForStaff(ctx, c.Param("id"))
	} else {
		noReferrer(c)
		qs, err = s.quotes.Released(ctx, c.Param("id"), campaignToken(c))
	}
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, quoteList(qs))
}

// requestTalk is the campaign's "talk to this vendor", with its link.
func (s *Server) requestTalk(c *gin.Context) {
	noReferrer(c)
	var req TalkRequest
	if err := decodeJSON(c, &req); err != nil {
		fail(c, err)
		return
	}
	if err := s.quotes.TalkTo(c.Request.Context(), c.Param("id"), campaignToken(c), req.QuoteID); err != nil {
		fail(c, err)
		return
	}
	c.Status(http.StatusAccepted)
}

func (s *Server) vendorOpportunities(c *gin.Context) {
	onObject(c, s.quotes.Opportunities, opportunitiesResponse)
}
