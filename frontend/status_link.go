package frontend

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/httpstatus"
)

// linkPage asks for a campaign's address to mail its private link again.
// It is what a status link that leads nowhere shows (Missing), and a page
// of its own at /status/link that the mails point to.
type linkPage struct {
	*Page
	LinkForm
	Missing bool // reached through a link that matched no intake
	Sent    bool // the address was taken; the same words for any address
}

// LinkForm is what the "send me my link again" form (partial link_form)
// shows besides its labels; the confirmation page has one too.
type LinkForm struct {
	LinkEmail string // as typed, shown again only beside an error
	LinkError string // the field's problem, or why nothing was done
}

// statusLinkShow is the form alone.
func (p *pages) statusLinkShow(c *gin.Context) {
	noReferrer(c)
	pg := p.newPage(c, "link.title")
	p.render(c, http.StatusOK, "status_link", &linkPage{Page: pg})
}

// statusMissing answers a status link that matched no intake (wrong,
// partial or old) as before, 404 with no hint whether the intake exists,
// and offers to mail the link again.
func (p *pages) statusMissing(c *gin.Context, pg *Page) {
	pg.Title = pg.T("link.missing_title")
	p.render(c, http.StatusNotFound, "status_link", &linkPage{Page: pg, Missing: true})
}

// statusLinkSend takes an address and answers the same for every
// well-formed one, known or not: 200 with the same words, the lookup and
// the mail done in the background (intake.Service.SendLinkAgain).
func (p *pages) statusLinkSend(c *gin.Context) {
	noReferrer(c)
	pg := p.newPage(c, "link.title")
	if !p.readPostForm(c, pg) {
		return
	}
	lp := &linkPage{Page: pg}
	addr := c.PostForm("email")
	err := p.Intakes.SendLinkAgain(c.Request.Context(), p.Limiter, addr, c.ClientIP())
	switch callmatch.ErrorCode(err) {
	case "":
		lp.Sent = true
		p.render(c, http.StatusOK, "status_link", lp)
	case callmatch.EINVALID:
		lp.LinkEmail, lp.LinkError = addr, pg.T("link.invalid_email")
		p.render(c, http.StatusUnprocessableEntity, "status_link", lp)
	case callmatch.ERATELIMITED:
		lp.LinkEmail, lp.LinkError = addr, pg.T("link.rate_limited")
		p.render(c, httpstatus.Of(err), "status_link", lp)
	default:
		p.fail(c, pg, err)
	}
}
