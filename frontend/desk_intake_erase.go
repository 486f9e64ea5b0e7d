package frontend

import (
	"context"

	"github.com/gin-gonic/gin"

	"callmatch"
)

// deskIntakeErase destroys the campaign's personal data on its request.
// There is no undo, so the form must carry the advisor's ticked
// confirmation; the browser's required attribute is a convenience, this
// check is the rule.
func (p *pages) deskIntakeErase(c *gin.Context) {
	p.changeIntake(c, "erased", func(ctx context.Context, id string) error {
		if c.PostForm("confirm") != "yes" {
			return &callmatch.Error{Code: callmatch.EINVALID, Message: "Nothing was erased.",
				Fields: map[string]string{"confirm": "tick the box to confirm that erasing cannot be undone"}}
		}
		_, err := p.Intakes.Erase(ctx, id)
		return err
	})
}
