package postgres

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"callmatch"
	"callmatch/intake"
	"callmatch/matching"
)

func TestIntakeContactNotStoredInPlaintext(t *testing.T) {
	t.Parallel()
	env := newIntakeEnv(t)
	rec, token := env.submit(t, nil)
	if rec.Status != intake.StatusSubmitted || rec.Version != 1 || token == "" {
		t.Fatalf("submitted %+v, token %q", rec, token)
	}
	if rec.Form.Contact != (intake.Contact{}) {
		t.Errorf("Submit returned the contact: %+v", rec.Form.Contact)
	}
	// Every byte the database holds about the intake, and every audit row.
	var raw []struct {
		Text    string
		Contact []byte
		Token   []byte
	}
	err := env.db.gorm.Raw(`SELECT i::text AS text, contact_ciphertext AS contact, token_hash AS token
		FROM intakes i WHERE id = ?`, rec.ID).Scan(&raw).Error
	if err != nil || len(raw) != 1 {
		t.Fatalf("raw row: %v", err)
	}
	var audit []string
	env.db.gorm.Raw(`SELECT a::text FROM audit_log a`).Scan(&audit)
	haystack := raw[0].Text + string(raw[0].Contact) + strings.Join(audit, "\n")
	for _, secret := range []string{"rosa.elizondo@example.org", "Rosa Elizondo", "956 555 0142", token} {
		if strings.Contains(haystack, secret) {
			t.Errorf("%q is stored in plain text", secret)
		}
	}
	if bytes.Equal(raw[0].Token, []byte(token)) || len(raw[0].Token) != 32 {
		t.Errorf("the token is not stored as a SHA-256 hash")
	}
	if strings.Contains(raw[0].Text, `"contact"`) {
		t.Errorf("the stored form has a contact key: %s", raw[0].Text)
	}
}

func TestIntakeContactReadIsAudited(t *testing.T) {
	t.Parallel()
	env := newIntakeEnv(t)
	rec, _ := env.submit(t, nil)

	got, err := env.svc.Get(staffCtx(t), rec.ID)
	if err != nil || got.Form.Contact != (intake.Contact{}) || got.Form.Campaign.Name != "Garcia for Congress" {
		t.Fatalf("Get = %+v, %v; want the form without contact", got, err)
	}
	if _, err := env.svc.Contact(t.Context(), rec.ID); callmatch.ErrorCode(err) != callmatch.EUNAUTHORIZED {
		t.Errorf("anonymous contact read: %v, want unauthorized", err)
	}
	got, err = env.svc.Contact(staffCtx(t), rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Form.Contact != testForm().Contact {
		t.Errorf("contact = %+v, want %+v", got.Form.Contact, testForm().Contact)
	}
	entries, err := env.db.AuditFor(t.Context(), "intake", rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	var reads []AuditEntry
	for _, e := range entries {
		if e.Action == ActionIntakeContactRead {
			reads = append(reads, e)
		}
	}
	if len(reads) != 1 || reads[0].Actor != "user:u-advisor" || reads[0].RequestID != "req-1" {
		t.Errorf("contact reads audited: %+v; want exactly the advisor's one", reads)
	}
	if _, err := env.svc.Contact(staffCtx(t), "00000000-0000-0000-0000-000000000000"); callmatch.ErrorCode(err) != callmatch.ENOTFOUND {
		t.Errorf("missing intake: %v", err)
	}
}

func TestIntakeContactNeedsTheRightKey(t *testing.T) {
	t.Parallel()
	env := newIntakeEnv(t)
	rec, _ := env.submit(t, nil)
	other, err := NewIntakeStore(env.db, bytes.Repeat([]byte{1}, DataKeySize))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.ReadContact(staffCtx(t), rec.ID); callmatch.ErrorCode(err) != callmatch.EINTERNAL {
		t.Fatalf("read with the wrong key: %v, want an internal error", err)
	}
	if n := countRows(t, env.db, "audit_log", "action = ?", ActionIntakeContactRead); n != 0 {
		t.Errorf("a failed read left %d audit rows", n)
	}
}

// TestIntakeCiphertextBoundToRow swaps two intakes' sealed contacts, as an
// attacker with write access to the table might, to show one campaign's
// details to another's advisor: neither opens.
func TestIntakeCiphertextBoundToRow(t *testing.T) {
	t.Parallel()
	env := newIntakeEnv(t)
	a, _ := env.submit(t, nil)
	b, _ := env.submit(t, func(f *intake.Form) { f.Contact.Email = "someone.else@example.org" })
	err := env.db.gorm.Exec(`UPDATE intakes SET contact_ciphertext = CASE id
			WHEN ?::uuid THEN (SELECT contact_ciphertext FROM intakes WHERE id = ?)
			ELSE (SELECT contact_ciphertext FROM intakes WHERE id = ?) END
		WHERE id IN (?, ?)`, a.ID, b.ID, a.ID, a.ID, b.ID).Error
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{a.ID, b.ID} {
		if got, err := env.store.ReadContact(staffCtx(t), id); err == nil {
			t.Errorf("swapped ciphertext opened for %s: %+v", id, got.Form.Contact)
		}
	}
}

func TestIntakeSubmitInvalid(t *testing.T) {
	t.Parallel()
	env := newIntakeEnv(t)
	f := testForm()
	f.Contact.Email = "not an email"
	f.Languages[0].Share = 0.2
	_, _, err := env.svc.Submit(t.Context(), f, "")
	var e *callmatch.Error
	if callmatch.ErrorCode(err) != callmatch.EINVALID || !errors.As(err, &e) || e.Fields["contact.email"] == "" || e.Fields["languages"] == "" {
		t.Fatalf("err = %v", err)
	}
	if n := countRows(t, env.db, "intakes", "true"); n != 0 {
		t.Errorf("%d intakes stored", n)
	}
	// Defaults are applied before validation and kept.
	rec, _ := env.submit(t, func(f *intake.Form) {
		f.Services = []string{"fundraising"}
		f.Requirements = matching.Requirements{}
		f.Requirements.TakesCardPayments = true
	})
	r := rec.Form.Requirements
	if !r.DomesticOnly || len(r.Certifications) != 1 || r.Certifications[0] != "pci_dss" {
		t.Errorf("defaults not applied: %+v", r)
	}
}

func TestIntakeIdempotentSubmit(t *testing.T) {
	t.Parallel()
	env := newIntakeEnv(t)
	ctx := t.Context()
	first, token, err := env.svc.Submit(ctx, testForm(), "key-1")
	if err != nil {
		t.Fatal(err)
	}
	again, token2, err := env.svc.Submit(ctx, testForm(), "key-1")
	if err != nil || again.ID != first.ID || token2 != token {
		t.Fatalf("replay = %s %q, %v; want %s and the same token", again.ID, token2, err, first.ID)
	}
	if n := countRows(t, env.db, "intakes", "true"); n != 1 {
		t.Errorf("%d intakes after a replay, want 1", n)
	}
	changed := testForm()
	changed.Records++
	if _, _, err := env.svc.Submit(ctx, changed, "key-1"); callmatch.ErrorCode(err) != callmatch.ECONFLICT {
		t.Errorf("same key, other body: %v, want conflict", err)
	}
	if _, _, err := env.svc.Submit(ctx, testForm(), "key-2"); err != nil {
		t.Errorf("another key: %v", err)
	}
	if n := countRows(t, env.db, "intakes", "true"); n != 2 {
		t.Errorf("%d intakes, want 2", n)
	}

	// Past the replay window the intake is still found, but the token,
	// shown already, is not shown again; then the purge drops the copy.
	env.svc.Now = func() time.Time { return testNow.Add(intake.DefaultReplayWindow + time.Minute) }
	late, token3, err := env.svc.Submit(ctx, testForm(), "key-1")
	if err != nil || late.ID != first.ID || token3 != "" {
		t.Errorf("late replay = %s %q, %v; want the intake without a token", late.ID, token3, err)
	}
	if n, err := env.svc.PurgeReplayTokens(ctx); err != nil || n != 2 {
		t.Errorf("purged %d, %v; want both sealed tokens", n, err)
	}
	if n := countRows(t, env.db, "intakes", "token_ciphertext IS NOT NULL"); n != 0 {
		t.Errorf("%d sealed tokens left", n)
	}
	// The link itself still works.
	if _, err := env.svc.CampaignView(ctx, first.ID, token); err != nil {
		t.Errorf("link after purge: %v", err)
	}
}

func TestIntakeIdempotentSubmitConcurrent(t *testing.T) {
	t.Parallel()
	env := newIntakeEnv(t)
	const n = 10
	type answer struct {
		id, token string
		err       error
	}
	answers := make(chan answer, n)
	start := make(chan struct{})
	for range n {
		go func() {
			<-start
			rec, token, err := env.svc.Submit(t.Context(), testForm(), "double-click")
			if err != nil {
				answers <- answer{err: err}
				return
			}
			answers <- answer{rec.ID, token, nil}
		}()
	}
	close(start)
	var first answer
	for i := range n {
		a := <-answers
		if a.err != nil {
			t.Fatalf("submit %d: %v", i, a.err)
		}
		if i == 0 {
			first = a
		} else if a != first {
			t.Errorf("answer %+v differs from %+v", a, first)
		}
	}
	if got := countRows(t, env.db, "intakes", "true"); got != 1 {
		t.Errorf("%d intakes, want 1", got)
	}
	if got := countRows(t, env.db, "audit_log", "action = ?", ActionIntakeCreate); got != 1 {
		t.Errorf("%d create audit rows, want 1", got)
	}
}

func TestIntakeErase(t *testing.T) {
	t.Parallel()
	env := newIntakeEnv(t)
	ctx := staffCtx(t)
	rec, token, sl := env.shared(t)

	erased, err := env.svc.Erase(ctx, rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	if erased.ErasedAt == nil || erased.Status != intake.StatusShared || erased.Form.Campaign.Name != "" ||
		erased.Form.Message != "" || erased.Form.Records != testForm().Records {
		t.Errorf("erased = %s", jsonOf(t, erased))
	}
	var raw []struct {
		Sealed   bool
		Text     string
		HasToken bool
	}
	env.db.gorm.Raw(`SELECT contact_ciphertext IS NOT NULL AS sealed, i::text AS text,
		token_hash IS NOT NULL AS has_token FROM intakes i WHERE id = ?`, rec.ID).Scan(&raw)
	if len(raw) != 1 || raw[0].Sealed || strings.Contains(raw[0].Text, "Garcia") || strings.Contains(raw[0].Text, "TX-23") {
		t.Errorf("row after erasure: %+v", raw)
	}

	_, err = env.svc.Contact(ctx, rec.ID)
	if callmatch.ErrorCode(err) != callmatch.ENOTFOUND || !strings.Contains(err.Error(), "erased on 2026-06-01") {
		t.Errorf("contact after erasure: %v", err)
	}

	// Erasing again changes nothing and audits nothing more.
	again, err := env.svc.Erase(ctx, rec.ID)
	if err != nil || again.Version != erased.Version {
		t.Errorf("erase again: %+v, %v", again, err)
	}
	if got := countRows(t, env.db, "audit_log", "action = ? AND object_id = ?", ActionIntakeErase, rec.ID); got != 1 {
		t.Errorf("%d erase audit rows, want 1", got)
	}
	entries, _ := env.db.AuditFor(t.Context(), "intake", rec.ID)
	for _, e := range entries {
		if e.Action == ActionIntakeErase && (string(e.Before["contact"]) != `"sealed"` || string(e.After["contact"]) != `"erased"`) {
			t.Errorf("erase audit = %+v", e)
		}
	}
	var audit []string
	env.db.gorm.Raw(`SELECT diff::text FROM audit_log`).Scan(&audit)
	if all := strings.Join(audit, "\n"); strings.Contains(all, "Garcia") || strings.Contains(all, "rosa.elizondo") {
		t.Errorf("personal data in the audit log: %s", all)
	}

	// The shortlist and the campaign's link survive, without personal data.
	v, err := env.svc.CampaignView(t.Context(), rec.ID, token)
	if err != nil || v.Shortlist == nil || v.Request.CampaignName != "" {
		t.Errorf("view after erasure: %+v, %v", v, err)
	}
	if _, err := env.svc.Shortlist(ctx, sl.ID); err != nil {
		t.Errorf("shortlist after erasure: %v", err)
	}
}
