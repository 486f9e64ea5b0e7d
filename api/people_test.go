package api_test

import (
	"context"
	"net/http"
	"testing"
)

// Disabling a user ends their access at once: the very next request with
// their session cookie or their API token is 401.
func TestDisabledUserIsSignedOut(t *testing.T) {
	f := newFixture(t)
	bearer := f.vendorOwnToken().bearer
	if rec := f.do("vendor_own", http.MethodGet, "/api/v1/tokens", ""); rec.Code != http.StatusOK {
		t.Fatalf("before: session %d", rec.Code)
	}
	if rec := f.doBearer(bearer, http.MethodGet, "/api/v1/tokens", ""); rec.Code != http.StatusOK {
		t.Fatalf("before: token %d", rec.Code)
	}
	u, err := f.auth.Store.FindUserByEmail(context.Background(), "ops@alpha.example.org")
	if err != nil {
		t.Fatal(err)
	}
	if rec := f.do("advisor", http.MethodPost, "/api/v1/people/"+u.ID+"/disable", ""); rec.Code != http.StatusNoContent {
		t.Fatalf("disable: %d %s", rec.Code, rec.Body.String())
	}
	if rec := f.do("vendor_own", http.MethodGet, "/api/v1/tokens", ""); rec.Code != http.StatusUnauthorized {
		t.Errorf("the disabled user's session: %d, want 401", rec.Code)
	}
	if rec := f.doBearer(bearer, http.MethodGet, "/api/v1/tokens", ""); rec.Code != http.StatusUnauthorized {
		t.Errorf("the disabled user's API token: %d, want 401", rec.Code)
	}
	if rec := f.do("", http.MethodPost, "/api/v1/auth/login", `{"email": "ops@alpha.example.org", "password": "`+password+`"}`); rec.Code != http.StatusUnauthorized {
		t.Errorf("the disabled user signing in: %d, want 401", rec.Code)
	}
}

// A password reset answers the same for an address with an account and
// one without.
func TestPasswordResetSameAnswer(t *testing.T) {
	f := newFixture(t)
	known := f.do("", http.MethodPost, "/api/v1/auth/password-reset", `{"email": "ops@alpha.example.org"}`)
	unknown := f.do("", http.MethodPost, "/api/v1/auth/password-reset", `{"email": "nobody@alpha.example.org"}`)
	if known.Code != http.StatusAccepted || unknown.Code != known.Code || known.Body.String() != unknown.Body.String() {
		t.Fatalf("known %d %s, unknown %d %s", known.Code, known.Body.String(), unknown.Code, unknown.Body.String())
	}
}
