package frontend_test

import (
	"net/http"
	"strings"
	"testing"

	"callmatch/catalog"
)

// A vendor declares the issues and audiences it has worked and how its
// agents are paid on its profile; the desk shows them on the vendor's page
// and filters the directory by them. A wage is typed in dollars an hour.
func TestPortalExperienceAndLabor(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	own := f.vendorUser

	body := f.do("vendor", http.MethodGet, "/portal", nil).Body.String()
	for _, want := range []string{`name="issue_experience" value="healthcare"`, "> veterans&#39; affairs</label>",
		`name="audience_experience" value="aapi"`, "> AAPI</label>", "> first-time voters</label>",
		`name="labor.agent_wage"`, `<option value="contracted">contractors</option>`, `name="labor.benefits"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the portal's profile form lacks %q", want)
		}
	}

	form := profileForm(own, own.Description)
	form["issue_experience"] = []string{"healthcare", "immigration"}
	form["audience_experience"] = []string{"seniors", "latino"}
	form.Set("labor.agent_wage", "$17.50")
	form.Set("labor.employment", "employed")
	form.Set("labor.benefits", "on")
	if rec := f.do("vendor", http.MethodPost, "/portal/profile", form); rec.Code != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", rec.Code, between(rec.Body.String(), "<main", "</form>"))
	}
	got := f.vendor(own.ID)
	if strings.Join(got.IssueExperience, ",") != "healthcare,immigration" || strings.Join(got.AudienceExperience, ",") != "seniors,latino" ||
		got.Labor == nil || *got.Labor != (catalog.Labor{AgentWageFloorCents: 1750, Employment: "employed", Benefits: true}) {
		t.Fatalf("saved as issues %v audiences %v labor %+v", got.IssueExperience, got.AudienceExperience, got.Labor)
	}
	body = f.do("vendor", http.MethodGet, "/portal", nil).Body.String()
	if !strings.Contains(body, `value="healthcare" checked`) || !strings.Contains(body, `name="labor.agent_wage" value="17.50"`) ||
		!strings.Contains(body, `<option value="employed" selected>`) {
		t.Errorf("the portal does not show what was saved:\n%s", between(body, `id="profile"`, "</form>"))
	}

	// Bad values are named in words, and nothing is saved.
	for _, c := range []struct{ wage, employment, want string }{
		{"$250", "employed", "Lowest hourly wage: must be between 0 and 20000 cents an hour ($0 to $200 an hour)"},
		{"-5", "employed", "Lowest hourly wage: must be an hourly wage in dollars"},
		{"", "contracted", "Lowest hourly wage: is required when you declare how agents are employed"},
		{"15", "", "Agents are: must be one of employed, contracted, mixed"},
	} {
		bad := profileForm(got, "Not saved.")
		bad.Set("labor.agent_wage", c.wage)
		bad.Set("labor.employment", c.employment)
		rec := f.do("vendor", http.MethodPost, "/portal/profile", bad)
		if body := rec.Body.String(); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body, c.want) {
			t.Errorf("wage %q employment %q: %d, want 422 with %q\n%s", c.wage, c.employment, rec.Code, c.want, between(body, "<main", "<form"))
		}
	}
	bad := profileForm(got, "Not saved.")
	bad["issue_experience"] = []string{"crime"}
	if rec := f.do("vendor", http.MethodPost, "/portal/profile", bad); rec.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(rec.Body.String(), "Issue 1: &#34;crime&#34; is not allowed; must be one of economy, healthcare") {
		t.Errorf("unknown issue area: %d\n%s", rec.Code, between(rec.Body.String(), "<main", "<form"))
	}
	if again := f.vendor(own.ID); again.Description == "Not saved." || again.Labor.AgentWageFloorCents != 1750 {
		t.Error("a refused save changed the vendor")
	}

	page := f.do("advisor", http.MethodGet, "/desk/vendors/"+own.ID, nil).Body.String()
	for _, want := range []string{`<dd id="issue-experience">healthcare, immigration</dd>`, `<dd id="audience-experience">seniors, Latino</dd>`,
		`<dd id="labor">at least $17.50 an hour; employees; with benefits</dd>`} {
		if !strings.Contains(page, want) {
			t.Errorf("the desk's vendor page lacks %q", want)
		}
	}
	other := f.byName["Premium Phones"]
	if page := f.do("advisor", http.MethodGet, "/desk/vendors/"+other.ID, nil).Body.String(); !strings.Contains(page, `<dd id="labor">not declared</dd>`) {
		t.Error("a vendor without a declaration is not shown as such")
	}

	// Without a search index the directory lists from PostgreSQL with the
	// same filters.
	dir := f.do("advisor", http.MethodGet, "/desk/vendors?issue_area=healthcare&audience=latino", nil).Body.String()
	if !strings.Contains(dir, `id="facet-issue_area"`) || !strings.Contains(dir, `data-vendor="`+own.ID+`"`) ||
		strings.Contains(dir, `data-vendor="`+other.ID+`"`) || !strings.Contains(dir, "healthcare, immigration · seniors, Latino") {
		t.Errorf("directory filtered by experience:\n%s", between(dir, `id="results"`, "</table>"))
	}
}
