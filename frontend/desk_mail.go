package frontend

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"callmatch/mail"
)

// MessageLog is the mail queue as staff see it (jobs.MessageLog).
type MessageLog interface {
	FindMessages(ctx context.Context, f mail.Filter) ([]mail.Record, error)
}

// mailPage lists messages not sent yet (or of one status): kind, cause,
// attempts and the last error, so staff see what failed and why. It shows
// no recipient: a campaign's address is personal data staff open only on
// the intake's contact page, which audits the read.
type mailPage struct {
	*Page
	Status   string
	Statuses []string
	Messages []mail.Record
}

// When formats a timestamp to the minute, in UTC.
func (*mailPage) When(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

func (p *pages) deskMail(c *gin.Context) {
	pg := p.newStaffPage(c, "desk", "Mail")
	f := mail.Filter{Status: c.Query("status")}
	msgs, err := p.Messages.FindMessages(c.Request.Context(), f)
	if err != nil {
		p.fail(c, pg, err)
		return
	}
	p.render(c, http.StatusOK, "desk_mail", &mailPage{Page: pg, Status: f.Status, Statuses: mail.Statuses, Messages: msgs})
}
