package frontend

import (
	"context"
	"net/url"

	"github.com/gin-gonic/gin"

	"callmatch/intake"
)

// deskIntakeReview marks that an advisor has taken a submitted intake up.
func (p *pages) deskIntakeReview(c *gin.Context) { p.moveIntake(c, p.Intakes.Review, "reviewed") }

// deskIntakeClose ends an engaged intake.
func (p *pages) deskIntakeClose(c *gin.Context) { p.moveIntake(c, p.Intakes.Close, "closed") }

// moveIntake applies one status change and shows the intake again; a
// change the lifecycle refuses comes back on the page with the reason.
func (p *pages) moveIntake(c *gin.Context, move func(ctx context.Context, id string) (*intake.Intake, error), done string) {
	pg := p.newStaffPage(c, "desk", "Intake")
	if !p.readPostForm(c, pg) {
		return
	}
	id := c.Param("id")
	if _, err := move(c.Request.Context(), id); err != nil {
		p.failOnIntake(c, pg, id, err)
		return
	}
	seeOther(c, "/desk/intakes/"+url.PathEscape(id)+"?done="+done)
}
