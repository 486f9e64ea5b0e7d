package frontend

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/intake"
)

// deskShortlistSave stores the ranking under the sliders' weights as a new
// shortlist version: an immutable record of exactly these inputs.
func (p *pages) deskShortlistSave(c *gin.Context) {
	p.changeIntake(c, "shortlist#saved", func(ctx context.Context, id string) error {
		wf, err := readWeightsForm(c.Request.PostForm)
		if err == nil {
			_, err = p.Intakes.GenerateShortlist(ctx, id, intake.GenerateOptions{Weights: wf.weights(), Method: wf.Method, Limit: wf.Limit})
		}
		return err
	})
}

// failOnIntake shows the intake page again with the problem on top when
// the problem is the advisor's to fix (invalid, conflict), else an error
// page.
func (p *pages) failOnIntake(c *gin.Context, pg *Page, id string, err error) {
	switch callmatch.ErrorCode(err) {
	case callmatch.EINVALID, callmatch.ECONFLICT:
		ip, lerr := p.loadIntakePage(c.Request.Context(), pg, id, "", nil)
		if lerr != nil {
			p.fail(c, pg, lerr)
			return
		}
		ip.FormError = callmatch.ErrorMessage(err)
		if e, ok := err.(*callmatch.Error); ok && len(e.Fields) > 0 {
			ip.FormError += " " + callmatch.FieldErrors(e.Fields).String()
		}
		p.render(c, http.StatusUnprocessableEntity, "desk_intake", ip)
	default:
		p.fail(c, pg, err)
	}
}
