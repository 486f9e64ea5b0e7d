package frontend

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/account"
)

// resetRequestPage asks for the address to mail a reset link to.
type resetRequestPage struct {
	*Page
	Email  string
	Sent   bool // the same confirmation for every address
	Errors formErrors
}

// resetRequestShow is "Forgot your password?".
func (p *pages) resetRequestShow(c *gin.Context) {
	p.render(c, http.StatusOK, "reset_request", &resetRequestPage{Page: p.newPage(c, "accounts.reset.title")})
}

// resetRequestSubmit mails a link if the address has an account and says
// the same thing either way.
func (p *pages) resetRequestSubmit(c *gin.Context) {
	rp := &resetRequestPage{Page: p.newPage(c, "accounts.reset.title")}
	if !p.readPostForm(c, rp.Page) {
		return
	}
	rp.Email = c.PostForm("email")
	err := p.People.RequestPasswordReset(c.Request.Context(), rp.Email, c.ClientIP(), rp.Lang)
	if err != nil {
		fe, ok := formErrorsOf(err)
		if !ok {
			p.fail(c, rp.Page, err)
			return
		}
		rp.Errors = fe
		if callmatch.ErrorCode(err) == callmatch.ERATELIMITED {
			rp.Errors.Banner = rp.T("accounts.reset.rate_limited")
		}
		p.render(c, http.StatusOK, "reset_request", rp)
		return
	}
	rp.Sent = true
	p.render(c, http.StatusOK, "reset_request", rp)
}

// resetShow shows the new-password form of a reset link.
func (p *pages) resetShow(c *gin.Context) {
	lp := p.newLinkPage(c, "accounts.reset.title")
	if err := p.People.CheckResetLink(c.Request.Context(), lp.Token); err != nil {
		p.renderLinkProblem(c, "reset", lp, err)
		return
	}
	p.render(c, http.StatusOK, "reset", lp)
}

// resetSubmit sets the new password, ends every other session and signs
// in here. A double submit: the second finds the link used.
func (p *pages) resetSubmit(c *gin.Context) {
	lp := p.newLinkPage(c, "accounts.reset.title")
	if !p.readPostForm(c, lp.Page) {
		return
	}
	u, session, expires, err := p.People.ResetPassword(c.Request.Context(), lp.Token, c.PostForm("password"))
	if callmatch.ErrorCode(err) == callmatch.EINVALID {
		lp.Errors, _ = formErrorsOf(err)
		p.render(c, http.StatusUnprocessableEntity, "reset", lp)
		return
	} else if err != nil {
		p.renderLinkProblem(c, "reset", lp, err)
		return
	}
	http.SetCookie(c.Writer, p.Cookies.SessionCookie(session, expires))
	seeOther(c, homeFor(account.ActorForUser(u, account.CredentialSession, "")))
}
