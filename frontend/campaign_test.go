package frontend_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

func TestLandingSaysWhatItIs(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	rec := f.do("", http.MethodGet, "/", nil)
	body := rec.Body.String()
	if rec.Code != http.StatusOK || !strings.Contains(body, "Free, independent advice on hiring a call center") {
		t.Fatalf("landing: %d\n%s", rec.Code, body)
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("CSP %q", csp)
	}

	// Spanish by the browser's preference, then by the switch, which is
	// remembered for the next page.
	rec = f.do("", http.MethodGet, "/", nil, "Accept-Language", "es-MX,es;q=0.9,en;q=0.5")
	if !strings.Contains(rec.Body.String(), `<html lang="es">`) || !strings.Contains(rec.Body.String(), "Asesoría gratuita e independiente") {
		t.Fatalf("Accept-Language es did not give Spanish:\n%s", rec.Body.String())
	}
	rec = f.do("", http.MethodGet, "/consult?lang=es", nil)
	if !strings.Contains(rec.Body.String(), "Describa su programa de llamadas") || !strings.Contains(rec.Header().Get("Set-Cookie"), "callmatch_lang=es") {
		t.Fatalf("?lang=es: %v\n%s", rec.Header(), rec.Body.String())
	}
	if !strings.Contains(rec.Body.String(), `href="/consult?lang=en"`) {
		t.Error("the Spanish page has no switch back to English")
	}
}

// A form with mistakes comes back with what was typed and a message at
// each wrong field, linked from a summary, in the visitor's language.
func TestConsultValidationRerender(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	form := submitForm()
	form.Set("contact.email", "ana-at-garcia")
	form.Set("campaign.name", "")
	form.Set("languages[1].percent", "20")
	form.Set("campaign.race", `"><b>TX-23</b>`)
	rec := f.do("", http.MethodPost, "/consult", form)
	body := rec.Body.String()
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("invalid form: %d, want 422", rec.Code)
	}
	for _, want := range []string{
		"Enter an email address like name@example.org.",
		"Enter your campaign&#39;s name",
		"Give at least one language; the shares must add up to 100.",
		`id="f-contact-email" name="contact.email" value="ana-at-garcia"`,
		`aria-invalid="true" aria-describedby="f-contact-email-error"`,
		`<a href="#f-contact-email">Email</a>`,
		`value="&#34;&gt;&lt;b&gt;TX-23&lt;/b&gt;"`, // typed text comes back, escaped
		`value="test-form-key"`,                     // the same key: a resubmission is one intake
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the re-rendered form lacks %q", want)
		}
	}
	if strings.Contains(body, "<b>TX-23</b>") {
		t.Error("typed markup came back unescaped")
	}

	rec = f.do("", http.MethodPost, "/consult?lang=es", form)
	for _, want := range []string{"Escriba un correo electrónico como nombre@ejemplo.org.", "Corrija estos campos, por favor", "los porcentajes deben sumar 100"} {
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("the Spanish form lacks %q", want)
		}
	}
}

// A valid form is stored once, however often it is sent, and its private
// link opens the status page and nothing else.
func TestConsultSubmitAndStatusPage(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	id, token := f.newIntake()
	again, _ := f.newIntake() // reloaded confirmation: same key, same intake
	if again != id {
		t.Fatalf("resubmitting the same form made intake %s besides %s", again, id)
	}

	rec := f.do("", http.MethodGet, "/status/"+id+"?token="+url.QueryEscape(token), nil)
	body := rec.Body.String()
	if rec.Code != http.StatusOK || !strings.Contains(body, "Garcia for Congress") || !strings.Contains(body, `id="intake-status">Received`) {
		t.Fatalf("status page: %d\n%s", rec.Code, body)
	}
	if rec.Header().Get("Referrer-Policy") != "no-referrer" || rec.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("status page headers: %v", rec.Header())
	}
	if strings.Contains(body, "ana@garcia") {
		t.Error("the status page shows contact details to whoever holds the link")
	}
	for name, target := range map[string]string{
		"no token":    "/status/" + id,
		"wrong token": "/status/" + id + "?token=" + url.QueryEscape(token+"x"),
		"no intake":   "/status/00000000-0000-4000-8000-000000000000?token=" + url.QueryEscape(token),
	} {
		if rec := f.do("", http.MethodGet, target, nil); rec.Code != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", name, rec.Code)
		}
	}

	// Spanish status page.
	rec = f.do("", http.MethodGet, "/status/"+id+"?lang=es&token="+url.QueryEscape(token), nil)
	if !strings.Contains(rec.Body.String(), "En qué punto está su solicitud") {
		t.Errorf("Spanish status page:\n%s", rec.Body.String())
	}

	// Withdrawing takes the token from the form, not the URL.
	rec = f.do("", http.MethodPost, "/status/"+id+"/withdraw", url.Values{"token": {token}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("withdraw: %d\n%s", rec.Code, rec.Body.String())
	}
	rec = f.do("", http.MethodGet, rec.Header().Get("Location"), nil)
	if !strings.Contains(rec.Body.String(), "Your request is withdrawn.") || !strings.Contains(rec.Body.String(), `id="intake-status">Withdrawn`) {
		t.Errorf("after withdrawing:\n%s", rec.Body.String())
	}
}

// Bots fill the invisible field; they are told "thank you" and nothing is
// stored. Cross-site posts are refused before any handler runs.
func TestConsultHoneypotAndCrossSite(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	form := submitForm()
	form.Set("homepage", "http://spam.example")
	if rec := f.do("", http.MethodPost, "/consult", form); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Thank you") {
		t.Fatalf("honeypot: %d", rec.Code)
	}
	rec := f.do("", http.MethodPost, "/consult", submitForm(), "Sec-Fetch-Site", "cross-site")
	if rec.Code != http.StatusForbidden {
		t.Fatalf("cross-site post: %d, want 403", rec.Code)
	}
	if list, total, err := f.intakes.List(f.advisorCtx(), intakeFilter()); err != nil || total != 0 {
		t.Fatalf("%d intakes stored (%v), want none: %v", total, err, list)
	}
}

// The page posts the API's field names and the intake's parser files each
// problem under the input it came from: a language line after an empty one
// under its own number, a list's entry under the list, dollars and
// percentages under their inputs.
func TestConsultErrorsAtTheirInputs(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	form := submitForm()
	for field, typed := range map[string]string{
		"languages[1].code": "", "languages[1].percent": "", // the Spanish line moves down one
		"languages[2].code": "es", "languages[2].percent": "thirty",
		"target_states": "TX, ZZ", "budget_dollars": "$150,000.999",
		"requirements.cell_percent": "140", "completes_target": "5000000000",
	} {
		form.Set(field, typed)
	}
	rec := f.do("", http.MethodPost, "/consult", form)
	body := rec.Body.String()
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("invalid form: %d, want 422", rec.Code)
	}
	for _, field := range []string{"languages-2-percent", "target-states", "budget-dollars", "requirements-cell-percent", "completes-target"} {
		if !strings.Contains(body, `aria-invalid="true" aria-describedby="f-`+field) || !strings.Contains(body, `id="f-`+field+`-error"`) {
			t.Errorf("no error shown at f-%s", field)
		}
	}
	for _, want := range []string{
		`<a href="#f-languages-2-percent">Language line 3</a>`,
		`name="languages[2].percent" value="thirty"`,
		`name="budget_dollars" value="$150,000.999"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the re-rendered form lacks %q", want)
		}
	}
	if strings.Contains(body, `id="f-languages-1-code-error"`) {
		t.Error("the empty language line has an error")
	}
}

// A bot's confirmation looks like a person's: a link to a status page
// with an id shaped like a real intake's and a token of a real token's
// length.
func TestConsultHoneypotLinkLooksReal(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	_, token := f.newIntake()
	form := submitForm()
	form.Set("key", "bot-key")
	form.Set("homepage", "http://spam.example")
	rec := f.do("", http.MethodPost, "/consult", form)
	link := between(rec.Body.String(), `id="status-link" href="`, `"`)
	u, err := url.Parse(strings.ReplaceAll(link, "&amp;", "&"))
	if err != nil {
		t.Fatalf("decoy link %q: %v", link, err)
	}
	uuid := regexp.MustCompile(`^/status/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	if !uuid.MatchString(u.Path) || len(u.Query().Get("token")) != len(token) {
		t.Errorf("the decoy link %q does not look like a real one (token of %d characters)", link, len(token))
	}
}
