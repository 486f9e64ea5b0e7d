package frontend_test

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"callmatch"
)

// A consultation may start yesterday in UTC: it is still that day in
// Hawaii. Sent again with its form key after UTC midnight (a retry, a
// reload), it shows the confirmation of the request it stored, link and
// all, rather than refusing the day; a new request for that day is
// refused at the field.
func TestConsultRetryAcrossUTCMidnightShowsTheStoredRequest(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	sent := time.Now().UTC()
	now := sent
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	f := newFixture(t, options{now: clock})

	form := submitForm()
	yesterday := callmatch.DateOf(sent).AddDays(-1)
	form.Set("start_date", yesterday.String())
	form.Set("end_date", yesterday.AddDays(30).String())
	rec := f.do("", http.MethodPost, "/consult", form)
	link := between(rec.Body.String(), `id="status-link" href="`, `"`)
	if rec.Code != http.StatusOK || link == "" {
		t.Fatalf("sent on %s starting %s: %d\n%s", sent.Format(time.DateOnly), yesterday, rec.Code, rec.Body.String())
	}

	mu.Lock()
	now = callmatch.DateOf(sent).AddDays(1).Time().Add(time.Minute) // just past UTC midnight
	mu.Unlock()
	rec = f.do("", http.MethodPost, "/consult", form)
	if again := between(rec.Body.String(), `id="status-link" href="`, `"`); rec.Code != http.StatusOK || again != link {
		t.Fatalf("the retry after midnight: %d, link %q; want 200 with %q", rec.Code, again, link)
	}

	form.Set("key", "another-form-key")
	if rec = f.do("", http.MethodPost, "/consult", form); rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("a new request starting %s, sent after midnight: %d, want 422", yesterday, rec.Code)
	}
}
