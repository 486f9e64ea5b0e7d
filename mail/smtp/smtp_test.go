package smtp

import (
	"context"
	"strings"
	"testing"

	"callmatch/devstack"
	"callmatch/mail"
)

func TestParseURL(t *testing.T) {
	for in, want := range map[string]Config{
		"smtp://127.0.0.1:1025":                {Host: "127.0.0.1", Port: 1025},
		"smtp://u:p%40ss@relay.example.org":    {Host: "relay.example.org", Port: 587, Username: "u", Password: "p@ss"},
		"smtps://u:pw@relay.example.org":       {Host: "relay.example.org", Port: 465, Username: "u", Password: "pw", ImplicitTLS: true},
		"smtps://u:pw@relay.example.org:2465/": {Host: "relay.example.org", Port: 2465, Username: "u", Password: "pw", ImplicitTLS: true},
	} {
		got, err := ParseURL(in)
		if err != nil || got != want {
			t.Errorf("ParseURL(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "relay.example.org:25", "http://relay", "smtp://u:hunter2@relay:99999", "smtp://u:hunter2@relay/x"} {
		_, err := ParseURL(in)
		if err == nil || strings.Contains(err.Error(), "hunter2") {
			t.Errorf("ParseURL(%q): %v, want an error without the password", in, err)
		}
	}
	if got := Redact("smtp://u:hunter2@relay:587"); got != "smtp://u:%2A%2A%2A@relay:587" && got != "smtp://u:***@relay:587" {
		t.Errorf("Redact: %s", got)
	}
	if got := Redact("smtp://127.0.0.1:1025"); got != "smtp://127.0.0.1:1025" {
		t.Errorf("Redact without a password: %s", got)
	}
}

// A message reaches Mailpit (with credentials, as a relay needs) with both
// parts and the Message-ID made from its id.
func TestSendToMailpit(t *testing.T) {
	ctx := t.Context()
	st, err := devstack.Start(ctx, devstack.Options{Mailpit: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Stop()
	cfg, err := ParseURL("smtp://user:secret@" + st.Mailpit.SMTPAddr())
	if err != nil {
		t.Fatal(err)
	}
	from, err := ParseFrom("Callmatch <no-reply@callmatch.test>")
	if err != nil {
		t.Fatal(err)
	}
	s := New(cfg, from)
	r := &mail.Rendered{Subject: "Hola Ana", Text: "texto\n", HTML: "<p>texto</p>\n"}
	if err := s.Send(context.Background(), "0193-abc", "ana@example.org", r); err != nil {
		t.Fatal(err)
	}
	api := st.Mailpit.API()
	list, err := api.Search(ctx, "to:ana@example.org")
	if err != nil || len(list) != 1 {
		t.Fatalf("%v %+v", err, list)
	}
	m, err := api.Message(ctx, list[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if m.MessageID != "0193-abc@callmatch.test" || m.Subject != "Hola Ana" || strings.TrimSpace(m.Text) != "texto" ||
		!strings.Contains(m.HTML, "<p>texto</p>") || m.From == nil || m.From.Address != "no-reply@callmatch.test" {
		t.Errorf("received %+v", m)
	}
	// Mail nobody can opt out of offers no unsubscribe.
	h, err := api.Headers(ctx, list[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := h["List-Unsubscribe"]; ok {
		t.Errorf("List-Unsubscribe %q on a message without an opt-out", v)
	}

	// A reminder, rendered from the product's template with its opt-out
	// token, carries the RFC 8058 one-click headers pointing at the page
	// its body links to.
	renderer, err := mail.NewRenderer(mail.Templates(), "https://callmatch.example.org/")
	if err != nil {
		t.Fatal(err)
	}
	rem, err := renderer.Render(mail.Message{Cause: "test", To: "luz@example.org", Lang: "es", Kind: "cert_expiring",
		Data: map[string]string{"kind": "PCI", "vendor": "Acme", "expires_on": "2027-01-31", "days_left": "30", "unsubscribe_token": "tok_123"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(ctx, "0193-def", "luz@example.org", rem); err != nil {
		t.Fatal(err)
	}
	list, err = api.Search(ctx, "to:luz@example.org")
	if err != nil || len(list) != 1 {
		t.Fatalf("%v %+v", err, list)
	}
	if h, err = api.Headers(ctx, list[0].ID); err != nil {
		t.Fatal(err)
	}
	const link = "https://callmatch.example.org/unsubscribe/tok_123"
	if got := h["List-Unsubscribe"]; len(got) != 1 || got[0] != "<"+link+">" {
		t.Errorf("List-Unsubscribe %q, want <%s>", got, link)
	}
	if got := h["List-Unsubscribe-Post"]; len(got) != 1 || got[0] != "List-Unsubscribe=One-Click" {
		t.Errorf("List-Unsubscribe-Post %q", got)
	}
	if !strings.Contains(rem.Text, link) {
		t.Errorf("the header's link is not the one the text gives: %q", rem.Text)
	}
}
