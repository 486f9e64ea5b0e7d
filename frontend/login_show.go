package frontend

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"callmatch"
)

// loginPage is the sign-in form for advisors, admins and vendors.
type loginPage struct {
	*Page
	Email string
	Next  string
	Error string
}

// loginShow is the sign-in form; a signed-in user goes straight home.
func (p *pages) loginShow(c *gin.Context) {
	pg := p.newPage(c, "login.title")
	next := localPath(c.Query("next"), "")
	if a := callmatch.ActorFrom(c.Request.Context()); a.UserID != "" {
		seeOther(c, localPath(next, homeFor(a)))
		return
	}
	p.render(c, http.StatusOK, "login", &loginPage{Page: pg, Next: next})
}
