package frontend_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// A status link that leads nowhere offers to mail the link again, still
// as a 404 that says nothing of whether the intake exists; the form's own
// page and its answer are the same for every role, and for a known and an
// unknown address alike; a malformed address is named.
func TestStatusLinkAgain(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	id, token := f.newIntake()

	for name, target := range map[string]string{
		"wrong token": "/status/" + id + "?token=" + url.QueryEscape(token+"x"),
		"no intake":   "/status/00000000-0000-4000-8000-000000000000?lang=es",
	} {
		rec := f.do("", http.MethodGet, target, nil)
		body := rec.Body.String()
		if rec.Code != http.StatusNotFound || !strings.Contains(body, `id="link-form"`) || !strings.Contains(body, `for="link-email"`) {
			t.Errorf("%s: %d without the link form\n%s", name, rec.Code, body)
		}
	}
	if body := f.do("", http.MethodGet, "/status/x?lang=es", nil).Body.String(); !strings.Contains(body, "¿Perdió su enlace privado?") {
		t.Errorf("Spanish not-found page:\n%s", body)
	}

	for _, role := range []string{"", "vendor", "advisor"} {
		if rec := f.do(role, http.MethodGet, "/status/link", nil); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `id="link-form"`) {
			t.Errorf("%q GET /status/link: %d", role, rec.Code)
		}
	}

	answer := func(addr string) (int, string) {
		rec := f.do("", http.MethodPost, "/status/link?lang=es", url.Values{"email": {addr}})
		return rec.Code, rec.Body.String()
	}
	knownCode, known := answer("ana@garcia.example.org")
	unknownCode, unknown := answer("nobody@garcia.example.org")
	if knownCode != http.StatusOK || knownCode != unknownCode || known != unknown {
		t.Errorf("known address: %d, unknown: %d; the answers differ:\n%s\n---\n%s", knownCode, unknownCode, known, unknown)
	}
	if !strings.Contains(known, `id="link-sent"`) || !strings.Contains(known, "Si se hizo una solicitud con este correo") {
		t.Errorf("answer:\n%s", known)
	}
	code, body := answer("not an address")
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `aria-invalid="true"`) || !strings.Contains(body, "nombre@ejemplo.org") {
		t.Errorf("malformed address: %d\n%s", code, body)
	}
	f.intakes.Wait()
}

// The confirmation page says the link was mailed and offers the form.
func TestConfirmationOffersLinkAgain(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	rec := f.do("", http.MethodPost, "/consult", submitForm())
	body := rec.Body.String()
	if rec.Code != http.StatusOK || !strings.Contains(body, "We have also emailed this link") || !strings.Contains(body, `id="link-form"`) {
		t.Errorf("confirmation: %d\n%s", rec.Code, body)
	}
}
