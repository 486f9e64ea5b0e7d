package frontend_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// teamIntake submits a program too big for any one test vendor (each has
// 120 seats; it needs about 162) that two of them can carry together, and
// returns its id.
func (f *fixture) teamIntake() string {
	f.t.Helper()
	form := submitForm()
	form.Set("records", "6,000,000")
	form.Set("budget_dollars", "$2,000,000")
	form.Set("key", "team-form-key")
	rec := f.do("", http.MethodPost, "/consult", form)
	link := between(rec.Body.String(), `id="status-link" href="`, `"`)
	u, err := url.Parse(strings.ReplaceAll(link, "&amp;", "&"))
	if rec.Code != http.StatusOK || err != nil || !strings.HasPrefix(u.Path, "/status/") {
		f.t.Fatalf("submit: %d %q\n%s", rec.Code, link, rec.Body.String())
	}
	return strings.TrimPrefix(u.Path, "/status/")
}

// shareShortlist saves the intake's ranking under weights as a shortlist
// and shares it, as an advisor does on the intake page. A campaign is
// shown a list before anyone is engaged, even one that says no single
// vendor can take its program.
func (f *fixture) shareShortlist(id string, weights url.Values) {
	f.t.Helper()
	rec := f.do("advisor", http.MethodPost, "/desk/intakes/"+id+"/shortlists", weights)
	if rec.Code != http.StatusSeeOther {
		f.t.Fatalf("save: %d\n%s", rec.Code, rec.Body.String())
	}
	body := f.do("advisor", http.MethodGet, rec.Header().Get("Location"), nil).Body.String()
	shortlistID := between(body, `action="/desk/shortlists/`, `/share"`)
	if rec := f.do("advisor", http.MethodPost, "/desk/shortlists/"+shortlistID+"/share", url.Values{"intake_id": {id}}); rec.Code != http.StatusSeeOther {
		f.t.Fatalf("share: %d\n%s", rec.Code, rec.Body.String())
	}
}

var partVendors = regexp.MustCompile(`<section class="card plan-part" aria-labelledby="part-\d+" data-vendor="([^"]+)">`)

// The split view splits a program no single vendor can take between the
// two cheapest vendors, compares it with the budget, and records an
// engagement for one part, which books that part at the vendor: its desk
// page and its portal show the booked weeks, and the board has fewer free
// seats.
func TestSplitAcrossVendors(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	id := f.teamIntake()

	page := f.do("advisor", http.MethodGet, "/desk/intakes/"+id, nil).Body.String()
	if !strings.Contains(page, `hx-get="/desk/intakes/`+id+`/plan" hx-target="#plan">Split across vendors</a>`) {
		t.Fatal("the intake page offers no split")
	}
	rec := f.do("advisor", http.MethodGet, "/desk/intakes/"+id+"/plan", nil, "HX-Request", "true")
	body := rec.Body.String()
	if rec.Code != http.StatusOK || strings.Contains(body, "<html") {
		t.Fatalf("plan fragment: %d\n%s", rec.Code, body)
	}
	parts := partVendors.FindAllStringSubmatch(body, -1)
	budget, middle := f.byName["Budget Dialers"].ID, f.byName["Middle Call Co"].ID
	if len(parts) != 2 || parts[0][1] != budget || parts[1][1] != middle {
		t.Fatalf("parts %v, want Budget Dialers and Middle Call Co\n%s", parts, body)
	}
	for _, want := range []string{`id="plan-feasible"`, `<strong>No single vendor</strong> can take the whole program`,
		`of the $2,000,000 budget`, `<option value="3" selected>3 vendors</option>`, `Record engagement for this part`} {
		if !strings.Contains(body, want) {
			t.Errorf("the split view lacks %q", want)
		}
	}
	// One vendor cannot carry it: the view says what is left uncovered.
	one := f.do("advisor", http.MethodGet, "/desk/intakes/"+id+"/plan?max_vendors=1", nil).Body.String()
	if !strings.Contains(one, `id="plan-infeasible"`) || !strings.Contains(one, `id="unmet-table"`) || !strings.Contains(one, "<html") {
		t.Errorf("a plan of one vendor, as a page of its own, shows no uncovered work:\n%s", one)
	}
	if rec := f.do("advisor", http.MethodGet, "/desk/intakes/"+id+"/plan?max_vendors=9", nil); rec.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(rec.Body.String(), "max_vendors") {
		t.Errorf("max_vendors 9: %d\n%s", rec.Code, rec.Body.String())
	}

	freeBefore := boardFree(t, f, "2027-10-04")
	f.shareShortlist(id, url.Values{"cost": {"50"}, "quality": {"50"}, "capacity": {"0"}, "experience": {"0"}, "readiness": {"0"},
		"method": {"saw"}, "limit": {"10"}})
	engage := url.Values{"vendor_id": {middle}, "max_vendors": {"3"}, "contract_value": {"$250,000"}}
	if rec := f.do("advisor", http.MethodPost, "/desk/intakes/"+id+"/engagements", engage); rec.Code != http.StatusSeeOther {
		t.Fatalf("engage the part: %d\n%s", rec.Code, rec.Body.String())
	}
	if page := f.do("advisor", http.MethodGet, "/desk/intakes/"+id, nil).Body.String(); !strings.Contains(page, "Engaged Middle Call Co for $250,000 on") || !strings.Contains(page, "for its part of a team plan of up to 3 vendors") {
		t.Error("the intake page does not show the part engaged")
	}

	vendorPage := f.do("advisor", http.MethodGet, "/desk/vendors/"+middle, nil).Body.String()
	booked := regexp.MustCompile(`<tr data-week="2027-10-04">.*?<td class="num booked">([0-9.]+)</td>\s*<td class="num free">([0-9.-]+)</td>`).FindStringSubmatch(strings.ReplaceAll(vendorPage, "\n", " "))
	if booked == nil || booked[1] == "0.0" {
		t.Fatalf("the vendor page shows nothing booked in the week of Oct 4:\n%s", vendorPage)
	}
	portal := f.do("vendor", http.MethodGet, "/portal", nil).Body.String()
	if !strings.Contains(portal, `data-intake="`+id+`"`) || strings.Contains(portal, "Garcia") || strings.Contains(portal, "ana@garcia") {
		t.Error("the portal does not list the booked program, or names the campaign")
	}

	if err := f.watcher.Refresh(f.ctx); err != nil {
		t.Fatal(err)
	}
	if after := boardFree(t, f, "2027-10-04"); after >= freeBefore {
		t.Errorf("free seats in the week of Oct 4: %v before the engagement, %v after", freeBefore, after)
	}
}

// boardFree reads the board's free seats of all languages in a week.
func boardFree(t *testing.T, f *fixture, week string) float64 {
	t.Helper()
	body := f.do("advisor", http.MethodGet, "/desk/capacity", nil).Body.String()
	m := regexp.MustCompile(`data-week="` + week + `" data-lang="all" data-level="[a-z]*" data-free="([0-9.]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no board cell for the week of %s", week)
	}
	x, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		t.Fatal(err)
	}
	return x
}
