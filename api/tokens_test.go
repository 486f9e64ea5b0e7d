package api_test

import (
	"encoding/json"
	"net/http"
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
