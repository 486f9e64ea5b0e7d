package frontend_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"callmatch"
	"callmatch/catalog"
)

// profileForm is the profile section's form as the page fills it for v,
// with the description replaced.
func profileForm(v *catalog.Vendor, description string) url.Values {
	f := url.Values{"name": {v.Name}, "website": {v.Website}, "description": {description},
		"serves": v.Serves, "services": v.Services, "dialing_modes": v.DialingModes,
		"state_experience": {strings.Join(v.StateExperience, ", ")}, "issue_experience": v.IssueExperience,
		"audience_experience": v.AudienceExperience, "labor.agent_wage": {""}, "labor.employment": {""}}
	if l := v.Labor; l != nil {
		f.Set("labor.agent_wage", fmt.Sprintf("%d.%02d", l.AgentWageFloorCents/100, l.AgentWageFloorCents%100))
		f.Set("labor.employment", l.Employment)
		if l.Benefits {
			f.Set("labor.benefits", "on")
		}
	}
	return f
}

// An advisor edits any vendor's profile with the portal's forms, under the
// desk; the saves are the advisor's in the audit log, and the vendor's own
// business (certification upload, invoices) stays out of the desk's page.
func TestDeskEditsVendorProfile(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	v := f.byName["Premium Phones"] // not the vendor user's: staff edit any vendor
	page := "/desk/vendors/" + v.ID
	edit := page + "/edit"

	if body := f.do("advisor", http.MethodGet, page, nil).Body.String(); !strings.Contains(body, `href="`+edit+`"`) {
		t.Fatalf("the vendor's desk page has no edit link:\n%s", body)
	}
	rec := f.do("advisor", http.MethodGet, edit, nil)
	body := rec.Body.String()
	if rec.Code != http.StatusOK {
		t.Fatalf("edit page: %d\n%s", rec.Code, body)
	}
	for _, want := range []string{"<title>Edit Premium Phones", "Edit Premium Phones", `href="` + page + `"`, "Advisor desk"} {
		if !strings.Contains(body, want) {
			t.Errorf("the edit page lacks %q", want)
		}
	}
	if !strings.Contains(body, `action="`+edit+`"`) {
		t.Error("the profile's form does not post to the desk")
	}
	for _, section := range []string{"profile", "sites", "languages", "rates", "capacity"} {
		if !strings.Contains(body, `formaction="`+edit+`#`+section+`"`) {
			t.Errorf("the %s section's Save does not post to the desk", section)
		}
	}
	for _, unwanted := range []string{`action="/portal`, `id="certifications"`, `id="invoices"`, `name="document"`} {
		if strings.Contains(body, unwanted) {
			t.Errorf("the edit page has %q", unwanted)
		}
	}

	rec = f.do("advisor", http.MethodPost, edit+"/profile", profileForm(v, "Edited by the desk."))
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != edit+"?done=saved&at=profile#profile" {
		t.Fatalf("save profile: %d to %q\n%s", rec.Code, rec.Header().Get("Location"), rec.Body.String())
	}
	rates := url.Values{"service": {"gotv", ""}, "model": {"per_agent_hour", ""}, "amount": {"27.50", ""}, "minimum": {"900", ""}}
	rec = f.do("advisor", http.MethodPost, edit+"/rates", rates)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != edit+"?done=saved&at=rates#rates" {
		t.Fatalf("save rates: %d to %q\n%s", rec.Code, rec.Header().Get("Location"), rec.Body.String())
	}
	got := f.vendor(v.ID)
	if got.Description != "Edited by the desk." || got.Name != v.Name || len(got.Services) != len(v.Services) {
		t.Errorf("profile after saving: %q %q %v", got.Name, got.Description, got.Services)
	}
	if len(got.Rates) != 1 || got.Rates[0].AmountCents != 2750 || got.Rates[0].MinimumCents != 90000 {
		t.Errorf("rates after saving: %+v", got.Rates)
	}
	if body := f.do("advisor", http.MethodGet, edit+"?done=saved", nil).Body.String(); !strings.Contains(body, "Saved.") || !strings.Contains(body, "Edited by the desk.") {
		t.Errorf("the page after saving:\n%s", body)
	}

	advisor, err := f.accounts.FindUserByEmail(f.ctx, "advisor@example.org")
	if err != nil {
		t.Fatal(err)
	}
	updates := f.auditedBy("vendor", v.ID, "vendor.update")
	want := "user:" + advisor.ID + " " + callmatch.RoleAdvisor
	if len(updates) != 2 || updates[0] != want || updates[1] != want {
		t.Errorf("audit rows of the edits: %q, want two by %q", updates, want)
	}

	// A refused save shows the desk's page again with the problem, its
	// forms still posting to the desk.
	rec = f.do("advisor", http.MethodPost, edit+"/rates", url.Values{"service": {"gotv"}, "model": {"per_agent_hour"}, "amount": {"cheap"}, "minimum": {""}})
	body = rec.Body.String()
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body, "Rate line 1, amount") || !strings.Contains(body, `action="`+edit+`"`) {
		t.Fatalf("bad rate: %d\n%s", rec.Code, body)
	}

	// The vendor user cannot use the desk's routes, even for its own vendor.
	own := "/desk/vendors/" + f.vendorUser.ID + "/edit"
	if rec := f.do("vendor", http.MethodGet, own, nil); rec.Code != http.StatusForbidden {
		t.Errorf("a vendor user opens the desk's edit page: %d", rec.Code)
	}
	for _, target := range []string{own + "/profile", edit + "/profile"} {
		if rec := f.do("vendor", http.MethodPost, target, profileForm(v, "Defaced.")); rec.Code != http.StatusForbidden {
			t.Errorf("a vendor user posts to %s: %d", target, rec.Code)
		}
	}
	if got := f.vendor(v.ID); got.Description != "Edited by the desk." {
		t.Error("a refused post changed the vendor")
	}

	// The portal keeps its own forms and the vendor's own sections.
	portal := f.do("vendor", http.MethodGet, "/portal", nil).Body.String()
	for _, want := range []string{`action="/portal"`, `formaction="/portal#rates"`, `action="/portal/certifications"`, `id="invoices"`} {
		if !strings.Contains(portal, want) {
			t.Errorf("the portal lacks %q", want)
		}
	}
	if strings.Contains(portal, "/desk/") {
		t.Error("the portal links to the desk")
	}
}

// An unknown or malformed vendor id is a not-found page, not an error.
func TestDeskEditUnknownVendor(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	for _, id := range []string{"00000000-0000-4000-8000-000000000000", "no-such-vendor"} {
		edit := "/desk/vendors/" + id + "/edit"
		if rec := f.do("advisor", http.MethodGet, edit, nil); rec.Code != http.StatusNotFound {
			t.Errorf("GET %s: %d", edit, rec.Code)
		}
		if rec := f.do("advisor", http.MethodPost, edit+"/rates", url.Values{"service": {"gotv"}}); rec.Code != http.StatusNotFound {
			t.Errorf("POST %s/rates: %d", edit, rec.Code)
		}
	}
}
