package frontend

import (
	"math"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/intake"
	"callmatch/matching"
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

type sharedVendorView struct {
	intake.SharedVendor
	Bar     Bar
	Budget  Budget
	Reasons []factorView
	Tied    bool
}

// factorView is one reason for a vendor's place: a criterion, how the
// vendor scored on it (0–100) and how much it weighs.
type factorView struct {
	Criterion string
	Score     int
	Weight    string
	Share     string // of the vendor's total score
	Detail    string // the engine's words for it (experience, with messaging goals)
}

// statusShow is the campaign's status page. A wrong or missing token is
// answered exactly like a missing intake.
func (p *pages) statusShow(c *gin.Context) {
	noReferrer(c)
	pg := p.newPage(c, "status.title")
	token := c.Query("token")
	view, err := p.Intakes.CampaignView(c.Request.Context(), c.Param("id"), token)
	if callmatch.ErrorCode(err) == callmatch.ENOTFOUND {
		p.statusMissing(c, pg)
		return
	} else if err != nil {
		p.fail(c, pg, err)
		return
	}
	switch c.Query("done") {
	case "withdrawn":
		pg.Notice = pg.T("status.withdrawn_notice")
	case "talk":
		pg.Notice = pg.T("quotes.talk_notice")
	}
	sp := &statusPage{Page: pg, View: view, Token: token, Steps: steps(pg, view.Status),
		CanWithdraw: intake.CanTransition(view.Status, intake.StatusWithdrawn)}
	if sl := view.Shortlist; sl != nil {
		cands := make([]matching.Candidate, len(sl.Vendors))
		ranks := map[int]int{}
		for i, v := range sl.Vendors {
			cands[i] = matching.Candidate{Factors: v.Factors}
			ranks[v.Rank]++
		}
		scale := barScale(cands)
		for _, v := range sl.Vendors {
			sp.Vendors = append(sp.Vendors, sharedVendorView{SharedVendor: v, Bar: stackedBar(v.Factors, scale),
				Budget: budgetOf(v.ProjectedCostCents, view.Request.BudgetCents), Reasons: reasons(v.Factors),
				Tied: ranks[v.Rank] > 1})
		}
	}
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

// reasons orders a vendor's factors by what they gave its score.
func reasons(fs []matching.Factor) []factorView {
	sorted := append([]matching.Factor(nil), fs...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Contribution > sorted[j].Contribution })
	sum := total(fs)
	out := make([]factorView, 0, len(fs))
	for _, f := range sorted {
		fv := factorView{Criterion: f.Criterion, Score: int(f.Normalized*100 + 0.5), Weight: pct(f.Weight), Detail: f.Detail}
		if sum > 0 {
			fv.Share = pct(math.Max(f.Contribution, 0) / sum)
		}
		out = append(out, fv)
	}
	return out
}

// steps are the stages a campaign goes through, with where it stands.
func steps(pg *Page, status string) []statusStep {
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
	return out
}

// statusLink is the absolute address of a campaign's status page, on the
// configured public address and never on the request's Host header.
func (p *pages) statusLink(id, token string) string {
	return strings.TrimSuffix(p.PublicURL, "/") + "/status/" + url.PathEscape(id) + "?token=" + url.QueryEscape(token)
}

// LocalSeats says how many of a vendor's seats sit in the campaign's
// states, or "" when the shortlist did not record it.
func (sp *statusPage) LocalSeats(v sharedVendorView) string {
	if v.SharedVendor.LocalSeats == nil {
		return ""
	}
	return sp.T("status.local_seats_text", num(*v.SharedVendor.LocalSeats))
}
