// Package smtp sends rendered messages through an SMTP relay with go-mail.
package smtp

import (
	"context"
	"errors"
	"fmt"
	"net"
	netmail "net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"callmatch/mail"
)

// Config is a relay as SMTP_URL names it:
//
//	smtp://[user:password@]host[:port]   STARTTLS, required unless host is loopback (port 587 by default)
//	smtps://[user:password@]host[:port]  TLS from the first byte (port 465 by default)
type Config struct {
	Host     string
	Port     int
	Username string
	Password string
	// ImplicitTLS is smtps://.
	ImplicitTLS bool
}

// ParseURL reads SMTP_URL. Its errors never repeat the URL, which may hold
// a password.
func ParseURL(s string) (Config, error) {
	const hint = "set it to smtp://user:password@host:port (STARTTLS) or smtps://… (TLS)"
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" || strings.Trim(u.Path, "/") != "" {
		return Config{}, fmt.Errorf("SMTP_URL is not an smtp:// or smtps:// address; %s", hint)
	}
	c := Config{Host: u.Hostname(), ImplicitTLS: u.Scheme == "smtps", Port: 587}
	if c.ImplicitTLS {
		c.Port = 465
	}
	if p := u.Port(); p != "" {
		if c.Port, err = strconv.Atoi(p); err != nil || c.Port < 1 || c.Port > 65535 {
			return Config{}, fmt.Errorf("SMTP_URL has a port that is not a number from 1 to 65535; %s", hint)
		}
	}
	if u.User != nil {
		c.Username = u.User.Username()
		c.Password, _ = u.User.Password()
	}
	return c, nil
}

// Redact returns SMTP_URL with its password, if any, masked: for logs.
func Redact(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "***"
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "***")
	}
	return u.String()
}

// ParseFrom reads MAIL_FROM, "Name <address>" or a bare address.
func ParseFrom(s string) (*netmail.Address, error) {
	a, err := netmail.ParseAddress(s)
	if err != nil {
		return nil, fmt.Errorf("MAIL_FROM %q is not an email address such as \"Callmatch <no-reply@callmatch.example.org>\"", s)
	}
	return a, nil
}

// Sender sends through one relay from one address.
type Sender struct {
	cfg    Config
	from   *netmail.Address
	domain string // of Message-IDs: the sender's
	// Timeout bounds one delivery: connect, TLS, auth and the transfer.
	Timeout time.Duration
}

// New returns a sender; it connects only when sending.
func New(cfg Config, from *netmail.Address) *Sender {
	_, domain, _ := strings.Cut(from.Address, "@")
	return &Sender{cfg: cfg, from: from, domain: domain, Timeout: 30 * time.Second}
}

// Send delivers r to to. id is the message's stable id: the Message-ID is
// made from it, so the rare resend (the relay took the message but the
// worker died before recording it) carries the same Message-ID, which
// receiving systems use to recognise it as the same message.
func (s *Sender) Send(ctx context.Context, id, to string, r *mail.Rendered) error {
	m := gomail.NewMsg()
	if err := m.FromFormat(s.from.Name, s.from.Address); err != nil {
		return fmt.Errorf("smtp: from: %w", err)
	}
	if err := m.To(to); err != nil {
		return errors.New("smtp: the recipient is not a valid address")
	}
	m.Subject(r.Subject)
	m.SetMessageIDWithValue(id + "@" + s.domain)
	m.SetDate()
	m.SetGenHeader("Auto-Submitted", "auto-generated") // RFC 3834: no auto-replies, please
	if r.Unsubscribe != "" {
		// RFC 8058 one-click: the mail client POSTs
		// "List-Unsubscribe=One-Click" to the link, whose page takes a
		// POST without cookies; RFC 2369 wants the URL in angle brackets.
		m.SetGenHeader(gomail.HeaderListUnsubscribe, "<"+r.Unsubscribe+">")
		m.SetGenHeader(gomail.HeaderListUnsubscribePost, "List-Unsubscribe=One-Click")
	}
	m.SetBodyString(gomail.TypeTextPlain, r.Text)
	m.AddAlternativeString(gomail.TypeTextHTML, r.HTML)

	opts := []gomail.Option{gomail.WithPort(s.cfg.Port), gomail.WithTimeout(s.Timeout)}
	switch {
	case s.cfg.ImplicitTLS:
		opts = append(opts, gomail.WithSSL())
	case loopback(s.cfg.Host):
		// A relay on this machine (Mailpit, a local MTA): nothing on the
		// wire to protect, and it often has no certificate.
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if s.cfg.Username != "" {
		// The strongest mechanism the relay offers; go-mail offers none
		// that sends the password in the clear without TLS, except PLAIN
		// to this machine.
		auth := gomail.SMTPAuthAutoDiscover
		if loopback(s.cfg.Host) {
			auth = gomail.SMTPAuthPlain
		}
		opts = append(opts, gomail.WithSMTPAuth(auth), gomail.WithUsername(s.cfg.Username), gomail.WithPassword(s.cfg.Password))
	}
	// A client per message: go-mail's client holds one connection's state.
	c, err := gomail.NewClient(s.cfg.Host, opts...)
	if err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	if err := c.DialAndSendWithContext(ctx, m); err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	return nil
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
