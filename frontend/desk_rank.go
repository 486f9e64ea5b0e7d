package frontend

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"callmatch"
)

// deskRank re-ranks an intake under the advisor's sliders without storing
// anything. htmx gets the ranking alone, a browser without JavaScript the
// whole page with the new weights.
func (p *pages) deskRank(c *gin.Context) {
	ctx := c.Request.Context()
	pg := p.newStaffPage(c, "desk", "Intake")
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxFormBody)
	if err := c.Request.ParseForm(); err != nil {
		p.fail(c, pg, callmatch.Errorf(callmatch.ETOOLARGE, "The form is larger than we accept."))
		return
	}
	wf, formErr := readWeightsForm(c.Request.PostForm)
	if !isHTMX(c) {
		ip, err := p.loadIntakePage(ctx, pg, c.Param("id"), "", &wf)
		if formErr != nil {
			ip, err = p.loadIntakePage(ctx, pg, c.Param("id"), "", nil)
		}
		if err != nil {
			p.fail(c, pg, err)
			return
		}
		if formErr != nil {
			ip.FormError = callmatch.FieldErrors(formErr.(*callmatch.Error).Fields).String()
		}
		p.render(c, http.StatusOK, "desk_intake", ip)
		return
	}
	ip := &intakePage{Page: pg, Form: wf}
	if formErr != nil {
		ip.FormError = callmatch.FieldErrors(formErr.(*callmatch.Error).Fields).String()
		p.renderFragment(c, http.StatusOK, "desk_intake", "live", ip)
		return
	}
	in, err := p.Intakes.Get(ctx, c.Param("id"))
	if err != nil {
		p.fail(c, pg, err)
		return
	}
	// Only the ranking is swapped: one excluded vendor is enough to list,
	// since the page already shows them all and weights never change who
	// is excluded.
	res, err := p.whatIf(ctx, in, wf, 1)
	if err != nil {
		ip.FormError = callmatch.ErrorMessage(err)
		p.renderFragment(c, http.StatusOK, "desk_intake", "live", ip)
		return
	}
	ip.Intake, ip.Live = in, newRankingView(res, in.Form.BudgetCents, nil)
	p.renderFragment(c, http.StatusOK, "desk_intake", "live", ip)
}
