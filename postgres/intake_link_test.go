package postgres

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"time"

	"callmatch"
	"callmatch/intake"
)

// "Send me my link again" answers a known and an unknown address alike
// and mails only the known one; a malformed address is a field error; a
// client is limited whatever the addresses, an address silently; and
// nothing it logs names an address.
func TestSendLinkAgain(t *testing.T) {
	t.Parallel()
	env := mailEnv(t)
	var logs bytes.Buffer
	env.svc.Logger = slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	limiter := NewLimiter(env.db)
	ctx := t.Context()
	rec, _ := env.submit(t, nil)
	known, unknown := testForm().Contact.Email, "nobody.here@example.org"

	errKnown := env.svc.SendLinkAgain(ctx, limiter, known, "192.0.2.1")
	errUnknown := env.svc.SendLinkAgain(ctx, limiter, unknown, "192.0.2.1")
	if errKnown != nil || errUnknown != nil {
		t.Fatalf("known %v, unknown %v; want the same nil", errKnown, errUnknown)
	}
	env.svc.Wait()
	if n := countRows(t, env.db, "messages", "starts_with(cause, 'intake.link:')"); n != 1 {
		t.Errorf("%d link messages, want 1 (the known address's)", n)
	}
	if m := queuedMail(t, env.db, "intake.link:"); len(m) != 1 || m[0].To != known || m[0].Data["intake_id"] != rec.ID {
		t.Errorf("link messages %+v", m)
	}

	err := env.svc.SendLinkAgain(ctx, limiter, "not an address", "192.0.2.1")
	if e, ok := err.(*callmatch.Error); !ok || e.Code != callmatch.EINVALID || e.Fields["email"] == "" {
		t.Errorf("malformed address: %v", err)
	}

	// The address's own limit: three an hour from any clients, then
	// nothing more is mailed, though every window would allow one and the
	// answer stays the same.
	for i := range 4 {
		at := testNow.Add(time.Duration(i+1) * intake.LinkWindow)
		env.svc.Now = func() time.Time { return at }
		if err := env.svc.SendLinkAgain(ctx, limiter, known, "198.51.100."+string(rune('1'+i))); err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		env.svc.Wait()
	}
	if n := countRows(t, env.db, "messages", "starts_with(cause, 'intake.link:')"); n != 3 {
		t.Errorf("%d link messages after the address's limit, want 3", n)
	}

	// The client's limit: ten an hour, whatever the addresses.
	env.svc.Now = func() time.Time { return testNow }
	var last error
	for i := range 12 {
		last = env.svc.SendLinkAgain(ctx, limiter, "someone"+string(rune('a'+i))+"@example.org", "203.0.113.9")
	}
	env.svc.Wait()
	if callmatch.ErrorCode(last) != callmatch.ERATELIMITED {
		t.Errorf("12th request of one client: %v, want rate_limited", last)
	}
	if strings.Contains(strings.ToLower(logs.String()), "example.org") {
		t.Errorf("the log names an address:\n%s", logs.String())
	}
}
