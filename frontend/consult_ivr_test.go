package frontend_test

import (
	"html"
	"net/http"
	"strings"
	"testing"
)

// Recorded calls to cells without consent are an invalid request (DOMAIN.md
// §4), said at the form in the campaign's language, not an empty shortlist
// later: nothing is stored.
func TestConsultIVRToCellsWithoutConsent(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	for _, tc := range []struct{ lang, want string }{
		{"en", "Recorded (IVR) calls cannot reach cell numbers without consent"},
		{"es", "Las llamadas grabadas (IVR) no pueden llegar a celulares sin consentimiento"},
	} {
		form := submitForm()
		form["services"] = []string{"gotv", "ivr_broadcast"}
		form.Set("requirements.cell_percent", "40")
		rec := f.do("", http.MethodPost, "/consult", form, "Accept-Language", tc.lang)
		if rec.Code != http.StatusUnprocessableEntity {
			t.Fatalf("%s: %d, want 422", tc.lang, rec.Code)
		}
		if body := html.UnescapeString(rec.Body.String()); !strings.Contains(body, tc.want) {
			t.Errorf("%s: the page does not say %q", tc.lang, tc.want)
		}
	}
	if _, total, err := f.intakes.List(f.advisorCtx(), intakeFilter()); err != nil || total != 0 {
		t.Errorf("%d intakes stored (%v), want none", total, err)
	}
}
