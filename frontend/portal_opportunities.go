package frontend

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/quote"
)

// opportunitiesPage is the vendor's "Opportunities": its invitations to
// quote by where they stand, and what the marketplace excluded it for
// over the last 90 days, in aggregate and never naming a campaign, so that
// it sees what to fix in its profile.
type opportunitiesPage struct {
	*Page
	Counts *quote.Opportunities
	// Open may still be answered or are answered and undecided; Won and
	// Lost are decided; Ended were declined, expired or ended unsigned.
	Open, Won, Lost, Ended []*quote.Invitation
	now                    time.Time
}

// State is an invitation's status as of the page.
func (op *opportunitiesPage) State(inv *quote.Invitation) string { return inv.State(op.now) }

// portalOpportunities lists the vendor user's own invitations and counts.
func (p *pages) portalOpportunities(c *gin.Context) {
	ctx := c.Request.Context()
	pg := p.newStaffPage(c, "portal", "Opportunities")
	invs, err := p.Quotes.Invitations(ctx, quote.Filter{})
	if err != nil {
		p.fail(c, pg, err)
		return
	}
	counts, err := p.Quotes.Opportunities(ctx, callmatch.ActorFrom(ctx).VendorID)
	if err != nil {
		p.fail(c, pg, err)
		return
	}
	op := &opportunitiesPage{Page: pg, Counts: counts, now: p.Now()}
	for _, inv := range invs {
		switch {
		case inv.Outcome == quote.OutcomeWon:
			op.Won = append(op.Won, inv)
		case inv.Outcome == quote.OutcomeLost:
			op.Lost = append(op.Lost, inv)
		case inv.Open(op.now) && inv.Status != quote.StatusDeclined:
			op.Open = append(op.Open, inv)
		default:
			op.Ended = append(op.Ended, inv)
		}
	}
	p.render(c, http.StatusOK, "portal_opportunities", op)
}

// invitationList is one table of the page, for "invitation_rows".
type invitationList struct {
	Page        *opportunitiesPage
	ID, Caption string
	List        []*quote.Invitation
}

// List is a table of invitations, for the template.
func (op *opportunitiesPage) List(id, caption string, list []*quote.Invitation) invitationList {
	return invitationList{Page: op, ID: id, Caption: caption, List: list}
}
