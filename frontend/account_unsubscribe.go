package frontend

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// unsubscribeShow asks to confirm: a GET never changes anything, because
// mail scanners and link previews follow links on their own.
func (p *pages) unsubscribeShow(c *gin.Context) {
	lp := p.newLinkPage(c, "accounts.unsubscribe.title")
	l, err := p.Preferences.FindOptOut(c.Request.Context(), lp.Token)
	if err != nil {
		p.renderLinkProblem(c, "unsubscribe", lp, err)
		return
	}
	lp.OptOut = l
	p.render(c, http.StatusOK, "unsubscribe", lp)
}

// unsubscribeSubmit turns the mail off. It is also the target of the
// List-Unsubscribe-Post one-click (RFC 8058): a mail client POSTs
// "List-Unsubscribe=One-Click" here without cookies or a browser's
// Origin, which the cross-origin check lets through. Repeating is a no-op.
func (p *pages) unsubscribeSubmit(c *gin.Context) {
	lp := p.newLinkPage(c, "accounts.unsubscribe.title")
	if !p.readPostForm(c, lp.Page) {
		return
	}
	l, err := p.Preferences.OptOut(c.Request.Context(), lp.Token)
	if err != nil {
		p.renderLinkProblem(c, "unsubscribe", lp, err)
		return
	}
	lp.OptOut = l
	p.render(c, http.StatusOK, "unsubscribe", lp)
}
