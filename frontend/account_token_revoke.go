package frontend

import (
	"github.com/gin-gonic/gin"
)

// accountTokenRevoke deletes one of the user's own tokens; another user's
// token is not found, like an unknown one.
func (p *pages) accountTokenRevoke(c *gin.Context) {
	ap := p.newAccountPage(c)
	if err := p.Auth.RevokeAPIToken(c.Request.Context(), ap.Actor, c.Param("id")); err != nil {
		p.fail(c, ap.Page, err)
		return
	}
	seeOther(c, "/account?done=revoked")
}
