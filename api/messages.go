package api

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/mail"
)

// MessageLog is the mail queue as staff see it (jobs.MessageLog).
type MessageLog interface {
	FindMessages(ctx context.Context, f mail.Filter) ([]mail.Record, error)
}

// Message is a queued message on the wire: what was sent, why and how it
// went; never to whom.
type Message struct {
	ID        string     `json:"id"`
	Kind      string     `json:"kind"`
	CauseKind string     `json:"cause_kind"`
	Lang      string     `json:"lang"`
	Status    string     `json:"status"`
	Attempts  int        `json:"attempts"`
	LastError string     `json:"last_error"`
	CreatedAt time.Time  `json:"created_at"`
	SentAt    *time.Time `json:"sent_at"`
}

// MessageList is the answer of GET /api/v1/messages.
type MessageList struct {
	Messages []Message `json:"messages"`
}

func messageFromRecord(r mail.Record) Message {
	return Message{ID: r.ID, Kind: r.Kind, CauseKind: r.CauseKind, Lang: r.Lang, Status: r.Status,
		Attempts: r.Attempts, LastError: r.LastError, CreatedAt: r.CreatedAt, SentAt: r.SentAt}
}

var errMailLogOff = callmatch.Errorf(callmatch.EUNAVAILABLE, "The mail queue is not available.")

// listMessages: staff list messages not sent yet (or of ?status=), newest
// first, at most 200; the service decides who may.
func (s *Server) listMessages(c *gin.Context) {
	if s.messages == nil {
		fail(c, errMailLogOff)
		return
	}
	recs, err := s.messages.FindMessages(c.Request.Context(), mail.Filter{Status: c.Query("status")})
	if err != nil {
		fail(c, err)
		return
	}
	out := MessageList{Messages: make([]Message, len(recs))}
	for i, r := range recs {
		out.Messages[i] = messageFromRecord(r)
	}
	c.JSON(http.StatusOK, out)
}
