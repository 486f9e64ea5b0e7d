package devstack

import (
	"log/slog"
	"net/smtp"
	"strings"
	"testing"
)

// Mailpit receives over SMTP with any credentials, the reader sees the
// message's bodies and headers, a restart keeps it, and DeleteAll empties
// the mailbox.
func TestMailpit(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	st, err := Start(ctx, Options{Mailpit: true, Logger: slog.New(slog.NewTextHandler(t.Output(), nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Stop() })
	mp := st.Mailpit
	msg := "From: a@example.org\r\nTo: b@example.org\r\nSubject: hello\r\nMessage-ID: <m-1@example.org>\r\n\r\nbody text\r\n"
	auth := smtp.PlainAuth("", "user", "secret", "127.0.0.1") // net/smtp allows PLAIN on localhost
	if err := smtp.SendMail(mp.SMTPAddr(), auth, "a@example.org", []string{"b@example.org"}, []byte(msg)); err != nil {
		t.Fatal(err)
	}
	if err := mp.Stop(); err != nil {
		t.Fatal(err)
	}
	if err := mp.Start(ctx); err != nil {
		t.Fatal(err)
	}
	api := mp.API()
	list, err := api.Search(ctx, "to:b@example.org")
	if err != nil || len(list) != 1 {
		t.Fatalf("search after restart: %v %+v", err, list)
	}
	if s := list[0]; s.MessageID != "m-1@example.org" || s.Subject != "hello" || len(s.To) != 1 || s.To[0].Address != "b@example.org" {
		t.Errorf("summary %+v", s)
	}
	m, err := api.Message(ctx, list[0].ID)
	if err != nil || strings.TrimSpace(m.Text) != "body text" {
		t.Fatalf("message: %v %+v", err, m)
	}
	h, err := api.Headers(ctx, list[0].ID)
	if err != nil || len(h["Message-Id"])+len(h["Message-ID"]) != 1 {
		t.Errorf("headers: %v %v", err, h)
	}
	if err := api.DeleteAll(ctx); err != nil {
		t.Fatal(err)
	}
	if all, err := api.Messages(ctx); err != nil || len(all) != 0 {
		t.Errorf("after DeleteAll: %v %d messages", err, len(all))
	}
}
