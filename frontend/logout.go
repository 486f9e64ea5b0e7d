package frontend

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"callmatch"
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

// logoutAll ends every session of the user, this one included, and sends
// them to sign in again. API tokens stay: they are revoked one by one.
func (p *pages) logoutAll(c *gin.Context) {
	ctx := c.Request.Context()
	if _, err := p.Auth.LogoutAll(ctx, callmatch.ActorFrom(ctx)); err != nil {
		p.fail(c, p.newStaffPage(c, "", "Your account"), err)
		return
	}
	http.SetCookie(c.Writer, p.Cookies.SessionCookie("", time.Time{}))
	seeOther(c, "/login")
}
