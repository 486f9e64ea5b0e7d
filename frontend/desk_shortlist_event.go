package frontend

import (
	"net/url"

	"github.com/gin-gonic/gin"

	"callmatch/intake"
)

// deskShortlistEvent records a pin, drop or note with its reason beside a
// shortlist; the engine's result is never edited.
func (p *pages) deskShortlistEvent(c *gin.Context) {
	ctx := c.Request.Context()
	pg := p.newStaffPage(c, "desk", "Intake")
	if !p.readPostForm(c, pg) {
		return
	}
	e := intake.Event{Type: c.PostForm("type"), VendorID: c.PostForm("vendor_id"), Reason: c.PostForm("reason")}
	sl, err := p.Intakes.AddEvent(ctx, c.Param("id"), e)
	if err != nil {
		p.failOnIntake(c, pg, c.PostForm("intake_id"), err)
		return
	}
	seeOther(c, "/desk/intakes/"+url.PathEscape(sl.IntakeID)+"?shortlist="+url.QueryEscape(sl.ID)+"&done=event#saved")
}
