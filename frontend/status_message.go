package frontend

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/intake"
)

// messageForm is the campaign's message to its advisor: the form on the
// status page, and the page a post ends on (sent, or the form again with
// the text kept and the problem said at the field).
type messageForm struct {
	*Page
	IntakeID, Token string
	Key             string // one per rendering: posting it twice sends once
	Body            string
	Error           string
	Sent            bool
	Max             int
}

// MessageForm is a fresh form for the status page.
func (sp *statusPage) MessageForm() *messageForm {
	return &messageForm{Page: sp.Page, IntakeID: sp.View.ID, Token: sp.Token, Key: newFormKey(), Max: intake.MaxMessage}
}

// statusMessage sends the campaign's message to its advisor. A reload of
// the answer posts the same key again and sends nothing more, so the page
// is rendered directly rather than through a redirect that would lose the
// text on an error. The token comes in the form body, out of the URL.
func (p *pages) statusMessage(c *gin.Context) {
	noReferrer(c)
	pg := p.newPage(c, "share.message_title")
	if !p.readPostForm(c, pg) {
		return
	}
	f := &messageForm{Page: pg, IntakeID: c.Param("id"), Token: c.PostForm("token"), Key: c.PostForm("key"),
		Body: c.PostForm("message"), Max: intake.MaxMessage}
	_, err := p.Intakes.SendMessage(c.Request.Context(), p.Limiter, f.IntakeID, f.Token, c.ClientIP(),
		intake.MessageDraft{Key: f.Key, Body: f.Body, Lang: pg.Lang})
	status := http.StatusOK
	switch callmatch.ErrorCode(err) {
	case "":
		f.Sent = true
	case callmatch.EINVALID:
		status, f.Error = http.StatusUnprocessableEntity, pg.T("share.message_error", intake.MinMessage, intake.MaxMessage)
		if e, ok := err.(*callmatch.Error); ok && e.Fields["message"] == "" {
			// Only the key was wrong: a new one, and the text as typed.
			f.Key, f.Error = newFormKey(), pg.T("share.message_key_error")
		}
	case callmatch.ERATELIMITED:
		status, f.Error = http.StatusTooManyRequests, pg.T("share.message_rate_limited")
	default:
		p.fail(c, pg, err)
		return
	}
	p.render(c, status, "status_message", f)
}
