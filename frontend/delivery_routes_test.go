package frontend_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"callmatch/intake"
)

// The delivery pages by role: a program's page and its forms are the
// portal's (another vendor's engagement is not found, exactly like a
// missing one), the scorecard link is public and an unknown one is not
// found; the desk's intake and vendor pages carry chart and track record.
func TestDeliveryPagesByRole(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	id, token := f.newIntake()
	sl, err := f.intakes.GenerateShortlist(f.advisorCtx(), id, intake.GenerateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.intakes.Share(f.advisorCtx(), sl.ID); err != nil {
		t.Fatal(err)
	}
	// Two vendors' parts of a team plan: a whole-program engagement is an
	// intake's only one.
	other := f.engagePart(id, f.byName["Budget Dialers"].ID, 5_000_000, "en")
	own := f.engagePart(id, f.vendorUser.ID, 7_000_000, "en", "es")
	const missing = "00000000-0000-4000-8000-000000000000"
	row := url.Values{"day": {"2027-09-21"}, "language": {"en"}, "dials": {"100"}, "contacts": {"10"}}
	for _, tc := range []struct {
		role, method, path string
		want               int
	}{
		{"", "GET", "/portal/engagements/" + own.ID, http.StatusSeeOther},
		{"advisor", "GET", "/portal/engagements/" + own.ID, http.StatusForbidden},
		{"vendor", "GET", "/portal/engagements/" + own.ID, http.StatusOK},
		{"vendor", "GET", "/portal/engagements/" + other.ID, http.StatusNotFound},
		{"vendor", "GET", "/portal/engagements/" + missing, http.StatusNotFound},
		{"", "POST", "/portal/engagements/" + own.ID + "/reports", http.StatusSeeOther},
		{"advisor", "POST", "/portal/engagements/" + own.ID + "/reports", http.StatusForbidden},
		{"vendor", "POST", "/portal/engagements/" + other.ID + "/reports", http.StatusNotFound},
		// The program starts in 2027: a day not yet called is refused by field.
		{"vendor", "POST", "/portal/engagements/" + own.ID + "/reports", http.StatusUnprocessableEntity},
		{"", "POST", "/portal/engagements/" + own.ID + "/upload", http.StatusSeeOther},
		{"advisor", "POST", "/portal/engagements/" + own.ID + "/upload", http.StatusForbidden},
		{"", "GET", "/scorecard/not-a-token", http.StatusNotFound},
		{"", "POST", "/scorecard/not-a-token", http.StatusNotFound},
		{"advisor", "GET", "/desk/intakes/" + id, http.StatusOK},
		{"", "GET", "/status/" + id + "?token=" + url.QueryEscape(token), http.StatusOK},
	} {
		var form url.Values
		if tc.method == "POST" {
			form = row
		}
		rec := f.do(tc.role, tc.method, tc.path, form)
		if rec.Code != tc.want {
			t.Errorf("%q %s %s: %d, want %d\n%s", tc.role, tc.method, tc.path, rec.Code, tc.want, rec.Body.String())
			continue
		}
		body := rec.Body.String()
		switch {
		case strings.HasPrefix(tc.path, "/desk/intakes/"), strings.HasPrefix(tc.path, "/status/"):
			if strings.Count(body, `<section class="burnup"`) != 2 {
				t.Errorf("%s shows %d pace charts, want one per engagement", tc.path, strings.Count(body, `<section class="burnup"`))
			}
		case tc.role == "vendor" && tc.method == "GET" && tc.want == http.StatusOK:
			// The form offers the languages the engagement booked.
			if !strings.Contains(body, `<option value="en">`) || !strings.Contains(body, `<option value="es">`) {
				t.Errorf("the one-row form does not offer the program's languages:\n%s", between(body, `id="r-language"`, `</select>`))
			}
		case tc.want == http.StatusUnprocessableEntity:
			if !strings.Contains(body, `<code>day</code>: 2027-09-21 is in the future`) {
				t.Errorf("the refused row does not name its day:\n%s", body)
			}
		}
	}
	// The portal links the vendor's own program, not the other vendor's.
	portal := f.do("vendor", "GET", "/portal", nil).Body.String()
	if !strings.Contains(portal, `href="/portal/engagements/`+own.ID+`"`) || strings.Contains(portal, other.ID) {
		t.Errorf("the portal's programs:\n%s", between(portal, `id="programs"`, `</section>`))
	}
	// The vendor's desk page and portal show its (empty) track record.
	for role, path := range map[string]string{"advisor": "/desk/vendors/" + f.vendorUser.ID, "vendor": "/portal"} {
		if body := f.do(role, "GET", path, nil).Body.String(); !strings.Contains(body, `id="track-none"`) {
			t.Errorf("%s shows no track record", path)
		}
	}
}
