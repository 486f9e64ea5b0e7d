package frontend_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// renderedFields are the fields of the profile form that the page fills
// beyond the stored values onePortalForm copies: its version, the sites'
// total it showed, and every week's box as shown.
var renderedFields = regexp.MustCompile(`name="(version|capacity_total|w_\d{4}-\d{2}-\d{2})" value="([^"]*)"`)

// asRendered is form with the fields of the page body set as it rendered
// them, as a browser posts it.
func asRendered(t *testing.T, form url.Values, body string) url.Values {
	t.Helper()
	found := renderedFields.FindAllStringSubmatch(body, -1)
	if len(found) < 3 {
		t.Fatalf("the profile form carries no version, total or weeks:\n%s", between(body, `id="profile-form"`, `<section id="profile"`))
	}
	for _, m := range found {
		form.Set(m[1], m[2])
	}
	return form
}

// A vendor who opened the profile before an advisor edited its sites,
// then saves only a rate, must not revert the advisor's sites: the form
// re-posts every section as it showed them, so the save is refused with
// 409, the vendor's typed rate kept on the page, and nothing stored. The
// same form posted again is refused again; a form opened afterwards saves.
func TestPortalSaveRefusesAFormOpenedBeforeSomeoneElsesSave(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	id := f.vendorUser.ID
	edit := "/desk/vendors/" + id + "/edit"
	stale := asRendered(t, onePortalForm(f, "rates"), f.do("vendor", http.MethodGet, "/portal", nil).Body.String())

	// Meanwhile an advisor moves the floor to Dallas with 150 seats.
	advisor := asRendered(t, onePortalForm(f, "sites"), f.do("advisor", http.MethodGet, edit, nil).Body.String())
	advisor["city"], advisor["seats"] = []string{"Dallas"}, []string{"150"}
	if rec := f.do("advisor", http.MethodPost, edit, advisor); rec.Code != http.StatusSeeOther {
		t.Fatalf("the advisor's save: %d\n%s", rec.Code, between(rec.Body.String(), `id="error-summary"`, `</div>`))
	}

	stale["amount"] = []string{"31.75"}
	for range 2 {
		rec := f.do("vendor", http.MethodPost, "/portal", stale)
		body := rec.Body.String()
		if rec.Code != http.StatusConflict {
			t.Fatalf("the stale save: %d, want 409\n%s", rec.Code, between(body, `id="error-summary"`, `</div>`))
		}
		rates := between(body, `<section id="rates"`, `</section>`)
		for _, want := range []string{"This profile was changed by someone else since you opened it, so nothing was saved.",
			"reload the page to see theirs", `value="31.75"`} {
			if !strings.Contains(rates, want) {
				t.Errorf("the refused page's rates section lacks %q", want)
			}
		}
		if !strings.Contains(body, `name="version" value="`+stale.Get("version")+`"`) {
			t.Error("the refused form no longer carries the version it was opened on, so saving it again would revert the advisor's sites")
		}
		v := f.vendor(id)
		if len(v.Sites) != 1 || v.Sites[0].City != "Dallas" || v.Sites[0].Seats != 150 || v.Rates[0].AmountCents == 3175 {
			t.Fatalf("after the refused save: sites %+v, rates %+v", v.Sites, v.Rates)
		}
	}

	// Reloaded, the form shows the advisor's sites and saves the rate.
	fresh := asRendered(t, onePortalForm(f, "rates"), f.do("vendor", http.MethodGet, "/portal", nil).Body.String())
	fresh["amount"] = []string{"31.75"}
	if rec := f.do("vendor", http.MethodPost, "/portal", fresh); rec.Code != http.StatusSeeOther {
		t.Fatalf("the save after reloading: %d\n%s", rec.Code, between(rec.Body.String(), `id="error-summary"`, `</div>`))
	}
	// The same post again (a double click) changes nothing more: saved.
	if rec := f.do("vendor", http.MethodPost, "/portal", fresh); rec.Code != http.StatusSeeOther {
		t.Errorf("the repeated save: %d, want 303 (nothing more to store)", rec.Code)
	}
	if v := f.vendor(id); v.Sites[0].City != "Dallas" || v.Rates[0].AmountCents != 3175 {
		t.Errorf("after reloading and saving: sites %+v, rates %+v", v.Sites, v.Rates)
	}
}

// The week boxes show the sites' total where a week follows the sites.
// Raising the sites' seats and editing one week in the same save stores
// that week alone: the untouched boxes, still at the total shown, keep
// following the sites rather than freeze at the old total.
func TestPortalWeeksAtTheShownTotalFollowTheSites(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	body := f.do("vendor", http.MethodGet, "/portal", nil).Body.String()
	form := asRendered(t, onePortalForm(f, "capacity"), body)
	if form.Get("capacity_total") != "120" {
		t.Fatalf("the form carries the total %q, want 120", form.Get("capacity_total"))
	}
	var weeks []string
	for k := range form {
		if strings.HasPrefix(k, "w_") {
			weeks = append(weeks, k)
			if form.Get(k) != "120" {
				t.Fatalf("week box %s shows %q, want the sites' 120", k, form.Get(k))
			}
		}
	}
	edited := weeks[0]
	form.Set(edited, "60")
	form["seats"] = []string{"200"}
	if rec := f.do("vendor", http.MethodPost, "/portal", form); rec.Code != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", rec.Code, between(rec.Body.String(), `id="error-summary"`, `</div>`))
	}
	cal := f.vendor(f.vendorUser.ID).Capacity.Calendar
	if len(cal) != 1 || "w_"+cal[0].WeekStart.String() != edited || cal[0].SeatsAvailable != 60 {
		t.Fatalf("stored weeks %+v, want only %s at 60", cal, edited)
	}
	body = f.do("vendor", http.MethodGet, "/portal", nil).Body.String()
	if !strings.Contains(body, `name="`+weeks[1]+`" value="200"`) {
		t.Errorf("an untouched week does not follow the sites' new 200 seats")
	}
}
