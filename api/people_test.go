package api_test

import (
	"context"
	"net/http"
	"strings"
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

// Staff calling with an API token may read people and applications but
// not grant access: inviting (an admin, or a vendor user), revoking,
// disabling and approving or rejecting an application take a signed-in
// session, so that a leaked token cannot mint accounts that outlive it.
func TestTokenCannotGrantAccess(t *testing.T) {
	f := newFixture(t)
	tokens := map[string]string{"admin": f.issueToken("admin", "ci"), "advisor": f.issueToken("advisor", "ci")}
	for role, token := range tokens {
		calls := []struct{ method, path, body string }{
			{http.MethodPost, "/api/v1/people/invitations", `{"email": "mallory@example.org", "role": "admin"}`},
			{http.MethodPost, "/api/v1/people/invitations", `{"email": "m2@example.org", "role": "vendor", "vendor_id": "` + f.vendorA.ID + `"}`},
			{http.MethodDelete, "/api/v1/people/invitations/" + f.newInvitation(), ""},
			{http.MethodPost, "/api/v1/people/" + f.newVendorUser() + "/disable", ""},
			{http.MethodPost, "/api/v1/vendor-applications/" + f.newApplication() + "/approve", ""},
			{http.MethodPost, "/api/v1/vendor-applications/" + f.newApplication() + "/reject", `{"reason": "Not this cycle."}`},
		}
		if role == "advisor" {
			calls = calls[1:] // an advisor may not invite an admin however signed in
		}
		for _, c := range calls {
			rec := f.doBearer(token, c.method, c.path, c.body)
			if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), "signed-in session, not an API token") {
				t.Errorf("%s token: %s %s = %d %s, want 403 naming the session", role, c.method, c.path, rec.Code, rec.Body.String())
			}
		}
		for _, path := range []string{"/api/v1/people", "/api/v1/vendor-applications"} {
			if rec := f.doBearer(token, http.MethodGet, path, ""); rec.Code != http.StatusOK {
				t.Errorf("%s token: GET %s = %d, want 200", role, path, rec.Code)
			}
		}
	}
}
