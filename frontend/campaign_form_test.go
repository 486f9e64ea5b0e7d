package frontend_test

import (
	"html"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"callmatch/intake"
)

// Issue 17 §1: calling days in the past are refused at the field, in the
// page's language; the budget is optional and the page says so; states are
// accepted by name in English and Spanish.
func TestConsultRefusesPastDaysTakesStateNamesAndNoBudget(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	page := f.do("", http.MethodGet, "/consult", nil).Body.String()
	// The page says every field not marked optional is required.
	for _, label := range []string{"Budget in dollars", "Race or issue", "Certifications the vendor must hold"} {
		if !strings.Contains(page, label+` <span class="muted">(optional)</span>`) {
			t.Errorf("%q may be left empty but is not marked optional", label)
		}
	}

	past := submitForm()
	past.Set("start_date", "2025-10-18")
	past.Set("end_date", "2025-11-02")
	for lang, want := range map[string]string{
		"en": "Enter the first calling day as a date, today or later",
		"es": "Indique el primer día de llamadas como fecha, hoy o más adelante",
	} {
		rec := f.do("", http.MethodPost, "/consult?lang="+lang, past)
		body := html.UnescapeString(rec.Body.String())
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body, want) || !strings.Contains(body, `id="f-start-date-error"`) {
			t.Errorf("%s: calling days a year ago: %d, want 422 with %q at the field", lang, rec.Code, want)
		}
	}

	named := submitForm()
	named.Set("target_states", "Texas, nuevo méxico")
	named.Set("budget_dollars", "")
	named.Set("key", "named-states")
	rec := f.do("", http.MethodPost, "/consult?lang=es", named)
	if rec.Code != http.StatusOK {
		t.Fatalf("states by name, no budget: %d\n%s", rec.Code, rec.Body.String())
	}
	link := html.UnescapeString(between(rec.Body.String(), `id="status-link" href="`, `"`))
	status := html.UnescapeString(f.do("", http.MethodGet, strings.TrimPrefix(link, f.server.URL)+"&lang=es", nil).Body.String())
	for _, want := range []string{"<dd>TX, NM</dd>", "Aún sin fijar"} {
		if !strings.Contains(status, want) {
			t.Errorf("the status page lacks %q", want)
		}
	}
}

// Issue 17 §1, the API: state names are read there too, and calling days
// in the past are refused naming the field.
func TestIntakeAPITakesStateNamesRefusesPastDays(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	body := func(states, start, end string) string {
		return `{"campaign": {"name": "Garcia for Congress", "sponsor_type": "candidate", "affiliation": "democratic"},
  "contact": {"name": "Ana Garcia", "email": "ana@garcia.example.org"},
  "services": ["gotv"], "target_states": ` + states + `, "records": 20000, "attempts_per_record": 2,
  "start_date": "` + start + `", "end_date": "` + end + `", "languages": [{"code": "en", "share": 1}]}`
	}
	rec := postJSON(f, "/api/v1/intakes", body(`["Texas", "Nueva York"]`, "2027-09-20", "2027-11-01"))
	statusURL := between(rec.Body.String(), `"status_url":"`, `"`)
	if rec.Code != http.StatusCreated || statusURL == "" {
		t.Fatalf("states by name: %d %s", rec.Code, rec.Body.String())
	}
	if view := f.do("", http.MethodGet, statusURL, nil).Body.String(); !strings.Contains(view, `"target_states":["TX","NY"]`) {
		t.Errorf("stored states: %s", view)
	}
	rec = postJSON(f, "/api/v1/intakes", body(`["TX"]`, "2025-10-18", "2025-11-02"))
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `"start_date":"must not be in the past`) {
		t.Errorf("calling days a year ago: %d %s", rec.Code, rec.Body.String())
	}
}

// Issue 17 §2: the status page explains "records × attempts", shows the
// race, the message and the requirements, says when an advisor looks in
// the confirmation's words, and names the vendors hired.
func TestStatusPageSaysWhatWasAskedAndWhomHired(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	form := submitForm()
	form.Set("message", "Early voting starts Oct 18.\nBilingual callers, please.")
	form.Set("requirements.domestic_only", "on")
	form.Set("requirements.cell_percent", "40")
	rec := f.do("", http.MethodPost, "/consult", form)
	confirm := html.UnescapeString(rec.Body.String())
	const when = "An advisor will review it and prepare a short list of vendors, usually within two business days."
	if !strings.Contains(confirm, when) {
		t.Fatalf("the confirmation does not say %q", when)
	}
	link := html.UnescapeString(between(rec.Body.String(), `id="status-link" href="`, `"`))
	path := strings.TrimPrefix(link, f.server.URL)
	id := strings.TrimPrefix(strings.SplitN(path, "?", 2)[0], "/status/")

	status := html.UnescapeString(f.do("", http.MethodGet, path+"&lang=en", nil).Body.String())
	for _, want := range []string{
		"We have your request. " + when,
		`<dd id="request-race">TX-23</dd>`,
		"20,000 numbers, each tried up to 2 times: at most 40,000 calls.",
		"Early voting starts Oct 18.\nBilingual callers, please.",
		"<li>Callers must be in the United States</li>",
		"<li>40% of the numbers are cell phones</li>",
	} {
		if !strings.Contains(status, want) {
			t.Errorf("the status page lacks %q", want)
		}
	}
	if strings.Contains(status, "shortly") {
		t.Error("the status page still says an advisor will take it up shortly")
	}

	sl, err := f.intakes.GenerateShortlist(f.advisorCtx(), id, intake.GenerateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.intakes.Share(f.advisorCtx(), sl.ID); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Budget Dialers", "Middle Call Co"} {
		f.engagePart(id, f.byName[name].ID, 5_000_000)
	}
	for lang, want := range map[string]string{
		"en": "You hired Budget Dialers and Middle Call Co. Good luck with the program.",
		"es": "Usted contrató a Budget Dialers y Middle Call Co. Mucho éxito con el programa.",
	} {
		status = html.UnescapeString(f.do("", http.MethodGet, path+"&lang="+lang, nil).Body.String())
		if !strings.Contains(status, want) || !strings.Contains(status, `id="request-hired">Budget Dialers,`) {
			t.Errorf("%s: the engaged status page does not name the hired vendors (%q)", lang, want)
		}
		if strings.Contains(status, "hired a vendor") || strings.Contains(status, "contrató a un proveedor") {
			t.Errorf("%s: the status page still says only that a vendor was hired", lang)
		}
	}
}

// postJSON posts a JSON body to the API as a client would.
func postJSON(f *fixture, target, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	f.handler.ServeHTTP(rec, req)
	return rec
}
