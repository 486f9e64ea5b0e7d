package frontend

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/httpstatus"
)

// loginSubmit signs in with the same authenticator and cookie as the API,
// then goes where the person was headed.
func (p *pages) loginSubmit(c *gin.Context) {
	pg := p.newPage(c, "login.title")
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxFormBody)
	email, password := strings.TrimSpace(c.PostForm("email")), c.PostForm("password")
	next := localPath(c.PostForm("next"), "")
	u, token, expires, err := p.Auth.Login(c.Request.Context(), email, password, c.ClientIP())
	switch code := callmatch.ErrorCode(err); code {
	case "":
	case callmatch.EUNAUTHORIZED, callmatch.EINVALID, callmatch.ERATELIMITED:
		// The authenticator's own words: it says the same for a wrong
		// password and an unknown email, and when to try again.
		lp := &loginPage{Page: pg, Email: email, Next: next, Error: callmatch.ErrorMessage(err)}
		var e *callmatch.Error
		if code != callmatch.ERATELIMITED {
			lp.Error = pg.T("login.failed")
		} else if errors.As(err, &e) && e.RetryAfter > 0 {
			// Whole seconds already: the authenticator rounds up.
			c.Header("Retry-After", strconv.Itoa(int(e.RetryAfter.Seconds())))
		}
		p.render(c, httpstatus.Of(err), "login", lp)
		return
	default:
		p.fail(c, pg, err)
		return
	}
	http.SetCookie(c.Writer, p.Cookies.SessionCookie(token, expires))
	a := callmatch.Actor{Role: u.Role}
	seeOther(c, localPath(next, homeFor(a)))
}
