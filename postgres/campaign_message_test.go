package postgres

import (
	"bytes"
	"strings"
	"sync"
	"testing"

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
	// The double click spent two of five; three more pass, the next does not.
	for i := range 4 {
		d := intake.MessageDraft{Key: "key-more-0123456789" + string(rune('a'+i)), Body: "one more question"}
		_, err := env.svc.SendMessage(t.Context(), limiter, rec.ID, token, "10.0.0.1", d)
		if (i < 3) != (err == nil) || (i == 3 && callmatch.ErrorCode(err) != callmatch.ERATELIMITED) {
			t.Errorf("message %d: %v", i+3, err)
		}
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
