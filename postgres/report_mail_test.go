package postgres

import (
	"testing"

	"callmatch"
	"callmatch/account"
	"callmatch/intake"
	"callmatch/mail"
)

// A program more than 10 % behind in its last week alerts the campaign
// and each of staff, once a day; one on pace alerts nobody.
func TestPaceAlerts(t *testing.T) {
	t.Parallel()
	env, e := deliveryEnv(t)
	env.at("2026-10-29") // five days before 2026-11-03
	if err := env.store.MailPaceAlerts(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := env.store.MailPaceAlerts(t.Context()); err != nil {
		t.Fatal(err)
	}
	msgs := queuedMail(t, env.db, "pace.behind:"+e.ID)
	var campaign []mail.Message
	staff := 0
	for _, m := range msgs {
		switch m.Kind {
		case MailPaceBehind:
			campaign = append(campaign, m)
			if m.Data["behind_pct"] != "100" || m.Data["delivered"] != "0" {
				t.Errorf("alert data %v", m.Data)
			}
		case MailPaceBehindStaff:
			staff++
		}
	}
	if staff != 2 {
		t.Fatalf("%d staff alerts, want 2 (run twice the same day): %+v", staff, msgs)
	}
	renders(t, msgs)
	env.wantCampaignMail(t, campaign, MailPaceBehind, "en", e.IntakeID)
}

// Yesterday's missing report reminds the vendor's users, once, except an
// address that turned reminders off; a report for yesterday stops it.
func TestMissingReportReminder(t *testing.T) {
	t.Parallel()
	env, e := deliveryEnv(t)
	accounts := NewAccountStore(env.db)
	mustAccountUser(t, accounts, "ops@cheap.example.org", "vendor", e.VendorID, "a long enough password")
	mustAccountUser(t, accounts, "quiet@cheap.example.org", "vendor", e.VendorID, "a long enough password")
	if err := NewPreferenceStore(env.db).SetOptOut(t.Context(), "quiet@cheap.example.org", account.TopicReminders, true); err != nil {
		t.Fatal(err)
	}
	env.at("2026-10-15")
	for range 2 {
		if err := env.store.MailMissingReports(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	msgs := queuedMail(t, env.db, "report.missing:"+e.ID+":2026-10-14:")
	if len(msgs) != 1 || msgs[0].To != "ops@cheap.example.org" || msgs[0].Kind != MailReportMissing || msgs[0].Data["unsubscribe_token"] == "" {
		t.Fatalf("reminders %+v, want one to ops@ with an opt-out link", msgs)
	}
	renders(t, msgs)
	env.at("2026-10-16")
	if _, err := env.svc.SubmitReports(vendorCtx(t, e.VendorID), e.ID, []intake.Report{row("2026-10-15", "en", 100, 10)}); err != nil {
		t.Fatal(err)
	}
	if err := env.store.MailMissingReports(t.Context()); err != nil {
		t.Fatal(err)
	}
	if msgs := queuedMail(t, env.db, "report.missing:"+e.ID+":2026-10-15:"); len(msgs) != 0 {
		t.Errorf("reminded of a day that was reported: %+v", msgs)
	}
}

// When the program has ended the campaign is asked once to rate the
// vendor; its link stores one scorecard, which adds to the vendor's
// track record, and is used up.
func TestScorecardRequest(t *testing.T) {
	t.Parallel()
	env, e := deliveryEnv(t)
	env.at("2026-11-03") // the last day: not ended yet
	if err := env.store.MailScorecardRequests(t.Context()); err != nil {
		t.Fatal(err)
	}
	if msgs := queuedMail(t, env.db, "scorecard.request:"); len(msgs) != 0 {
		t.Fatalf("asked before the end: %+v", msgs)
	}
	env.at("2026-11-04")
	for range 2 {
		if err := env.store.MailScorecardRequests(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	msgs := queuedMail(t, env.db, "scorecard.request:"+e.ID)
	env.wantCampaignMail(t, msgs, MailScorecardRequest, "en", e.IntakeID)
	token := msgs[0].Data["scorecard_token"]
	inv, err := env.svc.ScorecardInvite(t.Context(), token)
	if err != nil || inv.EngagementID != e.ID || inv.Used || inv.CampaignName != "Garcia for Congress" {
		t.Fatalf("invite %+v %v", inv, err)
	}
	sc := intake.Scorecard{ScriptAdherence: 5, DataHandling: 4, Responsiveness: 5, Overall: 4, Comment: "Clean lists back on time."}
	if err := env.svc.SubmitScorecard(t.Context(), token, sc); err != nil {
		t.Fatal(err)
	}
	if err := env.svc.SubmitScorecard(t.Context(), token, sc); callmatch.ErrorCode(err) != callmatch.ECONFLICT {
		t.Errorf("second scorecard: %v, want conflict", err)
	}
	if err := env.svc.SubmitScorecard(t.Context(), "not-a-token", sc); callmatch.ErrorCode(err) != callmatch.ENOTFOUND {
		t.Errorf("unknown link: %v, want not_found", err)
	}
	if _, err := env.store.RequestScorecard(t.Context(), e.ID); callmatch.ErrorCode(err) != callmatch.ECONFLICT {
		t.Errorf("a second request: %v, want conflict", err)
	}
	tr := trackOf(t, env, e.VendorID)
	if tr.Scorecards != 1 || tr.QASum != 0.875 {
		t.Errorf("track record %+v, want one scorecard of QA 0.875", tr)
	}
	if got, err := env.store.FindScorecard(t.Context(), e.ID); err != nil || got == nil || got.Overall != 4 {
		t.Errorf("stored scorecard %+v %v", got, err)
	}
}

// Erasing the intake takes its engagements' mail with it (the reminder,
// the pace alerts and the scorecard request name the campaign or carry
// its link) and uses up the scorecard link already mailed; another
// intake's delivery mail stays.
func TestEraseTakesDeliveryMail(t *testing.T) {
	t.Parallel()
	env, e := deliveryEnv(t)
	rec, _, _ := env.shared(t)
	other, err := env.svc.Engage(staffCtx(t), rec.ID, env.ids["mid"], 5_000_000)
	if err != nil {
		t.Fatal(err)
	}
	accounts := NewAccountStore(env.db)
	mustAccountUser(t, accounts, "ops@cheap.example.org", "vendor", e.VendorID, "a long enough password")
	mustAccountUser(t, accounts, "ops@mid.example.org", "vendor", other.VendorID, "a long enough password")
	env.at("2026-10-15")
	if err := env.store.MailMissingReports(t.Context()); err != nil {
		t.Fatal(err)
	}
	env.at("2026-10-29")
	if err := env.store.MailPaceAlerts(t.Context()); err != nil {
		t.Fatal(err)
	}
	env.at("2026-11-04")
	if err := env.store.MailScorecardRequests(t.Context()); err != nil {
		t.Fatal(err)
	}
	msgs := queuedMail(t, env.db, "scorecard.request:"+e.ID)
	for _, prefix := range []string{"report.missing:", "pace.behind:", "scorecard.request:"} {
		if len(queuedMail(t, env.db, prefix+e.ID)) == 0 || len(queuedMail(t, env.db, prefix+other.ID)) == 0 {
			t.Fatalf("no %s mail queued before the erasure", prefix)
		}
	}
	kept := countRows(t, env.db, "messages", "cause LIKE '%' || ? || '%'", other.ID)
	if _, err := env.svc.Erase(staffCtx(t), e.IntakeID); err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, env.db, "messages", "cause LIKE '%' || ? || '%'", e.ID); n != 0 {
		t.Errorf("%d messages of the erased intake's engagement are left", n)
	}
	if n := countRows(t, env.db, "messages", "cause LIKE '%' || ? || '%'", other.ID); n != kept {
		t.Errorf("%d messages of another intake's engagement left, want %d", n, kept)
	}
	sc := intake.Scorecard{ScriptAdherence: 5, DataHandling: 4, Responsiveness: 5, Overall: 4}
	if err := env.svc.SubmitScorecard(t.Context(), msgs[0].Data["scorecard_token"], sc); callmatch.ErrorCode(err) != callmatch.ECONFLICT {
		t.Errorf("scorecard from a link mailed before the erasure: %v, want conflict", err)
	}
}
