package postgres

import (
	"sync"
	"testing"
	"time"

	"callmatch"
	"callmatch/intake"
)

// A request may start yesterday in UTC (still today in Hawaii). Retried
// under its key after UTC midnight, when yesterday is no longer allowed
// for a new request, it is answered as the intake it stored, token and
// all, rather than refused; any other request with that day, under
// another key or with other answers, is refused naming the earliest day.
func TestIntakeRetryAcrossUTCMidnight(t *testing.T) {
	t.Parallel()
	env := newIntakeEnv(t)
	ctx := t.Context()
	d := callmatch.MustParseDate
	form := testForm()
	form.StartDate, form.EndDate = d("2026-05-31"), d("2026-06-20") // testNow is 2026-06-01 12:00 UTC
	first, token, err := env.svc.Submit(ctx, form, "hawaii")
	if err != nil || token == "" {
		t.Fatalf("submit on the calling day's eve in Hawaii: %v", err)
	}

	env.svc.Now = func() time.Time { return time.Date(2026, 6, 2, 0, 30, 0, 0, time.UTC) }
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			again, token2, err := env.svc.Submit(ctx, form, "hawaii")
			if err != nil || again.ID != first.ID || token2 != token {
				t.Errorf("the retry after midnight = %v, %q, %v; want %s with its token", again, token2, err, first.ID)
			}
		})
	}
	wg.Wait()

	changed := form
	changed.Records++
	badEmail := form
	badEmail.Contact.Email = "nope"
	for name, c := range map[string]struct {
		form intake.Form
		key  string
	}{"other answers under the key": {changed, "hawaii"}, "another key": {form, "other"}, "no key": {form, ""},
		"another problem too": {badEmail, "hawaii"}} {
		_, _, err := env.svc.Submit(ctx, c.form, c.key)
		e, ok := err.(*callmatch.Error)
		if !ok || e.Code != callmatch.EINVALID ||
			e.Fields["start_date"] != "must not be in the past: give a first calling day of 2026-06-01 or later" {
			t.Errorf("%s: %v; want the start refused naming 2026-06-01, the earliest day allowed", name, err)
		} else if name == "another problem too" && e.Fields["contact.email"] == "" {
			t.Errorf("%s: the other problem is not said: %v", name, e.Fields)
		}
	}
	if n := countRows(t, env.db, "intakes", "true"); n != 1 {
		t.Errorf("%d intakes, want 1", n)
	}
}
