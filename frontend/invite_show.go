package frontend

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/account"
	"callmatch/httpstatus"
)

// mailLinkPage is a page opened from a link in a mail: an invitation (choose
// a name and password), a password reset (choose a password) or a mail
// opt-out (confirm). Problem
// is set, and the form hidden, when the link cannot be used.
type mailLinkPage struct {
	*Page
	Token      string
	Invitation *account.Invitation // invitations only
	OptOut     *account.OptOutLink // unsubscribe links only
	Name       string
	Problem    string
	Errors     formErrors
}

// inviteShow shows the accept form, or why the link no longer works.
func (p *pages) inviteShow(c *gin.Context) {
	lp := p.newLinkPage(c, "accounts.invite.title")
	inv, err := p.People.FindInvitation(c.Request.Context(), lp.Token)
	if err != nil {
		p.renderLinkProblem(c, "invite", lp, err)
		return
	}
	lp.Invitation = inv
	p.render(c, http.StatusOK, "invite", lp)
}

// inviteAccept creates the account and signs it in. A double submit: the
// second finds the link used and says so (the first's cookie is set).
func (p *pages) inviteAccept(c *gin.Context) {
	lp := p.newLinkPage(c, "accounts.invite.title")
	if !p.readPostForm(c, lp.Page) {
		return
	}
	lp.Name = c.PostForm("name")
	ctx := c.Request.Context()
	u, session, expires, err := p.People.Accept(ctx, lp.Token, lp.Name, c.PostForm("password"))
	if callmatch.ErrorCode(err) == callmatch.EINVALID {
		inv, ferr := p.People.FindInvitation(ctx, lp.Token)
		if ferr == nil {
			lp.Invitation = inv
			lp.Errors, _ = formErrorsOf(err)
			p.render(c, http.StatusUnprocessableEntity, "invite", lp)
			return
		}
		err = ferr
	}
	if err != nil {
		p.renderLinkProblem(c, "invite", lp, err)
		return
	}
	http.SetCookie(c.Writer, p.Cookies.SessionCookie(session, expires))
	seeOther(c, homeFor(account.ActorForUser(u, account.CredentialSession, "")))
}

func (p *pages) newLinkPage(c *gin.Context, titleKey string) *mailLinkPage {
	noReferrer(c) // the path holds the link's secret
	return &mailLinkPage{Page: p.newPage(c, titleKey), Token: c.Param("token")}
}

// renderLinkProblem shows why a link cannot be used (unknown, used,
// expired) on the link's own page; other errors get the error page.
func (p *pages) renderLinkProblem(c *gin.Context, page string, lp *mailLinkPage, err error) {
	key := ""
	switch callmatch.ErrorMessage(err) {
	case callmatch.ErrorMessage(account.ErrLinkUsed()):
		key = "accounts.link.used"
	case callmatch.ErrorMessage(account.ErrLinkExpired()):
		key = "accounts.link.expired"
	case callmatch.ErrorMessage(account.ErrLinkUnknown()):
		key = "accounts.link.unknown"
	default:
		if fe, ok := formErrorsOf(err); ok {
			lp.Errors = fe
			p.render(c, httpstatus.Of(err), page, lp)
			return
		}
		p.fail(c, lp.Page, err)
		return
	}
	lp.Problem = lp.T(key)
	p.render(c, httpstatus.Of(err), page, lp)
}
