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
	p.changeIntake(c, done, func(ctx context.Context, id string) error {
		_, err := move(ctx, id)
		return err
	})
}

// changeIntake is every desk form that changes the intake named in the
// path: it reads the posted form, applies change, and sends the advisor
// back to the intake with done (query value and fragment) to say what
// happened, or shows the intake again with the problem on top.
func (p *pages) changeIntake(c *gin.Context, done string, change func(ctx context.Context, id string) error) {
	pg := p.newStaffPage(c, "desk", "Intake")
	if !p.readPostForm(c, pg) {
		return
	}
	id := c.Param("id")
	if err := change(c.Request.Context(), id); err != nil {
		p.failOnIntake(c, pg, id, err)
		return
	}
	seeOther(c, "/desk/intakes/"+url.PathEscape(id)+"?done="+done)
}
