package frontend

import (
	"net/url"

	"github.com/gin-gonic/gin"
)

// deskShortlistShare makes a shortlist visible on the campaign's page.
func (p *pages) deskShortlistShare(c *gin.Context) {
	pg := p.newStaffPage(c, "desk", "Intake")
	sl, err := p.Intakes.Share(c.Request.Context(), c.Param("id"))
	if err != nil {
		p.failOnIntake(c, pg, c.PostForm("intake_id"), err)
		return
	}
	seeOther(c, "/desk/intakes/"+url.PathEscape(sl.IntakeID)+"?shortlist="+url.QueryEscape(sl.ID)+"&done=shared#saved")
}
