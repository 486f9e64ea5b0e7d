package frontend_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The consultation form offers messaging goals beside the message and a
// wage floor in dollars an hour, in Spanish too; unknown codes and an
// absurd wage come back at their inputs.
func TestConsultGoalsAndWageFloor(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	body := f.do("", http.MethodGet, "/consult?lang=es", nil).Body.String()
	for _, want := range []string{"De qué trata el programa", "A quién debe llegar",
		`name="issue_areas" value="healthcare"> Salud`, `name="audiences" value="seniors"> Personas mayores`,
		`name="requirements.min_agent_wage_dollars"`, "Salario mínimo por hora de los operadores"} {
		if !strings.Contains(body, want) {
			t.Errorf("the Spanish form lacks %q", want)
		}
	}

	form := submitForm()
	form["issue_areas"] = []string{"healthcare", "crypto"}
	form.Set("audiences", "seniors")
	form.Set("requirements.min_agent_wage_dollars", "250")
	rec := f.do("", http.MethodPost, "/consult", form)
	body = rec.Body.String()
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("bad goals: %d", rec.Code)
	}
	for _, want := range []string{"Choose topics from the list.", "Enter an hourly wage in dollars from 0 to 200",
		`name="issue_areas" value="healthcare" checked`, `name="audiences" value="seniors" checked`,
		`<a href="#f-issue-areas">What the program is about</a>`, `value="250"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the form with mistakes lacks %q", want)
		}
	}
}

// A campaign's messaging goals reach the advisor's ranking, explained;
// each vendor's seats in the target states show on the desk and, once a
// shortlist is shared, on the campaign's status page.
func TestGoalsOnDeskAndStatusPage(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	form := submitForm()
	form.Set("key", "goals-form-key")
	form["issue_areas"] = []string{"healthcare"}
	form["audiences"] = []string{"seniors"}
	rec := f.do("", http.MethodPost, "/consult?lang=es", form)
	link := between(rec.Body.String(), `id="status-link" href="`, `"`)
	u, err := url.Parse(strings.ReplaceAll(link, "&amp;", "&"))
	if err != nil || !strings.HasPrefix(u.Path, "/status/") {
		t.Fatalf("no status link: %d %q", rec.Code, link)
	}
	id, token := strings.TrimPrefix(u.Path, "/status/"), u.Query().Get("token")

	body := f.do("advisor", http.MethodGet, "/desk/intakes/"+id, nil).Body.String()
	for _, want := range []string{`<dt>About</dt><dd>healthcare</dd>`, `<dt>Must reach</dt><dd>seniors</dd>`,
		`<small class="experience">Experience: `, "healthcare", "with seniors", "Local seats",
		`<td class="num local-seats">120</td>`} {
		if !strings.Contains(body, want) {
			t.Errorf("the desk intake page lacks %q", want)
		}
	}

	weights := url.Values{"cost": {"30"}, "quality": {"25"}, "capacity": {"20"}, "experience": {"15"}, "readiness": {"10"}, "method": {"saw"}, "limit": {"10"}}
	rec = f.do("advisor", http.MethodPost, "/desk/intakes/"+id+"/shortlists", weights)
	body = f.do("advisor", http.MethodGet, rec.Header().Get("Location"), nil).Body.String()
	shortlistID := between(body, `action="/desk/shortlists/`, `/share"`)
	if rec := f.do("advisor", http.MethodPost, "/desk/shortlists/"+shortlistID+"/share", url.Values{"intake_id": {id}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("share: %d\n%s", rec.Code, rec.Body.String())
	}
	status := f.do("", http.MethodGet, "/status/"+id+"?lang=es&token="+url.QueryEscape(token), nil).Body.String()
	for _, want := range []string{"Puestos en sus estados", "120 puestos en centros de llamadas de los estados a los que llama",
		"Objetivos del mensaje", "Salud; Personas mayores", "ha trabajado en TX; no declara trabajo en Salud ni Personas mayores"} {
		if !strings.Contains(status, want) {
			t.Errorf("the status page lacks %q\n%s", want, between(status, `<section aria-labelledby="shortlist">`, `</section>`))
		}
	}
}
