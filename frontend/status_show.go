package frontend

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"callmatch/intake"
)

// statusPage is what a campaign sees behind its private link.
type statusPage struct {
	*Page
	View        *intake.CampaignView
	Token       string
	Steps       []statusStep
	Vendors     []sharedVendorView
	CanWithdraw bool
	Paces       []*Burnup // delivered against planned, once engaged
	// Quotes are those the advisor released; QuoteLangs their seat
	// tables' columns.
	Quotes     []releasedQuote
	QuoteLangs []string
}

// statusStep is one stage of the lifecycle as the campaign sees it.
type statusStep struct {
	Label       string
	Done, Now   bool
	Description string
}

// statusShow is the campaign's status page. A wrong or missing token is
// answered exactly like a missing intake.
func (p *pages) statusShow(c *gin.Context) {
	noReferrer(c)
	pg := p.newPage(c, "status.title")
	token := c.Query("token")
	view, ok := p.campaignView(c, pg)
	if !ok {
		return
	}
	var err error
	switch c.Query("done") {
	case "withdrawn":
		pg.Notice = pg.T("status.withdrawn_notice")
	case "talk":
		pg.Notice = pg.T("quotes.talk_notice")
	}
	sp := &statusPage{Page: pg, View: view, Token: token, Steps: steps(pg, view.Status, hiredText(pg, view.Status, view.Hired)),
		CanWithdraw: intake.CanTransition(view.Status, intake.StatusWithdrawn)}
	sp.Vendors = sharedVendors(view)
	engaged := view.Status == intake.StatusEngaged || view.Status == intake.StatusClosed
	if sp.Paces, err = p.intakeCharts(c.Request.Context(), pg, view.ID, token, engaged, sp.vendorNames()); err != nil {
		p.fail(c, pg, err)
		return
	}
	if sp.Quotes, sp.QuoteLangs, err = p.releasedQuotes(c.Request.Context(), view, token); err != nil {
		p.fail(c, pg, err)
		return
	}
	p.render(c, http.StatusOK, "status", sp)
}

// steps are the stages a campaign goes through, with where it stands;
// hired, when not "", says so in place of the status's own words.
func steps(pg *Page, status, hired string) []statusStep {
	order := []string{intake.StatusSubmitted, intake.StatusInReview, intake.StatusShared, intake.StatusEngaged}
	at := map[string]int{intake.StatusSubmitted: 0, intake.StatusInReview: 1, intake.StatusShortlisted: 1,
		intake.StatusShared: 2, intake.StatusEngaged: 3, intake.StatusClosed: 3}
	cur, ok := at[status]
	if !ok { // withdrawn: nothing more happens
		return nil
	}
	out := make([]statusStep, len(order))
	for i, s := range order {
		out[i] = statusStep{Label: pg.T("step." + s), Done: i < cur, Now: i == cur}
	}
	out[cur].Description = pg.T("status_text." + status)
	if hired != "" {
		out[cur].Description = hired
	}
	return out
}

// statusLink is the absolute address of a campaign's status page, on the
// configured public address and never on the request's Host header.
func (p *pages) statusLink(id, token string) string {
	return strings.TrimSuffix(p.PublicURL, "/") + "/status/" + url.PathEscape(id) + "?token=" + url.QueryEscape(token)
}
