package api_test

import (
	"net/http"
	"strings"
	"testing"

	"callmatch/api"
)

// The API refuses more seats in a language than the vendor's sites have,
// as the portal does (the rule is the catalog's), naming the field and
// both numbers; nothing is stored.
func TestVendorPatchRefusesLanguageSeatsBeyondSites(t *testing.T) {
	f := newFixture(t)
	path := "/api/v1/vendors/" + f.vendorA.ID
	rec := f.do("vendor_own", http.MethodPatch, path, `{"languages": [{"code": "en", "seats": 100}, {"code": "es", "seats": 400}]}`)
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("400 Spanish seats on 100: %d %s", rec.Code, rec.Body.String())
	}
	e := decode[api.ErrorBody](t, rec)
	if !strings.Contains(rec.Body.String(), `"languages[1].seats"`) || !strings.Contains(rec.Body.String(), "400 Spanish seats are more than the 100 seats across all sites; give at most 100") {
		t.Errorf("the refusal does not name the field and numbers: %+v", e.Error)
	}
	if got := f.do("vendor_own", http.MethodGet, path, ""); strings.Contains(got.Body.String(), `"seats":400`) {
		t.Error("a refused patch was stored")
	}
}
