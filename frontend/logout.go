package frontend

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// logout ends the session on the server and clears the cookie.
func (p *pages) logout(c *gin.Context) {
	name := p.Cookies.SessionCookie("", time.Time{}).Name
	if ck, err := c.Request.Cookie(name); err == nil && ck.Value != "" {
		if err := p.Auth.Logout(c.Request.Context(), ck.Value); err != nil {
			p.fail(c, p.newPage(c, "login.title"), err)
			return
		}
	}
	http.SetCookie(c.Writer, p.Cookies.SessionCookie("", time.Time{}))
	seeOther(c, "/")
}
