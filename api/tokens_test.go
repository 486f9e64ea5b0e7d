package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// issueToken mints a token for role through the API, as a signed-in user.
func (f *fixture) issueToken(role, name string) string {
	f.t.Helper()
	rec := f.do(role, http.MethodPost, "/api/v1/tokens", `{"name": "`+name+`"}`)
	if rec.Code != http.StatusCreated {
		f.t.Fatalf("issue token as %s: %d %s", role, rec.Code, rec.Body.String())
	}
	return decode[struct{ Token string }](f.t, rec).Token
}

// A stolen token must not be able to outlive its own revocation by minting
// another.
func TestTokenCannotMintTokens(t *testing.T) {
	f := newFixture(t)
	token := f.issueToken("advisor", "ci")
	rec := f.doBearer(token, http.MethodPost, "/api/v1/tokens", `{"name": "another"}`)
	if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), "signed-in session") {
		t.Fatalf("token minting a token: %d %s, want 403 saying a session is needed", rec.Code, rec.Body.String())
	}
}

func TestTokenTTLDaysErrorsNameTheField(t *testing.T) {
	f := newFixture(t)
	for _, body := range []string{`{"name": "ci", "ttl_days": 366}`, `{"name": "ci", "ttl_days": -1}`, `{"name": "ci", "ttl_days": 100000}`} {
		rec := f.do("vendor_own", http.MethodPost, "/api/v1/tokens", body)
		var e struct {
			Error struct{ Fields map[string]string }
		}
		_ = json.Unmarshal(rec.Body.Bytes(), &e)
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(e.Error.Fields["ttl_days"], "1 to 365") || len(e.Error.Fields) != 1 {
			t.Errorf("%s: %d %s, want 422 naming ttl_days and its range", body, rec.Code, rec.Body.String())
		}
	}
	rec := f.do("vendor_own", http.MethodPost, "/api/v1/tokens", `{"name": "ci", "ttl_days": 365}`)
	if rec.Code != http.StatusCreated {
		t.Errorf("ttl_days 365: %d %s", rec.Code, rec.Body.String())
	}
}

// The list holds the caller's own tokens and never a secret or a hash;
// revoking another user's token is not found, like an unknown one.
func TestTokenListAndRevoke(t *testing.T) {
	f := newFixture(t)
	secret := f.issueToken("vendor_own", "nightly export")
	f.issueToken("vendor_other", "someone else's")

	rec := f.do("vendor_own", http.MethodGet, "/api/v1/tokens", "")
	list := decode[struct {
		Tokens []map[string]any `json:"tokens"`
	}](t, rec)
	if rec.Code != http.StatusOK || len(list.Tokens) != 1 || list.Tokens[0]["name"] != "nightly export" {
		t.Fatalf("GET /api/v1/tokens: %d %s", rec.Code, rec.Body.String())
	}
	for _, leak := range []string{secret, strings.TrimPrefix(secret, "cmt_"), "hash"} {
		if strings.Contains(rec.Body.String(), leak) {
			t.Fatalf("the list shows %q: %s", leak, rec.Body.String())
		}
	}
	id := list.Tokens[0]["id"].(string)

	for _, role := range []string{"vendor_other", "advisor", "admin"} {
		if rec := f.do(role, http.MethodDelete, "/api/v1/tokens/"+id, ""); rec.Code != http.StatusNotFound {
			t.Fatalf("%s revoking vendor_own's token: %d", role, rec.Code)
		}
	}
	if rec := f.do("vendor_own", http.MethodDelete, "/api/v1/tokens/not-a-token", ""); rec.Code != http.StatusNotFound {
		t.Fatalf("unknown id: %d", rec.Code)
	}
	// The token revokes itself: the next request with it is anonymous.
	if rec := f.doBearer(secret, http.MethodDelete, "/api/v1/tokens/"+id, ""); rec.Code != http.StatusNoContent {
		t.Fatalf("revoke: %d %s", rec.Code, rec.Body.String())
	}
	if rec := f.doBearer(secret, http.MethodGet, "/api/v1/tokens", ""); rec.Code != http.StatusUnauthorized {
		t.Fatalf("the revoked token still works: %d", rec.Code)
	}
}

// Signing out everywhere ends the caller's sessions (this one too) and
// leaves API tokens working.
func TestLogoutAll(t *testing.T) {
	f := newFixture(t)
	secret := f.issueToken("advisor", "integration")
	_, elsewhere, _, err := f.auth.Login(context.Background(), "advisor@example.org", password, "198.51.100.4")
	if err != nil {
		t.Fatal(err)
	}
	f.cookies["advisor elsewhere"] = elsewhere
	rec := f.do("advisor", http.MethodPost, "/api/v1/auth/logout-all", "")
	if rec.Code != http.StatusNoContent || !strings.Contains(rec.Header().Get("Set-Cookie"), "callmatch_session=;") {
		t.Fatalf("logout-all: %d %v", rec.Code, rec.Header())
	}
	for _, role := range []string{"advisor", "advisor elsewhere"} {
		if rec := f.do(role, http.MethodGet, "/api/v1/intakes", ""); rec.Code != http.StatusUnauthorized {
			t.Errorf("%s after logout-all: %d", role, rec.Code)
		}
	}
	if rec := f.doBearer(secret, http.MethodGet, "/api/v1/intakes", ""); rec.Code != http.StatusOK {
		t.Errorf("the API token after logout-all: %d", rec.Code)
	}
	if rec := f.do("admin", http.MethodGet, "/api/v1/intakes", ""); rec.Code != http.StatusOK {
		t.Errorf("another user's session after logout-all: %d", rec.Code)
	}
}

// Ten wrong passwords from one address leave the right one working from
// another; the guessing address gets 429 with Retry-After.
func TestLoginThrottleGivesAttackersNoLock(t *testing.T) {
	f := newFixture(t)
	login := func(pw, addr string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/auth/login", strings.NewReader(`{"email": "advisor@example.org", "password": "`+pw+`"}`))
		req.Header.Set("Content-Type", "application/json")
		req.RemoteAddr = addr + ":40000"
		rec := httptest.NewRecorder()
		f.srv.ServeHTTP(rec, req)
		checkAgainstOpenAPI(t, req, rec, "")
		return rec
	}
	for range 10 {
		if rec := login("a wrong guess", "198.51.100.66"); rec.Code != http.StatusUnauthorized && rec.Code != http.StatusTooManyRequests {
			t.Fatalf("guess: %d", rec.Code)
		}
	}
	if rec := login(password, "192.0.2.200"); rec.Code != http.StatusOK {
		t.Fatalf("the right password from another address: %d %s", rec.Code, rec.Body.String())
	}
	rec := login("a wrong guess", "198.51.100.66")
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" {
		t.Fatalf("guessing on: %d, Retry-After %q", rec.Code, rec.Header().Get("Retry-After"))
	}
}
