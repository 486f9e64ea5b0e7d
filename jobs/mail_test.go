package jobs

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"callmatch/mail"
	"callmatch/postgres"
)

type fakeMessages struct {
	msg     postgres.OutgoingMessage
	sent    int
	reasons []string
	final   bool
}

func (f *fakeMessages) MessageToSend(_ context.Context, id string) (*postgres.OutgoingMessage, error) {
	if id != f.msg.ID {
		return nil, postgres.ErrNoMessage
	}
	m := f.msg
	return &m, nil
}

func (f *fakeMessages) MarkMessageSent(context.Context, string, int) error {
	f.sent++
	f.msg.Status = postgres.MessageSent
	return nil
}

func (f *fakeMessages) RecordMessageFailure(_ context.Context, _ string, _ int, reason string, final bool) error {
	f.reasons, f.final = append(f.reasons, reason), final
	return nil
}

type fakeSender struct {
	err   error
	calls int
}

func (s *fakeSender) Send(context.Context, string, string, *mail.Rendered) error {
	s.calls++
	return s.err
}

func newTestMail(t *testing.T, sendErr error) (*Mail, *fakeMessages, *fakeSender) {
	t.Helper()
	full := `{{define "subject"}}s{{end}}{{define "text"}}{{.Data.x}}{{end}}{{define "html"}}h{{end}}`
	r, err := mail.NewRenderer(fstest.MapFS{"t.en.tmpl": {Data: []byte(full)}, "t.es.tmpl": {Data: []byte(full)}}, "http://x")
	if err != nil {
		t.Fatal(err)
	}
	msgs := &fakeMessages{msg: postgres.OutgoingMessage{ID: "m1", Status: postgres.MessageQueued,
		Message: mail.Message{Cause: "c", To: "bob@example.org", Kind: "t", Data: map[string]string{"x": "1"}}}}
	s := &fakeSender{err: sendErr}
	return &Mail{Messages: msgs, Renderer: r, Sender: s, log: slog.New(slog.DiscardHandler)}, msgs, s
}

func job(attempt int) *river.Job[postgres.MailJob] {
	return &river.Job[postgres.MailJob]{JobRow: &rivertype.JobRow{Attempt: attempt, MaxAttempts: postgres.MailMaxAttempts},
		Args: postgres.MailJob{MessageID: "m1"}}
}

func TestMailWorker(t *testing.T) {
	ctx := t.Context()
	t.Run("sent once", func(t *testing.T) {
		w, msgs, s := newTestMail(t, nil)
		if err := w.Work(ctx, job(1)); err != nil || msgs.sent != 1 {
			t.Fatalf("%v, sent %d", err, msgs.sent)
		}
		// The job again (its completion was lost): not sent twice.
		if err := w.Work(ctx, job(2)); err != nil || s.calls != 1 {
			t.Errorf("second run: %v, %d sends", err, s.calls)
		}
	})
	t.Run("relay refuses: retried, then failed with a reason free of the address", func(t *testing.T) {
		w, msgs, _ := newTestMail(t, errors.New("smtp: 550 5.1.1 <bob@example.org>: Recipient address rejected"))
		err := w.Work(ctx, job(1))
		if err == nil || msgs.final || strings.Contains(err.Error(), "bob@") {
			t.Fatalf("attempt 1: %v final=%v", err, msgs.final)
		}
		if err := w.Work(ctx, job(postgres.MailMaxAttempts)); err == nil || !msgs.final {
			t.Fatalf("last attempt: %v final=%v", err, msgs.final)
		}
		for _, r := range msgs.reasons {
			if strings.Contains(r, "example.org") || !strings.Contains(r, "550 5.1.1 <[address]>") {
				t.Errorf("reason %q", r)
			}
		}
	})
	t.Run("unrenderable: failed at once, not retried", func(t *testing.T) {
		w, msgs, s := newTestMail(t, nil)
		msgs.msg.Data = nil
		err := w.Work(ctx, job(1))
		var cancel *rivertype.JobCancelError
		if !errors.As(err, &cancel) || !msgs.final || s.calls != 0 {
			t.Errorf("%v final=%v sends=%d, want the job cancelled and the message failed", err, msgs.final, s.calls)
		}
	})
	t.Run("erased", func(t *testing.T) {
		w, _, s := newTestMail(t, nil)
		j := job(1)
		j.Args.MessageID = "gone"
		if err := w.Work(ctx, j); err != nil || s.calls != 0 {
			t.Errorf("%v, %d sends", err, s.calls)
		}
	})
}
