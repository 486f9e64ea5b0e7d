package api_test

import (
	"net/http"
	"strings"
	"testing"
)

// POST /api/v1/intakes/link answers a known and an unknown address with
// the same 202 and body; a malformed one is a 422 naming the field.
func TestSendLinkAgainAPI(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.newIntake()
	known := f.do("anonymous", http.MethodPost, "/api/v1/intakes/link", `{"email": "ANA@garcia.example.org"}`)
	unknown := f.do("anonymous", http.MethodPost, "/api/v1/intakes/link", `{"email": "nobody@garcia.example.org"}`)
	if known.Code != http.StatusAccepted || unknown.Code != known.Code || unknown.Body.String() != known.Body.String() {
		t.Errorf("known %d %s; unknown %d %s", known.Code, known.Body, unknown.Code, unknown.Body)
	}
	bad := f.do("anonymous", http.MethodPost, "/api/v1/intakes/link", `{"email": "ana at garcia"}`)
	if bad.Code != http.StatusUnprocessableEntity || !strings.Contains(bad.Body.String(), `"email"`) {
		t.Errorf("malformed address: %d %s", bad.Code, bad.Body)
	}
	f.intakes.Wait()
}

// The form's language is part of the request: en or es, nothing else.
func TestIntakeLang(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	withLang := func(lang string) string {
		return strings.Replace(intakeBody, `"campaign":`, `"lang": "`+lang+`", "campaign":`, 1)
	}
	if rec := f.do("anonymous", http.MethodPost, "/api/v1/intakes", withLang("es")); rec.Code != http.StatusCreated {
		t.Errorf("lang es: %d %s", rec.Code, rec.Body)
	}
	rec := f.do("anonymous", http.MethodPost, "/api/v1/intakes", withLang("fr"))
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `"lang":"must be one of en, es"`) {
		t.Errorf("lang fr: %d %s", rec.Code, rec.Body)
	}
}
