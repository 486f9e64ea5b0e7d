package postgres

import (
	"slices"
	"strings"
	"testing"
	"time"

	"callmatch"
	"callmatch/account"
	"callmatch/catalog"
	"callmatch/intake"
	"callmatch/mail"
)

// mailEnv is an intake env with the mail queue on and two staff users.
func mailEnv(t *testing.T) *intakeEnv {
	t.Helper()
	env := newIntakeEnv(t)
	if err := env.db.EnableMail(testDataKey); err != nil {
		t.Fatal(err)
	}
	accounts := NewAccountStore(env.db)
	mustAccountUser(t, accounts, "advisor@example.org", "advisor", "", "a long enough password")
	mustAccountUser(t, accounts, "admin@example.org", "admin", "", "a long enough password")
	return env
}

// queuedMail opens every queued message whose cause starts with prefix,
// ordered by cause and address.
func queuedMail(t *testing.T, db *DB, prefix string) []mail.Message {
	t.Helper()
	var ids []string
	if err := db.gorm.Raw(`SELECT id FROM messages WHERE starts_with(cause, ?)`, prefix).Scan(&ids).Error; err != nil {
		t.Fatal(err)
	}
	store, err := NewMessageStore(db, testDataKey)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]mail.Message, len(ids))
	for i, id := range ids {
		m, err := store.MessageToSend(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = m.Message
	}
	slices.SortFunc(out, func(a, b mail.Message) int { return strings.Compare(a.Cause+a.To, b.Cause+b.To) })
	return out
}

// renders checks that msgs render in both languages, as the worker would
// render them: a template naming a key the cause does not give fails.
func renders(t *testing.T, msgs []mail.Message) {
	t.Helper()
	r, err := mail.NewRenderer(mail.Templates(), "https://callmatch.example.org")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		for _, lang := range []string{"en", "es"} {
			m.Lang = lang
			if out, err := r.Render(m); err != nil || out.Subject == "" {
				t.Errorf("%s in %s: %v", m.Kind, lang, err)
			}
		}
	}
}

// wantCampaignMail checks one message to the campaign of testForm: its
// kind, language, and a link that opens the intake's status.
func (env *intakeEnv) wantCampaignMail(t *testing.T, msgs []mail.Message, kind, lang, intakeID string) {
	t.Helper()
	if len(msgs) != 1 {
		t.Fatalf("%d %s messages, want 1: %+v", len(msgs), kind, msgs)
	}
	renders(t, msgs)
	m := msgs[0]
	if m.Kind != kind || m.Lang != lang || m.To != testForm().Contact.Email || m.Data["intake_id"] != intakeID {
		t.Errorf("message %s %s to %s, intake %s", m.Kind, m.Lang, m.To, m.Data["intake_id"])
	}
	if _, err := env.svc.CampaignView(t.Context(), intakeID, m.Data["token"]); err != nil {
		t.Errorf("%s: its link does not open the status page: %v", kind, err)
	}
}

// A new intake queues its confirmation in the campaign's language with a
// working link, and one notice per staff member; the same submission
// again (same idempotency key) queues nothing.
func TestIntakeCreatedMail(t *testing.T) {
	t.Parallel()
	env := mailEnv(t)
	f := testForm()
	f.Lang = "es"
	rec, _, err := env.svc.Submit(t.Context(), f, "key-1")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := env.svc.Submit(t.Context(), f, "key-1"); err != nil {
		t.Fatal(err)
	}
	env.wantCampaignMail(t, queuedMail(t, env.db, "intake.confirmation:"), MailIntakeConfirmation, "es", rec.ID)
	staff := queuedMail(t, env.db, "intake.new:"+rec.ID)
	if len(staff) != 2 || staff[0].To == staff[1].To || staff[0].Cause == staff[1].Cause {
		t.Fatalf("staff notices %+v, want one to each of two", staff)
	}
	renders(t, staff)
	for _, m := range staff {
		if m.Kind != MailIntakeNew || m.Lang != "en" || m.Data["campaign"] != f.Campaign.Name {
			t.Errorf("staff notice %+v", m)
		}
	}
	// English when the form names no language.
	en, _ := env.submit(t, nil)
	if m := queuedMail(t, env.db, "intake.confirmation:"+en.ID); len(m) != 1 || m[0].Lang != "en" {
		t.Errorf("confirmation of a form without lang: %+v", m)
	}
}

// Sharing tells the campaign once, with its link; sharing again does not.
func TestShortlistSharedMail(t *testing.T) {
	t.Parallel()
	env := mailEnv(t)
	rec, _, sl := env.shared(t)
	if _, err := env.svc.Share(staffCtx(t), sl.ID); err != nil {
		t.Fatal(err)
	}
	env.wantCampaignMail(t, queuedMail(t, env.db, "shortlist.shared:"), MailShortlistShared, "en", rec.ID)
}

// The link goes again to the address the form gave, in any case, once per
// window; an unknown address and an erased intake get nothing, and the
// erasure takes the intake's queued messages with it.
func TestMailLinkAgain(t *testing.T) {
	t.Parallel()
	env := mailEnv(t)
	rec, token := env.submit(t, func(f *intake.Form) { f.Lang = "es" })
	other, _ := env.submit(t, func(f *intake.Form) { f.Contact.Email = "someone.else@example.org" })
	window := testNow.Truncate(intake.LinkWindow)
	for range 2 {
		n, err := env.store.MailLinkAgain(t.Context(), "  ROSA.Elizondo@example.org ", window)
		if err != nil || n != 1 {
			t.Fatalf("mailed %d intakes, %v; want 1", n, err)
		}
	}
	msgs := queuedMail(t, env.db, "intake.link:")
	env.wantCampaignMail(t, msgs, MailIntakeLink, "es", rec.ID)
	if msgs[0].Data["token"] != token {
		t.Error("the link mailed again is not the link the campaign has")
	}
	if n, err := env.store.MailLinkAgain(t.Context(), "nobody@example.org", window); err != nil || n != 0 {
		t.Errorf("unknown address: mailed %d, %v", n, err)
	}
	if _, err := env.svc.Erase(staffCtx(t), rec.ID); err != nil {
		t.Fatal(err)
	}
	if n, err := env.store.MailLinkAgain(t.Context(), testForm().Contact.Email, window.Add(intake.LinkWindow)); err != nil || n != 0 {
		t.Errorf("erased intake: mailed %d, %v", n, err)
	}
	if n := countRows(t, env.db, "messages", "cause LIKE '%' || ? || '%'", rec.ID); n != 0 {
		t.Errorf("%d messages of the erased intake are left", n)
	}
	if n := countRows(t, env.db, "messages", "cause LIKE '%' || ? || '%'", other.ID); n == 0 {
		t.Error("erasure took another intake's messages")
	}
}

// A vendor's pending certification is announced to each staff member
// once; one that staff add verified is not.
func TestCertReviewMail(t *testing.T) {
	t.Parallel()
	env := mailEnv(t)
	_, c := vendorWithPending(t, env.vendors, "uploader", "soc2_type2")
	msgs := queuedMail(t, env.db, "cert.review:"+c.ID)
	if len(msgs) != 2 || msgs[0].Kind != MailCertReview || msgs[0].Data["vendor"] != "Vendor uploader" {
		t.Fatalf("review notices %+v", msgs)
	}
	renders(t, msgs)
	verified := pendingCert("iso27001")
	verified.Status = catalog.CertVerified
	if _, err := env.vendors.AddCertification(staffCtx(t), env.ids["cheap"], verified); err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, env.db, "messages", "starts_with(cause, 'cert.review:')"); n != 2 {
		t.Errorf("%d review notices, want 2", n)
	}
}

// Reminders: the window a certification is in, once however often the
// task runs; the next window when the clock reaches it; none once renewed;
// none to a disabled user or an address that turned reminders off; each
// with its own opt-out link.
func TestMailExpiringCertifications(t *testing.T) {
	t.Parallel()
	env := mailEnv(t)
	accounts := NewAccountStore(env.db)
	vendorExpiring := func(slug string, days int, users ...string) (string, []*account.User) {
		v := testVendor(slug)
		v.Certifications[0].ExpiresOn = callmatch.DateOf(testNow).AddDays(days)
		v = mustCreate(t, env.vendors, v)
		var us []*account.User
		for _, u := range users {
			us = append(us, mustAccountUser(t, accounts, u+"@"+slug+".example.org", "vendor", v.ID, "a long enough password"))
		}
		return v.Certifications[0].ID, us
	}
	cert, _ := vendorExpiring("expiring", 25, "ops", "boss")
	sixty, _ := vendorExpiring("sixty", 60, "ops")
	_, quiet := vendorExpiring("quiet", 20, "gone", "off")
	if err := accounts.SetUserDisabled(t.Context(), quiet[0].ID, true); err != nil {
		t.Fatal(err)
	}
	if err := NewPreferenceStore(env.db).SetOptOut(t.Context(), quiet[1].Email, account.TopicReminders, true); err != nil {
		t.Fatal(err)
	}
	run := func(at time.Time) {
		t.Helper()
		env.vendors.Now = func() time.Time { return at }
		if err := env.vendors.MailExpiringCertifications(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	run(testNow)
	run(testNow.Add(time.Hour))
	msgs := queuedMail(t, env.db, "cert.expiring:"+cert)
	if len(msgs) != 2 || msgs[0].Cause != "cert.expiring:"+cert+":30" || msgs[0].Data["days_left"] != "25" ||
		msgs[0].Kind != MailCertExpiring || msgs[0].To == msgs[1].To ||
		msgs[0].Data["unsubscribe_token"] == "" || msgs[0].Data["unsubscribe_token"] == msgs[1].Data["unsubscribe_token"] {
		t.Fatalf("reminders after two runs: %+v", msgs)
	}
	renders(t, msgs)
	if m := queuedMail(t, env.db, "cert.expiring:"+sixty); len(m) != 1 || m[0].Data["days"] != "60" {
		t.Errorf("sixty days ahead: %+v", m)
	}
	if n := countRows(t, env.db, "opt_out_links", "true"); n != 3 {
		t.Errorf("%d opt-out links, want one per reminder queued (3)", n)
	}
	if n := countRows(t, env.db, "messages", "starts_with(cause, 'cert.expiring:')"); n != 3 {
		t.Errorf("%d reminders, want 3 (none to a disabled user or an opted-out address)", n)
	}
	run(testNow.Add(19 * 24 * time.Hour)) // 6 days left
	if n := countRows(t, env.db, "messages", "cause = ?", "cert.expiring:"+cert+":7"); n != 2 {
		t.Errorf("%d seven-day reminders, want 2", n)
	}
	// A renewal waiting for verification silences the old one.
	before := countRows(t, env.db, "messages", "starts_with(cause, 'cert.expiring:')")
	vendorOf := func(certID string) string {
		id, err := env.vendors.FindCertificationVendorID(t.Context(), certID)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	if _, err := env.vendors.AddCertification(staffCtx(t), vendorOf(sixty), pendingCert("pci_dss")); err != nil {
		t.Fatal(err)
	}
	run(testNow.Add(31 * 24 * time.Hour)) // the sixty-day one has 29 left, but is renewed
	if n := countRows(t, env.db, "messages", "starts_with(cause, 'cert.expiring:')"); n != before {
		t.Errorf("reminded of a renewed certification: %d reminders, were %d", n, before)
	}
}
