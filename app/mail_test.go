package app_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"callmatch/app"
	"callmatch/devstack"
	"callmatch/devstack/pgtest"
	"callmatch/mail"
	"callmatch/postgres"
)

// testTemplates is a kind of the tests' own.
var testTemplates = fstest.MapFS{
	"hello.en.tmpl": {Data: []byte(`{{define "subject"}}Hello {{.Data.n}}{{end}}{{define "text"}}Hello {{.Data.n}}: {{.Base}}/status{{end}}{{define "html"}}<p>Hello {{.Data.n}}</p>{{end}}`)},
	"hello.es.tmpl": {Data: []byte(`{{define "subject"}}Hola {{.Data.n}}{{end}}{{define "text"}}Hola {{.Data.n}}: {{.Base}}/status{{end}}{{define "html"}}<p>Hola {{.Data.n}}</p>{{end}}`)},
}

// mailApp is an app sending to a Mailpit of its own, with its background
// jobs running and retries a second apart.
func mailApp(t *testing.T) (*app.App, *devstack.Mailpit) { return mailAppWith(t, testTemplates) }

// mailAppWith is mailApp with templates (nil: the product's).
func mailAppWith(t *testing.T, templates fs.FS) (*app.App, *devstack.Mailpit) {
	t.Helper()
	st, err := devstack.Start(t.Context(), devstack.Options{Mailpit: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Stop() })
	a, err := app.New(t.Context(), app.Config{DatabaseURL: pgtest.NewDB(t), DataKey: postgres.NewDataKey(),
		PublicURL: "https://callmatch.example.org", SMTPURL: st.Mailpit.SMTPURL(),
		MailFrom: "Callmatch <no-reply@callmatch.test>", MailTemplates: templates, JobRetryDelay: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); a.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done; a.Close() })
	return a, st.Mailpit
}

func hello(i int) mail.Message {
	return mail.Message{Cause: fmt.Sprintf("test.hello:%d", i), To: fmt.Sprintf("person%d@example.org", i), Lang: "es",
		Kind: "hello", Data: map[string]string{"n": fmt.Sprint(i)}}
}

// waitMessages waits until no message is queued any more and returns the
// count by status. Once none is queued no job can send again, so what
// Mailpit holds then is final.
func waitMessages(t *testing.T, a *app.App, limit time.Duration) map[string]int {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		byStatus := map[string]int{}
		rows, err := a.DB.SQL().QueryContext(t.Context(), `SELECT status, count(*) FROM messages GROUP BY status`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			var n int
			if err := rows.Scan(&s, &n); err != nil {
				t.Fatal(err)
			}
			byStatus[s] = n
		}
		rows.Close()
		if byStatus[postgres.MessageQueued] == 0 {
			return byStatus
		}
		if time.Now().After(deadline) {
			t.Fatalf("messages still queued after %s: %v", limit, byStatus)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// A queued message reaches the SMTP server rendered in its language, with
// the Message-ID made from its id.
func TestMailDelivered(t *testing.T) {
	t.Parallel()
	a, mp := mailApp(t)
	ctx := t.Context()
	if err := a.DB.QueueMail(ctx, hello(1)); err != nil {
		t.Fatal(err)
	}
	if got := waitMessages(t, a, time.Minute); got[postgres.MessageSent] != 1 {
		t.Fatalf("statuses %v", got)
	}
	list, err := mp.API().Search(ctx, "to:person1@example.org")
	if err != nil || len(list) != 1 {
		t.Fatalf("%v %+v", err, list)
	}
	var id string
	if err := a.DB.SQL().QueryRowContext(ctx, `SELECT id FROM messages`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	m, err := mp.API().Message(ctx, list[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != "Hola 1" || m.MessageID != id+"@callmatch.test" || strings.TrimSpace(m.Text) != "Hola 1: https://callmatch.example.org/status" {
		t.Errorf("received %+v", m)
	}
}

// The fault test of issue 14: the SMTP server is down while 50 messages
// are caused, then comes back: exactly 50 arrive, none twice.
func TestMailSurvivesSMTPOutage(t *testing.T) {
	t.Parallel()
	a, mp := mailApp(t)
	ctx := t.Context()
	if err := mp.Stop(); err != nil {
		t.Fatal(err)
	}
	const n = 50
	for i := range n {
		if err := a.DB.QueueMail(ctx, hello(i)); err != nil {
			t.Fatal(err)
		}
	}
	// Every message has failed at least once before the server returns.
	deadline := time.Now().Add(time.Minute)
	for {
		var failedOnce int
		if err := a.DB.SQL().QueryRowContext(ctx, `SELECT count(*) FROM messages WHERE attempts >= 1 AND last_error <> ''`).
			Scan(&failedOnce); err != nil {
			t.Fatal(err)
		}
		if failedOnce == n {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d messages tried while the SMTP server was down", failedOnce, n)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if c, err := net.Dial("tcp", mp.SMTPAddr()); err == nil {
		c.Close()
		t.Fatal("the SMTP server still answers")
	}
	if err := mp.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if got := waitMessages(t, a, 2*time.Minute); got[postgres.MessageSent] != n {
		t.Fatalf("statuses %v, want %d sent", got, n)
	}
	all, err := mp.API().Messages(ctx)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, m := range all {
		seen[m.MessageID]++
		if seen[m.MessageID] == 2 {
			t.Errorf("message %s arrived twice", m.MessageID)
		}
	}
	if len(all) != n || len(seen) != n {
		t.Errorf("%d messages arrived (%d distinct), want exactly %d", len(all), len(seen), n)
	}
}

// Without SMTP_URL the app says mail is off and its causes queue nothing;
// SMTP_URL without MAIL_FROM, or malformed, is refused naming the
// variable and never repeating the password.
func TestMailOffAndMailConfig(t *testing.T) {
	t.Parallel()
	var logs strings.Builder
	a, err := app.New(t.Context(), app.Config{DatabaseURL: pgtest.NewDB(t), DataKey: postgres.NewDataKey(),
		PublicURL: "https://callmatch.example.org", Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if !strings.Contains(logs.String(), "mail is off") || a.DB.MailEnabled() {
		t.Errorf("without SMTP_URL: enabled %v, log:\n%s", a.DB.MailEnabled(), logs.String())
	}
	if err := a.DB.QueueMail(t.Context(), hello(1)); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := a.DB.SQL().QueryRowContext(t.Context(), `SELECT count(*) FROM messages`).Scan(&n); err != nil || n != 0 {
		t.Errorf("mail off queued %d messages (%v)", n, err)
	}

	good := app.Config{DatabaseURL: "postgres://127.0.0.1:1/none", DataKey: postgres.NewDataKey(), PublicURL: "https://callmatch.example.org"}
	for _, c := range []struct{ url, from, want string }{
		{"smtp://u:hunter2@relay.example.org", "", "MAIL_FROM is not set"},
		{"smtp://u:hunter2@relay.example.org", "not an address", "MAIL_FROM"},
		{"http://u:hunter2@relay.example.org", "a@example.org", "SMTP_URL"},
	} {
		cfg := good
		cfg.SMTPURL, cfg.MailFrom = c.url, c.from
		_, err := app.New(t.Context(), cfg)
		var ce *app.ConfigError
		if !errors.As(err, &ce) || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "hunter2") {
			t.Errorf("SMTP_URL %q MAIL_FROM %q: %v, want a configuration error naming %s", c.url, c.from, err, c.want)
		}
	}
}
