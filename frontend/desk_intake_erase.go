package frontend

import (
	"net/url"

	"github.com/gin-gonic/gin"

	"callmatch"
)

// deskIntakeErase destroys the campaign's personal data on its request.
// There is no undo, so the form must carry the advisor's ticked
// confirmation; the browser's required attribute is a convenience, this
// check is the rule.
func (p *pages) deskIntakeErase(c *gin.Context) {
	pg := p.newStaffPage(c, "desk", "Intake")
	if !p.readPostForm(c, pg) {
		return
	}
	id := c.Param("id")
	var err error
	if c.PostForm("confirm") != "yes" {
		err = &callmatch.Error{Code: callmatch.EINVALID, Message: "Nothing was erased.",
			Fields: map[string]string{"confirm": "tick the box to confirm that erasing cannot be undone"}}
	} else {
		_, err = p.Intakes.Erase(c.Request.Context(), id)
	}
	if err != nil {
		p.failOnIntake(c, pg, id, err)
		return
	}
	seeOther(c, "/desk/intakes/"+url.PathEscape(id)+"?done=erased")
}
