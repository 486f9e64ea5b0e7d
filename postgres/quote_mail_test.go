package postgres

import (
	"testing"
	"time"

	"callmatch"
	"callmatch/quote"
)

// Every quote message renders in both languages with the keys its cause
// gives, and erasing the intake takes the messages that hold its campaign's
// address or name (quotes released, vendors invited) with it.
func TestQuoteMailQueuedAndErased(t *testing.T) {
	t.Parallel()
	env := mailEnv(t)
	cheap := env.ids["cheap"]
	mustAccountUser(t, NewAccountStore(env.db), "ops@cheap.example.org", "vendor", cheap, "a long enough password")
	qs := quote.NewService(NewQuoteStore(env.store), env.svc)
	qs.Now = func() time.Time { return testNow }
	rec, token, sl := env.shortlisted(t)
	invs, err := qs.Invite(staffCtx(t), quote.Invite{ShortlistID: sl.ID, VendorIDs: []string{cheap}, DueAt: testNow.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	vendor := callmatch.WithActor(t.Context(), callmatch.Actor{UserID: "u-cheap", Role: callmatch.RoleVendor, VendorID: cheap})
	q, err := qs.Submit(vendor, invs[0].ID, quote.Quote{TotalCents: 900_000, StartDate: rec.Form.StartDate,
		ValidUntil: callmatch.MustParseDate("2026-12-31"), Seats: []quote.Seats{{WeekStart: rec.Form.StartDate, Language: "es", Seats: 3}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := qs.Release(staffCtx(t), rec.ID, []string{q.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := qs.Release(staffCtx(t), rec.ID, []string{q.ID}); err != nil { // again: no second mail
		t.Fatal(err)
	}
	if err := qs.TalkTo(t.Context(), rec.ID, token, q.ID); err != nil {
		t.Fatal(err)
	}
	for prefix, n := range map[string]int{"quote.invited:": 1, "quote.received:": 2, "quotes.released:": 1, "quote.talk:": 2} {
		msgs := queuedMail(t, env.db, prefix)
		if len(msgs) != n {
			t.Errorf("%s: %d messages, want %d: %+v", prefix, len(msgs), n, msgs)
		}
		renders(t, msgs)
	}
	if _, err := qs.Decline(vendor, invs[0].ID, quote.Decline{Reason: "timing"}); err != nil {
		t.Fatal(err)
	}
	renders(t, queuedMail(t, env.db, "quote.declined:"))
	if _, err := env.svc.Erase(staffCtx(t), rec.ID); err != nil {
		t.Fatal(err)
	}
	for _, prefix := range []string{"quote.invited:", "quotes.released:"} {
		if msgs := queuedMail(t, env.db, prefix); len(msgs) != 0 {
			t.Errorf("%s: %d messages left after erasure", prefix, len(msgs))
		}
	}
}
