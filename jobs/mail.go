package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"

	"github.com/riverqueue/river"

	"callmatch/mail"
	"callmatch/metrics"
	"callmatch/postgres"
)

// Sender delivers one rendered message (mail/smtp.Sender).
type Sender interface {
	Send(ctx context.Context, id, to string, r *mail.Rendered) error
}

// Messages is the worker's side of the queue (postgres.MessageStore).
type Messages interface {
	MessageToSend(ctx context.Context, id string) (*postgres.OutgoingMessage, error)
	MarkMessageSent(ctx context.Context, id string, attempt int) error
	RecordMessageFailure(ctx context.Context, id string, attempt int, reason string, final bool) error
}

// Mail is the worker that sends queued messages.
type Mail struct {
	river.WorkerDefaults[postgres.MailJob]
	Messages Messages
	Renderer *mail.Renderer
	Sender   Sender
	log      *slog.Logger
}

// Work sends one message. A message already sent is not sent again (its
// job ran twice: a process died between marking it sent and completing
// the job). A failed send is recorded with its reason and retried by River
// with backoff; the last attempt marks the message failed, for staff to
// see. A message that cannot be rendered is failed at once: no retry
// mends a template. The one gap left is a process dying after the relay
// accepted the message and before it is marked sent: River then runs the
// job again and the recipient gets a second copy with the same Message-ID.
func (w *Mail) Work(ctx context.Context, job *river.Job[postgres.MailJob]) error {
	id := job.Args.MessageID
	m, err := w.Messages.MessageToSend(ctx, id)
	switch {
	case errors.Is(err, postgres.ErrNoMessage):
		return nil // erased with its cause
	case err != nil:
		return err // the database: River retries
	case m.Status == postgres.MessageSent:
		return nil
	}
	attrs := []any{slog.String("message", id), slog.String("kind", m.Kind), slog.Int("attempt", job.Attempt)}
	r, err := w.Renderer.Render(m.Message)
	if err != nil {
		metrics.MailFailed()
		reason := scrub(err.Error())
		w.log.Error("message cannot be rendered; marked failed", append(attrs, slog.String("error", reason))...)
		if err := w.Messages.RecordMessageFailure(ctx, id, job.Attempt, reason, true); err != nil {
			return err
		}
		return river.JobCancel(errors.New(reason))
	}
	if err := w.Sender.Send(ctx, id, m.To, r); err != nil {
		metrics.MailFailed()
		reason := scrub(err.Error())
		final := job.Attempt >= job.MaxAttempts
		if final {
			w.log.Error("message failed after its last attempt", append(attrs, slog.String("error", reason))...)
		} else {
			w.log.Warn("message not sent; retried later", append(attrs, slog.String("error", reason))...)
		}
		if err := w.Messages.RecordMessageFailure(ctx, id, job.Attempt, reason, final); err != nil {
			return err
		}
		return errors.New(reason) // what River keeps in its own table
	}
	metrics.MailSent() // sent, whether or not the mark below lands
	if err := w.Messages.MarkMessageSent(ctx, id, job.Attempt); err != nil {
		return fmt.Errorf("message %s sent but not marked: %w", id, err)
	}
	w.log.Debug("message sent", attrs...)
	return nil
}

// addressLike matches what could be an email address in a relay's answer
// ("550 5.1.1 <bob@example.org>: Recipient address rejected").
var addressLike = regexp.MustCompile(`[^\s<>"'(),;:]+@[^\s<>"'(),;:]+`)

// scrub removes addresses from an error before it is logged, stored or
// shown to staff, and bounds its length.
func scrub(s string) string {
	s = addressLike.ReplaceAllString(s, "[address]")
	if len(s) > 500 {
		s = s[:500] + "…"
	}
	return s
}
