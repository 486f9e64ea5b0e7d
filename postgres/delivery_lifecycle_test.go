package postgres

import (
	"testing"
	"time"

	"callmatch"
	"callmatch/intake"
	"callmatch/quote"
)

// An answer racing a withdrawal waits for it and is refused: the
// invitation's check reads the intake under a share lock, so a status
// change in flight is seen once it commits.
func TestQuoteRacingWithdrawalIsRefused(t *testing.T) {
	env := newIntakeEnv(t)
	store := NewQuoteStore(env.store)
	qs := quote.NewService(store, env.svc)
	qs.Now = func() time.Time { return testNow }
	a, _, sl := env.shortlisted(t)
	cheap := env.ids["cheap"]
	invs, err := qs.Invite(staffCtx(t), quote.Invite{ShortlistID: sl.ID, VendorIDs: []string{cheap}, DueAt: testNow.Add(24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	// An advisor's withdrawal holds the intake's row lock, not yet committed.
	tx := env.db.gorm.WithContext(t.Context()).Begin()
	if err := tx.Exec(`UPDATE intakes SET status = 'withdrawn' WHERE id = ?`, a.ID).Error; err != nil {
		t.Fatal(err)
	}
	vendor := callmatch.WithActor(t.Context(), callmatch.Actor{UserID: "u-cheap", Role: callmatch.RoleVendor, VendorID: cheap})
	answered := make(chan error, 1)
	go func() {
		_, err := qs.Submit(vendor, invs[0].ID, quote.Quote{TotalCents: 900_000, StartDate: a.Form.StartDate,
			ValidUntil: callmatch.MustParseDate("2026-12-31")})
		answered <- err
	}()
	time.Sleep(200 * time.Millisecond) // the answer reaches the intake and waits
	if err := tx.Commit().Error; err != nil {
		t.Fatal(err)
	}
	if err := <-answered; callmatch.ErrorCode(err) != callmatch.ECONFLICT {
		inv, _ := store.FindInvitationByID(t.Context(), invs[0].ID)
		t.Errorf("an answer racing the withdrawal: %v (invitation %s, intake %s), want a conflict", err, inv.Status, inv.IntakeStatus)
	}
}

// A program closed before calling started is released with its seats:
// no scorecard is asked for it.
func TestNoScorecardForProgramClosedBeforeStart(t *testing.T) {
	env, e := deliveryEnv(t)
	env.at("2026-10-01") // before the program's start (2026-10-12)
	if _, err := env.store.SetIntakeStatus(t.Context(), e.IntakeID, intake.StatusClosed); err != nil {
		t.Fatal(err)
	}
	if bs, _ := env.store.FindVendorBookings(t.Context(), e.VendorID); len(bs) != 0 {
		t.Fatalf("bookings not released: %d", len(bs))
	}
	env.at("2026-11-04")
	if err := env.store.MailScorecardRequests(t.Context()); err != nil {
		t.Fatal(err)
	}
	if msgs := queuedMail(t, env.db, "scorecard.request:"+e.ID); len(msgs) != 0 {
		t.Errorf("the campaign is asked to rate a program closed before calling started: %d message(s)", len(msgs))
	}
}

// Reports on a program closed before calling started are refused: a
// program that never ran is no evidence for the track record.
func TestNoReportsOnProgramClosedBeforeStart(t *testing.T) {
	env, e := deliveryEnv(t)
	env.at("2026-10-01")
	if _, err := env.store.SetIntakeStatus(t.Context(), e.IntakeID, intake.StatusClosed); err != nil {
		t.Fatal(err)
	}
	env.at("2026-10-20")
	_, err := env.svc.SubmitReports(vendorCtx(t, e.VendorID), e.ID, []intake.Report{row("2026-10-15", "en", 5000, 900)})
	if tr := trackOf(t, env, e.VendorID); err == nil || callmatch.ErrorCode(err) != callmatch.ECONFLICT || tr.Dials != 0 {
		t.Errorf("reports on a program closed before it started: err %v, track record %+v", err, tr)
	}
}

// A vendor that declined may quote before the deadline: the quote
// replaces the decline.
func TestQuoteAfterDecline(t *testing.T) {
	env := newIntakeEnv(t)
	store := NewQuoteStore(env.store)
	qs := quote.NewService(store, env.svc)
	qs.Now = func() time.Time { return testNow }
	a, _, sl := env.shortlisted(t)
	cheap := env.ids["cheap"]
	invs, err := qs.Invite(staffCtx(t), quote.Invite{ShortlistID: sl.ID, VendorIDs: []string{cheap}, DueAt: testNow.Add(24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	vendor := callmatch.WithActor(t.Context(), callmatch.Actor{UserID: "u-cheap", Role: callmatch.RoleVendor, VendorID: cheap})
	if _, err := qs.Decline(vendor, invs[0].ID, quote.Decline{Reason: "price"}); err != nil {
		t.Fatal(err)
	}
	if _, err = qs.Submit(vendor, invs[0].ID, quote.Quote{TotalCents: 900_000, StartDate: a.Form.StartDate,
		ValidUntil: callmatch.MustParseDate("2026-12-31")}); err != nil {
		t.Fatalf("quote after decline: %v", err)
	}
	if inv, _ := store.FindInvitationByID(t.Context(), invs[0].ID); inv.Status != quote.StatusQuoted || inv.DeclineReason != "" {
		t.Errorf("after quoting: status %s, decline reason %q", inv.Status, inv.DeclineReason)
	}
}

// With mail off no scorecard request is made: its single-use link lives
// only in the mail, and the campaign must still be asked once mail is on.
func TestNoScorecardRequestWithMailOff(t *testing.T) {
	env := newIntakeEnv(t)
	env.svc.Delivery = env.store
	rec, _, _ := env.shared(t)
	e, err := env.svc.Engage(staffCtx(t), rec.ID, env.ids["cheap"], 5_000_000)
	if err != nil {
		t.Fatal(err)
	}
	env.at("2026-11-04")
	if err := env.store.MailScorecardRequests(t.Context()); err != nil {
		t.Fatal(err)
	}
	var n int64
	env.db.gorm.Raw(`SELECT count(*) FROM scorecard_requests WHERE engagement_id = ?`, e.ID).Scan(&n)
	var m int64
	env.db.gorm.Raw(`SELECT count(*) FROM messages`).Scan(&m)
	if n != 0 {
		t.Errorf("mail off: %d scorecard request(s) made, %d message(s) queued: the token is lost and the campaign is never asked", n, m)
	}
}
