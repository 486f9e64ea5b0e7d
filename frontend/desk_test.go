package frontend_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// anyVendor is a vendor's desk page for an id no vendor has.
const anyVendor = "/desk/vendors/00000000-0000-4000-8000-000000000000"

func TestDeskAndPortalNeedTheirRoles(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	for _, tc := range []struct {
		role, path string
		want       int
	}{
		{"", "/desk", http.StatusSeeOther},
		{"vendor", "/desk", http.StatusForbidden},
		{"advisor", "/desk", http.StatusOK},
		{"", "/portal", http.StatusSeeOther},
		{"advisor", "/portal", http.StatusForbidden},
		{"vendor", "/portal", http.StatusOK},
		{"vendor", "/desk/certifications", http.StatusForbidden},
		{"", "/desk/mail", http.StatusSeeOther},
		{"vendor", "/desk/mail", http.StatusForbidden},
		{"advisor", "/desk/mail", http.StatusOK},
		{"", "/desk/capacity", http.StatusSeeOther},
		{"vendor", "/desk/capacity", http.StatusForbidden},
		{"advisor", "/desk/capacity", http.StatusOK},
		{"vendor", "/desk/capacity.csv", http.StatusForbidden},
		{"advisor", "/desk/capacity.csv", http.StatusOK},
		{"", "/desk/intakes/00000000-0000-4000-8000-000000000000/plan", http.StatusSeeOther},
		{"vendor", "/desk/intakes/00000000-0000-4000-8000-000000000000/plan", http.StatusForbidden},
		{"advisor", "/desk/intakes/00000000-0000-4000-8000-000000000000/plan", http.StatusNotFound},
		{"", anyVendor + "/edit", http.StatusSeeOther},
		{"vendor", anyVendor + "/edit", http.StatusForbidden},
		{"advisor", anyVendor + "/edit", http.StatusNotFound},
		{"", "/portal/opportunities", http.StatusSeeOther},
		{"advisor", "/portal/opportunities", http.StatusForbidden},
		{"vendor", "/portal/opportunities", http.StatusOK},
		{"", "/portal/invitations/00000000-0000-4000-8000-000000000000", http.StatusSeeOther},
		{"advisor", "/portal/invitations/00000000-0000-4000-8000-000000000000", http.StatusForbidden},
		{"vendor", "/portal/invitations/00000000-0000-4000-8000-000000000000", http.StatusNotFound},
	} {
		rec := f.do(tc.role, http.MethodGet, tc.path, nil)
		if rec.Code != tc.want {
			t.Errorf("%q GET %s: %d, want %d", tc.role, tc.path, rec.Code, tc.want)
		}
		if tc.want == http.StatusSeeOther && rec.Header().Get("Location") != "/login?next="+url.QueryEscape(tc.path) {
			t.Errorf("%s redirects to %q", tc.path, rec.Header().Get("Location"))
		}
	}
	// The intake status actions are desk routes too. Any id serves: the
	// guard answers before the handler looks, so the advisor's 404 shows
	// that the guard let them through.
	const anyIntake = "/desk/intakes/00000000-0000-4000-8000-000000000000"
	type postCase struct {
		role, path string
		want       int
	}
	tests := []postCase{
		{"", anyIntake + "/review", http.StatusSeeOther},
		{"vendor", anyIntake + "/review", http.StatusForbidden},
		{"advisor", anyIntake + "/review", http.StatusNotFound},
		{"", anyIntake + "/close", http.StatusSeeOther},
		{"vendor", anyIntake + "/close", http.StatusForbidden},
		{"advisor", anyIntake + "/close", http.StatusNotFound},
		{"", anyIntake + "/erase", http.StatusSeeOther},
		{"vendor", anyIntake + "/erase", http.StatusForbidden},
		{"advisor", anyIntake + "/erase", http.StatusNotFound},
		// Quotes: the advisor's refused choice is shown on an intake page
		// that does not exist.
		{"", anyIntake + "/quotes/release", http.StatusSeeOther},
		{"vendor", anyIntake + "/quotes/release", http.StatusForbidden},
		{"advisor", anyIntake + "/quotes/release", http.StatusNotFound},
		{"", "/desk/shortlists/00000000-0000-4000-8000-000000000000/invitations", http.StatusSeeOther},
		{"vendor", "/desk/shortlists/00000000-0000-4000-8000-000000000000/invitations", http.StatusForbidden},
		{"advisor", "/desk/shortlists/00000000-0000-4000-8000-000000000000/invitations", http.StatusNotFound},
		{"", "/portal/invitations/00000000-0000-4000-8000-000000000000/quote", http.StatusSeeOther},
		{"advisor", "/portal/invitations/00000000-0000-4000-8000-000000000000/quote", http.StatusForbidden},
		{"vendor", "/portal/invitations/00000000-0000-4000-8000-000000000000/quote", http.StatusNotFound},
		{"", "/portal/invitations/00000000-0000-4000-8000-000000000000/decline", http.StatusSeeOther},
		{"advisor", "/portal/invitations/00000000-0000-4000-8000-000000000000/decline", http.StatusForbidden},
		{"vendor", "/portal/invitations/00000000-0000-4000-8000-000000000000/decline", http.StatusNotFound},
	}
	// So are the staff's vendor edits (the one form, and each section
	// alone); an unknown vendor is a 404 to the advisor whom the guard let
	// through. The portal's one form is the vendor's own: a post naming no
	// section is refused.
	tests = append(tests, postCase{"", "/portal", http.StatusSeeOther}, postCase{"advisor", "/portal", http.StatusForbidden},
		postCase{"vendor", "/portal", http.StatusUnprocessableEntity})
	for _, section := range []string{"", "/profile", "/sites", "/languages", "/rates", "/capacity"} {
		path := anyVendor + "/edit" + section
		tests = append(tests, postCase{"", path, http.StatusSeeOther}, postCase{"vendor", path, http.StatusForbidden},
			postCase{"advisor", path, http.StatusNotFound})
	}
	for _, tc := range tests {
		rec := f.do(tc.role, http.MethodPost, tc.path, url.Values{"confirm": {"yes"}})
		if rec.Code != tc.want {
			t.Errorf("%q POST %s: %d, want %d", tc.role, tc.path, rec.Code, tc.want)
		}
		if tc.want == http.StatusSeeOther && rec.Header().Get("Location") != "/login?next="+url.QueryEscape(tc.path) {
			t.Errorf("%s redirects to %q", tc.path, rec.Header().Get("Location"))
		}
	}
	// htmx asking anonymously is sent to sign in rather than swapping the
	// sign-in page into a fragment.
	rec := f.do("", http.MethodGet, "/desk/vendors?q=x", nil, "HX-Request", "true")
	if rec.Header().Get("HX-Redirect") == "" {
		t.Errorf("htmx without a session: %d %v", rec.Code, rec.Header())
	}
}

func TestLoginPage(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	rec := f.do("", http.MethodPost, "/login", url.Values{"email": {"advisor@example.org"}, "password": {"wrong password, surely"}})
	if rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Body.String(), "The email or password is wrong.") {
		t.Fatalf("wrong password: %d\n%s", rec.Code, rec.Body.String())
	}
	rec = f.do("", http.MethodPost, "/login", url.Values{"email": {"advisor@example.org"}, "password": {password}, "next": {"https://evil.example/"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/desk" {
		t.Fatalf("sign in: %d to %q (an outside next must be ignored)", rec.Code, rec.Header().Get("Location"))
	}
	ck := rec.Result().Cookies()
	if len(ck) != 1 || ck[0].Name != "callmatch_session" || !ck[0].HttpOnly || ck[0].SameSite != http.SameSiteLaxMode {
		t.Fatalf("session cookie %+v", ck)
	}
	rec = f.do("", http.MethodPost, "/login", url.Values{"email": {"ops@middle.example.org"}, "password": {password}, "next": {"/portal#languages"}})
	if rec.Header().Get("Location") != "/portal#languages" {
		t.Fatalf("vendor sign in goes to %q", rec.Header().Get("Location"))
	}

	// Signing out ends the session on the server, not only in the browser.
	rec = f.do("vendor", http.MethodPost, "/logout", url.Values{})
	if rec.Code != http.StatusSeeOther || !strings.Contains(rec.Header().Get("Set-Cookie"), "callmatch_session=;") {
		t.Fatalf("sign out: %d %v", rec.Code, rec.Header())
	}
	if rec := f.do("vendor", http.MethodGet, "/portal", nil); rec.Code != http.StatusSeeOther {
		t.Fatalf("the old session still opens the portal: %d", rec.Code)
	}
}

var firstVendor = regexp.MustCompile(`(?s)<table class="ranking">.*?class="vendor-name" href="/desk/vendors/[^"]+">([^<]+)</a>`)

// The advisor's intake page shows the demand, a ranking that follows the
// sliders, the exclusions with their reasons, and ties; saving and sharing
// put the list on the campaign's page, without what was dropped.
func TestDeskIntakeRankSaveShare(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	id, token := f.newIntake()

	rec := f.do("advisor", http.MethodGet, "/desk", nil)
	if !strings.Contains(rec.Body.String(), `href="/desk/intakes/`+id+`">Garcia for Congress</a>`) {
		t.Fatalf("the queue lacks the intake:\n%s", rec.Body.String())
	}
	rec = f.do("advisor", http.MethodGet, "/desk/intakes/"+id, nil)
	body := rec.Body.String()
	if rec.Code != http.StatusOK {
		t.Fatalf("intake page: %d\n%s", rec.Code, body)
	}
	for _, want := range []string{"Demand estimate", "agent-hours", "Seats needed", "Spanish", "affiliation not served",
		"Red State Dialing", "<svg class=\"bar\"", "$150,000", "of budget"} {
		if !strings.Contains(body, want) {
			t.Errorf("the intake page lacks %q", want)
		}
	}

	rank := func(cost, quality string) string {
		rec := f.do("advisor", http.MethodPost, "/desk/intakes/"+id+"/rank", url.Values{"cost": {cost}, "quality": {quality},
			"capacity": {"0"}, "experience": {"0"}, "readiness": {"0"}, "method": {"saw"}, "limit": {"10"}}, "HX-Request", "true")
		if rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), "<html") {
			t.Fatalf("rank fragment: %d\n%s", rec.Code, rec.Body.String())
		}
		m := firstVendor.FindStringSubmatch(rec.Body.String())
		if m == nil {
			t.Fatalf("no ranking in the fragment:\n%s", rec.Body.String())
		}
		return m[1]
	}
	if cheap, good := rank("100", "0"), rank("0", "100"); cheap != "Budget Dialers" || good != "Premium Phones" {
		t.Fatalf("first by cost %q, by quality %q", cheap, good)
	}

	// Without JavaScript the Re-rank button posts the sliders and gets the
	// whole page back, ranked by them.
	noJS := f.do("advisor", http.MethodPost, "/desk/intakes/"+id+"/rank", url.Values{"cost": {"100"}, "quality": {"0"},
		"capacity": {"0"}, "experience": {"0"}, "readiness": {"0"}, "method": {"saw"}, "limit": {"10"}}).Body.String()
	if m := firstVendor.FindStringSubmatch(noJS); m == nil || m[1] != "Budget Dialers" || !strings.Contains(noJS, `id="w-cost" name="cost" min="0" max="100" step="1" value="100"`) {
		t.Fatalf("re-rank without JavaScript:\n%s", noJS)
	}

	weights := url.Values{"cost": {"0"}, "quality": {"100"}, "capacity": {"0"}, "experience": {"0"}, "readiness": {"0"}, "method": {"saw"}, "limit": {"10"}}
	rec = f.do("advisor", http.MethodPost, "/desk/intakes/"+id+"/shortlists", weights)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", rec.Code, rec.Body.String())
	}
	body = f.do("advisor", http.MethodGet, rec.Header().Get("Location"), nil).Body.String()
	shortlistID := between(body, `action="/desk/shortlists/`, `/share"`)
	if shortlistID == "" || !strings.Contains(body, "Shortlist saved as a new version.") {
		t.Fatalf("no share form after saving:\n%s", body)
	}
	drop := url.Values{"type": {"drop"}, "vendor_id": {f.byName["Budget Dialers"].ID}, "reason": {"Lost a client's data in 2024"}, "intake_id": {id}}
	if rec := f.do("advisor", http.MethodPost, "/desk/shortlists/"+shortlistID+"/events", drop); rec.Code != http.StatusSeeOther {
		t.Fatalf("drop: %d\n%s", rec.Code, rec.Body.String())
	}
	if rec := f.do("advisor", http.MethodPost, "/desk/shortlists/"+shortlistID+"/share", url.Values{"intake_id": {id}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("share: %d\n%s", rec.Code, rec.Body.String())
	}

	status := f.do("", http.MethodGet, "/status/"+id+"?token="+url.QueryEscape(token), nil).Body.String()
	if !strings.Contains(status, "Premium Phones") || !strings.Contains(status, "Your short list") {
		t.Fatalf("the campaign does not see the shared list:\n%s", status)
	}
	if strings.Contains(status, "Budget Dialers") || strings.Contains(status, "Lost a client") || strings.Contains(status, "Red State") {
		t.Error("the campaign sees a dropped or excluded vendor, or a drop reason")
	}

	engage := url.Values{"vendor_id": {f.byName["Premium Phones"].ID}, "contract_value": {"$42,000"}}
	if rec := f.do("advisor", http.MethodPost, "/desk/intakes/"+id+"/engagements", engage); rec.Code != http.StatusSeeOther {
		t.Fatalf("engage: %d\n%s", rec.Code, rec.Body.String())
	}
	if body := f.do("advisor", http.MethodGet, "/desk/intakes/"+id, nil).Body.String(); !strings.Contains(body, "Engaged Premium Phones for $42,000") {
		t.Error("the engagement is not shown")
	}
}

// A vendor named like a script stays text everywhere it is shown.
func TestVendorNamesAreEscaped(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	id, _ := f.newIntake()
	xss := f.byName[xssName]
	for _, path := range []string{"/desk/intakes/" + id, "/desk/vendors", "/desk/vendors/" + xss.ID, "/desk/vendors/" + xss.ID + "/edit"} {
		body := f.do("advisor", http.MethodGet, path, nil).Body.String()
		if strings.Contains(body, "<script>alert(1)</script>") {
			t.Errorf("%s renders the name as markup", path)
		}
		if !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("%s does not show the name as text", path)
		}
	}
}

// No page carries inline script or style, which the CSP would block.
func TestNoInlineScriptOrStyle(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	id, token := f.newIntake()
	inlineScript := regexp.MustCompile(`<script(?:\s[^>]*)?>`)
	for role, paths := range map[string][]string{
		"":        {"/", "/consult", "/login", "/status/" + id + "?token=" + url.QueryEscape(token)},
		"advisor": {"/desk", "/desk/intakes/" + id, "/desk/vendors", "/desk/certifications", "/desk/mail", "/desk/vendors/" + f.vendorUser.ID + "/edit", "/desk/capacity", "/desk/intakes/" + id + "/plan", "/desk/vendors/" + f.vendorUser.ID},
		"vendor":  {"/portal"},
	} {
		for _, p := range paths {
			body := f.do(role, http.MethodGet, p, nil).Body.String()
			for _, tag := range inlineScript.FindAllString(body, -1) {
				if !strings.Contains(tag, "src=") {
					t.Errorf("%s has an inline script: %s", p, tag)
				}
			}
			if strings.Contains(body, " style=") || strings.Contains(body, "<style") || strings.Contains(body, " onclick=") {
				t.Errorf("%s has inline style or handlers", p)
			}
		}
	}
}
