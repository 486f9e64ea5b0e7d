package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"callmatch/catalog"
)

// A vendor's metrics, their verification and its slug are the
// marketplace's word, not the vendor's: a vendor user raising its own
// figures (or marking them verified) would climb the ranking and lose the
// "self-reported" warning. Staff still set them.
func TestVendorUserCannotSetStaffOnlyFields(t *testing.T) {
	f := newFixture(t)
	path := "/api/v1/vendors/" + f.vendorA.ID
	for _, body := range []string{
		`{"metrics": {"contact_rate": 0.4, "qa_score": 1, "verified": true}}`,
		`{"metrics": {"contact_rate": 0.1, "qa_score": 0.9, "verified": false}}`, // unchanged values too: the field is not theirs
		`{"slug": "alpha-number-one"}`,
		`{"name": "Alpha Calls", "slug": "alpha-calls"}`,
	} {
		rec := f.do("vendor_own", http.MethodPatch, path, body)
		if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), `"forbidden"`) {
			t.Errorf("vendor user PATCH %s: %d %s, want 403", body, rec.Code, rec.Body.String())
		}
	}
	got, err := f.vendors.FindVendorByID(context.Background(), f.vendorA.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Metrics != f.vendorA.Metrics || got.Slug != "alpha-calls" {
		t.Fatalf("a refused patch changed the vendor: %+v %q", got.Metrics, got.Slug)
	}

	rec := f.do("advisor", http.MethodPatch, path, `{"slug": "alpha-calls-tx", "metrics": {"contact_rate": 0.2, "qa_score": 0.8, "verified": true}}`)
	if rec.Code != http.StatusOK {
		t.Fatalf("advisor PATCH: %d %s", rec.Code, rec.Body.String())
	}
	v := decode[catalog.Vendor](t, rec)
	if v.Slug != "alpha-calls-tx" || !v.Metrics.Verified || v.Metrics.ContactRate != 0.2 {
		t.Fatalf("advisor PATCH stored %q %+v", v.Slug, v.Metrics)
	}
}

// Invalid UTF-8 in JSON never reaches PostgreSQL as such: the decoder
// replaces it (encoding/json's documented behaviour), and what is stored
// is valid text, never a 500.
func TestVendorInvalidUTF8JSON(t *testing.T) {
	f := newFixture(t)
	rec := f.do("vendor_own", http.MethodPatch, "/api/v1/vendors/"+f.vendorA.ID, "{\"description\": \"Caf\xe9\", \"sites\": [{\"country\": \"US\", \"region\": \"TX\", \"city\": \"\xff\", \"timezone\": \"America/Chicago\", \"seats\": 5}]}")
	if rec.Code >= 500 {
		t.Fatalf("invalid UTF-8 in JSON: %d %s", rec.Code, rec.Body.String())
	}
	got, err := f.vendors.FindVendorByID(context.Background(), f.vendorA.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !utf8.ValidString(got.Description) || !utf8.ValidString(got.Sites[0].City) {
		t.Errorf("stored %q %q", got.Description, got.Sites[0].City)
	}
}
