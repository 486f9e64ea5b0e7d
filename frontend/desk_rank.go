package frontend

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/matching"
)

// deskRank re-ranks an intake under the advisor's sliders without storing
// anything. htmx gets the ranking alone, a browser without JavaScript the
// whole page with the new weights. Weights that cannot be read are said so
// above the ranking, which stays as it was (htmx) or is shown under the
// usual weights (a whole page): the engine runs once either way.
func (p *pages) deskRank(c *gin.Context) {
	ctx := c.Request.Context()
	pg := p.newStaffPage(c, "desk", "Intake")
	if !p.readPostForm(c, pg) {
		return
	}
	id := c.Param("id")
	if c.PostForm("reset") == "campaign" {
		p.deskRankReset(c, pg, id)
		return
	}
	wf, formErr := readWeightsForm(c.Request.PostForm)
	if !isHTMX(c) {
		var chosen *weightsForm
		if formErr == nil {
			chosen = &wf
		}
		ip, err := p.loadIntakePage(ctx, pg, id, "", chosen)
		if err != nil {
			p.fail(c, pg, err)
			return
		}
		ip.FormError = problemText(formErr)
		p.render(c, http.StatusOK, "desk_intake", ip)
		return
	}
	ip := &intakePage{Page: pg, Form: wf}
	if formErr != nil {
		ip.FormError = problemText(formErr)
		p.renderFragment(c, http.StatusOK, "desk_intake", "live", ip)
		return
	}
	// Only the ranking is swapped: one excluded vendor is enough to list,
	// since the page already shows them all and weights never change who
	// is excluded.
	in, res, err := p.Intakes.WhatIfIntake(ctx, id, wf.whatIf(1))
	switch callmatch.ErrorCode(err) {
	case "":
		ip.Intake, ip.Live = in, newRankingView(res, in.Form.BudgetCents, nil)
	case callmatch.EINVALID, callmatch.EUNAVAILABLE:
		ip.FormError = problemText(err)
	default:
		p.fail(c, pg, err)
		return
	}
	p.renderFragment(c, http.StatusOK, "desk_intake", "live", ip)
}

// deskRankReset is "Reset to the campaign's priorities" without
// JavaScript (with it, static/app.js moves the sliders and htmx re-ranks):
// the whole page under the campaign's weights, keeping the method and list
// length chosen when they can be read. It stores nothing.
func (p *pages) deskRankReset(c *gin.Context, pg *Page, id string) {
	ctx := c.Request.Context()
	in, err := p.Intakes.Get(ctx, id)
	if err != nil {
		p.fail(c, pg, err)
		return
	}
	method, limit := c.PostForm("method"), defaultRankLimit
	if method != matching.MethodTOPSIS {
		method = matching.MethodSAW
	}
	if n, err := strconv.Atoi(c.PostForm("limit")); err == nil && n >= 0 && n <= 100 {
		limit = n
	}
	wf := campaignWeightsForm(&in.Form, method, limit)
	ip, err := p.loadIntakePage(ctx, pg, id, "", &wf)
	if err != nil {
		p.fail(c, pg, err)
		return
	}
	p.render(c, http.StatusOK, "desk_intake", ip)
}

// problemText says what is wrong in one line: the message and, for
// invalid input, each field's problem; "" for no error.
func problemText(err error) string {
	if err == nil {
		return ""
	}
	var e *callmatch.Error
	if errors.As(err, &e) && len(e.Fields) > 0 {
		return callmatch.FieldErrors(e.Fields).String()
	}
	return callmatch.ErrorMessage(err)
}
