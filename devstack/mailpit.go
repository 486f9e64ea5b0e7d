package devstack

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"
)

// Mailpit is Mailpit, an SMTP server that keeps what it receives and shows
// it on a web page and an API, on 127.0.0.1: the real SMTP server of
// `callmatch dev` and of the tests. Its messages live in dir/mailpit.db, so
// a restart (a fault test's, or the next `callmatch dev`) keeps them.
//
// It runs without --ignore-duplicate-ids: Callmatch gives every message a
// stable Message-ID, and Mailpit dropping a second copy would hide exactly
// the double send the tests are there to catch.
type Mailpit struct {
	*server
}

func newMailpit(dir string, o Options) *Mailpit {
	m := &Mailpit{server: newServer("mailpit", dir, 2, o)}
	m.command = m.cmd
	m.probe = func(ctx context.Context) error {
		var info struct{ Version string }
		if err := getJSON(ctx, m.URL()+"/api/v1/info", "", &info); err != nil {
			return err
		}
		var d net.Dialer
		c, err := d.DialContext(ctx, "tcp", m.SMTPAddr())
		if err != nil {
			return err
		}
		return c.Close()
	}
	return m
}

// SMTPPort is the SMTP port (no TLS; any user name and password accepted).
func (m *Mailpit) SMTPPort() int { return m.ports[0] }

// SMTPAddr is host:port of the SMTP server.
func (m *Mailpit) SMTPAddr() string { return "127.0.0.1:" + strconv.Itoa(m.SMTPPort()) }

// SMTPURL is the SMTP_URL that sends to it.
func (m *Mailpit) SMTPURL() string { return "smtp://" + m.SMTPAddr() }

// HTTPPort is the port of the web page and API.
func (m *Mailpit) HTTPPort() int { return m.ports[1] }

// URL is the web page's and API's base URL, http://127.0.0.1:PORT.
func (m *Mailpit) URL() string { return "http://127.0.0.1:" + strconv.Itoa(m.HTTPPort()) }

// API reads and deletes what Mailpit received.
func (m *Mailpit) API() MailpitAPI { return MailpitAPI{Base: m.URL()} }

func (m *Mailpit) cmd(ctx context.Context) (*exec.Cmd, error) {
	bin, err := goToolBinary(ctx, "mailpit", "MAILPIT_BIN")
	if err != nil {
		return nil, err
	}
	return exec.Command(bin,
		"--smtp", m.SMTPAddr(),
		"--listen", "127.0.0.1:"+strconv.Itoa(m.HTTPPort()),
		"--database", filepath.Join(m.dir, "mailpit.db"),
		"--disable-version-check", // no call home from a test run
		"--max", "0",              // keep every message: a test counts them
		// SMTP_URL may carry a user and password, as a real relay needs.
		"--smtp-auth-accept-any", "--smtp-auth-allow-insecure",
		"--smtp-disable-rdns",
	), nil
}

// MailpitAPI is a small reader of Mailpit's API for tests. Tests running
// in parallel share one Mailpit: find your messages with Search (e.g.
// "to:someone@example.org"), and delete all only in a test that runs
// alone.
type MailpitAPI struct{ Base string }

// MailpitAddress is one address of a message.
type MailpitAddress struct {
	Name    string
	Address string
}

// MailpitSummary is a message as Mailpit lists it.
type MailpitSummary struct {
	ID        string // Mailpit's own id, for Message and Headers
	MessageID string // the Message-ID header, without angle brackets
	From      *MailpitAddress
	To        []MailpitAddress
	Subject   string
	Created   time.Time
}

// MailpitMessage is one message with its plain-text and HTML bodies.
type MailpitMessage struct {
	MailpitSummary
	Text string
	HTML string
}

// Messages lists every message, newest first.
func (a MailpitAPI) Messages(ctx context.Context) ([]MailpitSummary, error) {
	return a.list(ctx, "/api/v1/messages", nil)
}

// Search lists the messages matching query in Mailpit's search syntax
// (to:ADDRESS, subject:"…", message-id:ID), newest first.
func (a MailpitAPI) Search(ctx context.Context, query string) ([]MailpitSummary, error) {
	return a.list(ctx, "/api/v1/search", url.Values{"query": {query}})
}

func (a MailpitAPI) list(ctx context.Context, path string, q url.Values) ([]MailpitSummary, error) {
	const page = 500
	if q == nil {
		q = url.Values{}
	}
	var out []MailpitSummary
	for {
		q.Set("start", strconv.Itoa(len(out)))
		q.Set("limit", strconv.Itoa(page))
		var res struct {
			MessagesCount int `json:"messages_count"`
			Messages      []MailpitSummary
		}
		if err := getJSON(ctx, a.Base+path+"?"+q.Encode(), "", &res); err != nil {
			return nil, fmt.Errorf("mailpit: %w", err)
		}
		out = append(out, res.Messages...)
		if len(res.Messages) < page || len(out) >= res.MessagesCount {
			return out, nil
		}
	}
}

// Message reads one message by Mailpit's id.
func (a MailpitAPI) Message(ctx context.Context, id string) (*MailpitMessage, error) {
	var m MailpitMessage
	if err := getJSON(ctx, a.Base+"/api/v1/message/"+url.PathEscape(id), "", &m); err != nil {
		return nil, fmt.Errorf("mailpit: %w", err)
	}
	return &m, nil
}

// Headers reads one message's headers, each name with its values.
func (a MailpitAPI) Headers(ctx context.Context, id string) (map[string][]string, error) {
	var h map[string][]string
	if err := getJSON(ctx, a.Base+"/api/v1/message/"+url.PathEscape(id)+"/headers", "", &h); err != nil {
		return nil, fmt.Errorf("mailpit: %w", err)
	}
	return h, nil
}

// DeleteAll deletes every message.
func (a MailpitAPI) DeleteAll(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodDelete, a.Base+"/api/v1/messages", nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("mailpit: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("mailpit: DELETE messages: %s", resp.Status)
	}
	return nil
}
