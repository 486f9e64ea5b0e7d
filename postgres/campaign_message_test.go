package postgres

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"callmatch"
	"callmatch/intake"
)

// A campaign's message is stored sealed, mailed to the advisor who works
// on the intake (not to every staff member), audited without its text,
// sent once however often the form is posted, limited per intake, and
// gone when the intake is erased.
func TestCampaignMessageToAdvisor(t *testing.T) {
	t.Parallel()
	env := mailEnv(t)
	accounts := NewAccountStore(env.db)
	worker := mustAccountUser(t, accounts, "worker@example.org", "advisor", "", "a long enough password")
	ctx := callmatch.WithActor(t.Context(), callmatch.Actor{UserID: worker.ID, Email: worker.Email, Role: callmatch.RoleAdvisor})
	rec, token := env.submit(t, nil)
	if _, err := env.svc.Review(ctx, rec.ID); err != nil {
		t.Fatal(err)
	}
	env.svc.Inbox = env.store
	limiter := NewLimiter(env.db)
	body := "Can Rosa call you at 956 555 0142 about the Spanish script?"
	draft := intake.MessageDraft{Key: "key-0123456789abcdef", Body: "  " + body + "\n", Lang: "es"}

	var wg sync.WaitGroup
	for range 2 { // a double click
		wg.Go(func() {
			if _, err := env.svc.SendMessage(t.Context(), limiter, rec.ID, token, "10.0.0.1", draft); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	var sealed [][]byte
	if err := env.db.gorm.Raw(`SELECT sealed FROM campaign_messages WHERE intake_id = ?`, rec.ID).Scan(&sealed).Error; err != nil {
		t.Fatal(err)
	}
	if len(sealed) != 1 || bytes.Contains(sealed[0], []byte("Rosa")) {
		t.Fatalf("stored %d messages (want 1, sealed): %q", len(sealed), sealed)
	}
	msgs := queuedMail(t, env.db, "campaign.message:"+rec.ID+":")
	if len(msgs) != 1 || msgs[0].To != "worker@example.org" || msgs[0].Kind != MailCampaignMessage || msgs[0].Data["message"] != body {
		t.Fatalf("mail: %+v", msgs)
	}
	renders(t, msgs)

	got, err := env.svc.Messages(ctx, rec.ID)
	if err != nil || len(got) != 1 || got[0].Body != body || got[0].Lang != "es" {
		t.Fatalf("messages on the desk: %+v, %v", got, err)
	}
	audit := strings.Join(auditActions(t, env.db, objectIntake, rec.ID), " ")
	if !strings.Contains(audit, ActionCampaignMessage) || !strings.Contains(audit, ActionCampaignMessageRead) {
		t.Errorf("audit: %s", audit)
	}
	var diffs []string
	env.db.gorm.Raw(`SELECT diff::text FROM audit_log WHERE object_id = ?`, rec.ID).Scan(&diffs)
	if strings.Contains(strings.Join(diffs, " "), "Rosa") {
		t.Errorf("the audit log keeps the text: %v", diffs)
	}
	if _, err := env.svc.Messages(t.Context(), rec.ID); callmatch.ErrorCode(err) != callmatch.EUNAUTHORIZED &&
		callmatch.ErrorCode(err) != callmatch.EFORBIDDEN {
		t.Errorf("messages without staff: %v", err)
	}

	for name, d := range map[string]intake.MessageDraft{
		"blank":    {Key: "key-blank-0123456789", Body: "   "},
		"too long": {Key: "key-long-0123456789a", Body: strings.Repeat("x", intake.MaxMessage+1)},
		"no key":   {Body: "hello there"},
	} {
		_, err := env.svc.SendMessage(t.Context(), limiter, rec.ID, token, "10.0.0.1", d)
		if callmatch.ErrorCode(err) != callmatch.EINVALID {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := env.svc.SendMessage(t.Context(), limiter, rec.ID, token+"x", "10.0.0.1", draft); callmatch.ErrorCode(err) != callmatch.ENOTFOUND {
		t.Errorf("wrong token: %v", err)
	}
	// The double click spent one of five; four more pass, the next does
	// not, and a repeat of a message sent is still answered.
	for i := range 5 {
		d := intake.MessageDraft{Key: "key-more-0123456789" + string(rune('a'+i)), Body: "one more question"}
		_, err := env.svc.SendMessage(t.Context(), limiter, rec.ID, token, "10.0.0.1", d)
		if (i < 4) != (err == nil) || (i == 4 && callmatch.ErrorCode(err) != callmatch.ERATELIMITED) {
			t.Errorf("message %d: %v", i+2, err)
		}
	}
	if m, err := env.svc.SendMessage(t.Context(), limiter, rec.ID, token, "10.0.0.1", draft); err != nil || m.Body != body {
		t.Errorf("a repeat over the limit: %+v, %v; want the message sent first", m, err)
	}

	if _, err := env.svc.Erase(ctx, rec.ID); err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, env.db, "campaign_messages", "intake_id = ? AND sealed IS NOT NULL", rec.ID); n != 0 {
		t.Errorf("%d message texts left after erasure", n)
	}
	if n := countRows(t, env.db, "messages", "starts_with(cause, ?)", "campaign.message:"+rec.ID); n != 0 {
		t.Errorf("%d mails left after erasure", n)
	}
	if _, err := env.svc.SendMessage(t.Context(), nil, rec.ID, token, "10.0.0.1",
		intake.MessageDraft{Key: "key-after-erase-0123", Body: "hello again"}); callmatch.ErrorCode(err) == "" {
		t.Error("an erased intake took a message")
	}
}

// Repeats of a stored message are answered without counting: a campaign
// retrying one post (a flaky connection) is never told to wait, however
// often it retries, and its real messages keep their budget.
func TestCampaignMessageRepeatsAreNotCounted(t *testing.T) {
	t.Parallel()
	env := mailEnv(t)
	env.svc.Inbox = env.store
	limiter := NewLimiter(env.db)
	rec, token := env.submit(t, nil)
	draft := intake.MessageDraft{Key: "key-retry-0123456789", Body: "Did you get this?"}
	first, err := env.svc.SendMessage(t.Context(), limiter, rec.ID, token, "10.0.0.1", draft)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		if m, err := env.svc.SendMessage(t.Context(), limiter, rec.ID, token, "10.0.0.1", draft); err != nil || m.ID != first.ID {
			t.Fatalf("repeat %d: %+v, %v; want the message sent first", i+1, m, err)
		}
	}
	for i := range 4 {
		d := intake.MessageDraft{Key: "key-other-0123456789" + string(rune('a'+i)), Body: "another question"}
		if _, err := env.svc.SendMessage(t.Context(), limiter, rec.ID, token, "10.0.0.1", d); err != nil {
			t.Errorf("message %d after the repeats: %v", i+2, err)
		}
	}
	if n := countRows(t, env.db, "campaign_messages", "intake_id = ?", rec.ID); n != 5 {
		t.Errorf("%d messages stored, want 5", n)
	}
}

// An intake erased between the service's read and the store's write takes
// no message: the store checks under the intake's lock, which the erasure
// holds while it nulls the texts.
func TestCampaignMessageAfterErasure(t *testing.T) {
	t.Parallel()
	env := mailEnv(t)
	env.svc.Inbox = env.store
	rec, _ := env.submit(t, nil)
	if _, err := env.svc.Erase(staffCtx(t), rec.ID); err != nil {
		t.Fatal(err)
	}
	_, _, err := env.store.CreateCampaignMessage(t.Context(), intake.CampaignMessage{IntakeID: rec.ID, Body: "Call me at 555 0142", Lang: "en"},
		"key-late-0123456789a")
	if callmatch.ErrorCode(err) != callmatch.ECONFLICT || !strings.Contains(err.Error(), "erased") {
		t.Errorf("a message after the erasure: %v, want a conflict", err)
	}
	if n := countRows(t, env.db, "campaign_messages", "intake_id = ?", rec.ID); n != 0 {
		t.Errorf("%d messages stored for an erased intake", n)
	}
	if n := countRows(t, env.db, "messages", "starts_with(cause, ?)", "campaign.message:"+rec.ID); n != 0 {
		t.Errorf("%d mails queued for an erased intake", n)
	}
}

// keyRecorder is a limiter that remembers the keys it was hit with.
type keyRecorder struct {
	*Limiter
	mu   sync.Mutex
	keys []string
}

func (r *keyRecorder) Hit(ctx context.Context, key string, limit int, window time.Duration, now time.Time) (bool, time.Duration, error) {
	r.mu.Lock()
	r.keys = append(r.keys, key)
	r.mu.Unlock()
	return r.Limiter.Hit(ctx, key, limit, window, now)
}

// One IPv6 client is its /64: rotating addresses in it gets no fresh
// budget. An intake nobody has worked on mails every advisor and admin
// about its first message, and then at most once an hour, while every
// message is stored for the desk.
func TestCampaignMessageFlood(t *testing.T) {
	t.Parallel()
	env := mailEnv(t)
	env.svc.Inbox = env.store
	limiter := &keyRecorder{Limiter: NewLimiter(env.db)}
	rec, token := env.submit(t, nil)
	for i, ip := range []string{"2001:db8:1:2::1", "2001:db8:1:2:ffff::9", "2001:db8:1:2:abcd:1:2:3"} {
		d := intake.MessageDraft{Key: "key-flood-0123456789" + string(rune('a'+i)), Body: "are you there?"}
		if _, err := env.svc.SendMessage(t.Context(), limiter, rec.ID, token, ip, d); err != nil {
			t.Fatalf("message %d: %v", i+1, err)
		}
	}
	clients := map[string]bool{}
	for _, k := range limiter.keys {
		if strings.HasPrefix(k, "campaign.message:client:") {
			clients[k] = true
		}
	}
	if len(clients) != 1 || !clients["campaign.message:client:2001:db8:1:2::/64"] {
		t.Errorf("client keys %v, want the one /64", clients)
	}

	staffMails := func() int { return len(queuedMail(t, env.db, "campaign.message:"+rec.ID+":")) }
	if n := staffMails(); n != 2 { // the advisor and the admin of mailEnv, once
		t.Errorf("%d mails about three messages in a minute, want 2 (each staff member once)", n)
	}
	// An hour later, the next message mails them again.
	if err := env.db.gorm.Exec(`UPDATE audit_log SET at = at - interval '61 minutes' WHERE object_id = ? AND action = ?`,
		rec.ID, ActionCampaignMessage).Error; err != nil {
		t.Fatal(err)
	}
	d := intake.MessageDraft{Key: "key-flood-later-0123", Body: "still there?"}
	if _, err := env.svc.SendMessage(t.Context(), nil, rec.ID, token, "192.0.2.7", d); err != nil {
		t.Fatal(err)
	}
	if n := staffMails(); n != 4 {
		t.Errorf("%d mails after a message an hour later, want 4", n)
	}
	got, err := env.svc.Messages(staffCtx(t), rec.ID)
	if err != nil || len(got) != 4 {
		t.Errorf("the desk shows %d messages, want 4: %v", len(got), err)
	}
}
