package frontend_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var newTokenField = regexp.MustCompile(`id="new-token" value="(cmt_[A-Za-z0-9_-]+)"`)

// A vendor creates a token on the account page, sees it once, finds it
// listed without its secret, uses it on the API, and revokes it; no one
// else can revoke it, and the navigation leads there from portal and desk.
func TestAccountTokensPage(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	for role, page := range map[string]string{"vendor": "/portal", "advisor": "/desk"} {
		if body := f.do(role, http.MethodGet, page, nil).Body.String(); !strings.Contains(body, `<a href="/account">Account</a>`) {
			t.Errorf("%s: no link to the account page in the navigation", page)
		}
	}

	rec := f.do("vendor", http.MethodPost, "/account/tokens", url.Values{"name": {"nightly export"}, "ttl_days": {"30"}})
	m := newTokenField.FindStringSubmatch(rec.Body.String())
	if rec.Code != http.StatusCreated || m == nil || rec.Header().Get("Cache-Control") != "no-store" {
		t.Fatalf("create token: %d, Cache-Control %q\n%s", rec.Code, rec.Header().Get("Cache-Control"), rec.Body.String())
	}
	secret := m[1]
	api := f.do("", http.MethodGet, "/api/v1/vendors/"+f.vendorUser.ID, nil, "Authorization", "Bearer "+secret)
	if api.Code != http.StatusOK {
		t.Fatalf("the new token on the API: %d", api.Code)
	}

	rec = f.do("vendor", http.MethodGet, "/account", nil)
	body := rec.Body.String()
	if rec.Code != http.StatusOK || !strings.Contains(body, "nightly export") || strings.Contains(body, secret) || strings.Contains(body, secret[4:]) {
		t.Fatalf("account page: %d, want the token listed without its secret\n%s", rec.Code, body)
	}
	id := regexp.MustCompile(`action="/account/tokens/([0-9a-f-]+)/revoke"`).FindStringSubmatch(body)
	if id == nil {
		t.Fatalf("no revoke button:\n%s", body)
	}
	if rec := f.do("advisor", http.MethodPost, "/account/tokens/"+id[1]+"/revoke", url.Values{}); rec.Code != http.StatusNotFound {
		t.Fatalf("another user revoking: %d, want 404", rec.Code)
	}
	rec = f.do("vendor", http.MethodPost, "/account/tokens/"+id[1]+"/revoke", url.Values{})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/account?done=revoked" || rec.Header().Get("Cache-Control") != "no-store" {
		t.Fatalf("revoke: %d to %q, Cache-Control %q", rec.Code, rec.Header().Get("Location"), rec.Header().Get("Cache-Control"))
	}
	if body := f.do("vendor", http.MethodGet, "/account?done=revoked", nil).Body.String(); strings.Contains(body, "nightly export") || !strings.Contains(body, "Token revoked.") {
		t.Fatalf("after revoking:\n%s", body)
	}
	if api := f.do("", http.MethodGet, "/api/v1/vendors/"+f.vendorUser.ID, nil, "Authorization", "Bearer "+secret); api.Code != http.StatusUnauthorized {
		t.Fatalf("the revoked token on the API: %d", api.Code)
	}

	// Bad input names the field and the range; a token cannot mint one.
	rec = f.do("vendor", http.MethodPost, "/account/tokens", url.Values{"name": {"ci"}, "ttl_days": {"400"}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "ttl days: must be a whole number of days from 1 to 365") {
		t.Fatalf("ttl_days 400: %d\n%s", rec.Code, rec.Body.String())
	}
	rec = f.do("vendor", http.MethodPost, "/account/tokens", url.Values{"name": {"ci"}})
	other := newTokenField.FindStringSubmatch(rec.Body.String())
	if other == nil {
		t.Fatalf("create a second token: %d", rec.Code)
	}
	rec = f.do("", http.MethodPost, "/account/tokens", url.Values{"name": {"minted by a token"}}, "Authorization", "Bearer "+other[1])
	if rec.Code != http.StatusForbidden || newTokenField.MatchString(rec.Body.String()) {
		t.Fatalf("a token minting a token on the page: %d", rec.Code)
	}

	if rec := f.do("", http.MethodGet, "/account", nil); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/login?next=%2Faccount" {
		t.Fatalf("anonymous: %d to %q", rec.Code, rec.Header().Get("Location"))
	}
}

// Signing out everywhere ends the user's other sessions too, and no one
// else's.
func TestAccountLogoutEverywhere(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	_, other, _, err := f.auth.Login(f.ctx, "advisor@example.org", password, "192.0.2.9")
	if err != nil {
		t.Fatal(err)
	}
	f.cookies["advisor elsewhere"] = other
	if body := f.do("advisor", http.MethodGet, "/account", nil).Body.String(); !strings.Contains(body, `action="/account/logout-all"`) {
		t.Fatalf("no sign-out-everywhere button:\n%s", body)
	}
	rec := f.do("advisor", http.MethodPost, "/account/logout-all", url.Values{})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/login" || !strings.Contains(rec.Header().Get("Set-Cookie"), "callmatch_session=;") {
		t.Fatalf("sign out everywhere: %d %v", rec.Code, rec.Header())
	}
	for _, role := range []string{"advisor", "advisor elsewhere"} {
		if rec := f.do(role, http.MethodGet, "/desk", nil); rec.Code != http.StatusSeeOther {
			t.Errorf("%s: the desk still opens (%d)", role, rec.Code)
		}
	}
	if rec := f.do("vendor", http.MethodGet, "/portal", nil); rec.Code != http.StatusOK {
		t.Errorf("another user's session ended: %d", rec.Code)
	}
}

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
