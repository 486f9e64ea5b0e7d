package frontend_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// The sign-in page throttles a guessing address with 429 and Retry-After,
// in words a person understands, while the owner signs in from elsewhere.
func TestLoginPageThrottle(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	guess := url.Values{"email": {"advisor@example.org"}, "password": {"wrong password, surely"}}
	var rec = f.do("", http.MethodPost, "/login", guess)
	for i := 0; i < 10 && rec.Code != http.StatusTooManyRequests; i++ {
		rec = f.do("", http.MethodPost, "/login", guess)
	}
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" || !strings.Contains(rec.Body.String(), "Too many sign-in attempts. Try again in") {
		t.Fatalf("guessing: %d, Retry-After %q\n%s", rec.Code, rec.Header().Get("Retry-After"), rec.Body.String())
	}
	req := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(url.Values{"email": {"advisor@example.org"}, "password": {password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.RemoteAddr = "203.0.113.50:1234"
	rec = httptest.NewRecorder()
	f.handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("the owner from another address: %d", rec.Code)
	}
}
