package main

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
)

// A logged config shows where mail goes but not the relay's password, and
// no other secret.
func TestConfigLogMasksSecrets(t *testing.T) {
	c := config{SMTPURL: "smtp://mailer:hunter2@relay.example.org:587", MailFrom: "Callmatch <no-reply@example.org>",
		DatabaseURL: "postgres://u:dbpass@db/callmatch", StripeSecretKey: "sk_live_x"}
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, nil)).Info("starting", slog.Any("config", c))
	out := buf.String()
	for _, secret := range []string{"hunter2", "dbpass", "sk_live_x"} {
		if strings.Contains(out, secret) {
			t.Errorf("log shows %q: %s", secret, out)
		}
	}
	if !strings.Contains(out, "relay.example.org:587") || !strings.Contains(out, "mailer") {
		t.Errorf("log hides the relay itself: %s", out)
	}
}
