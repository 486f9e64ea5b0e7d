package api_test

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"callmatch/api"
)

// Staff JSON holds campaign data: no cache on the way may keep a copy.
func TestStaffJSONIsNotStored(t *testing.T) {
	f := newFixture(t)
	intakeID, shortlistID := f.newShortlist()
	for _, path := range []string{"/api/v1/intakes", "/api/v1/intakes/" + intakeID, "/api/v1/intakes/" + intakeID + "/contact",
		"/api/v1/shortlists/" + shortlistID, "/api/v1/vendors", "/api/v1/invoices"} {
		rec := f.do("advisor", http.MethodGet, path, "")
		if rec.Code != http.StatusOK || rec.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("GET %s: %d, Cache-Control %q, want 200 and no-store", path, rec.Code, rec.Header().Get("Cache-Control"))
		}
	}
}

// HSTS is sent exactly when the app is served over https.
func TestStrictTransportSecurity(t *testing.T) {
	for _, secure := range []bool{false, true} {
		srv := api.New(api.Config{Logger: slog.New(slog.DiscardHandler), SecureCookies: secure})
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
		got := rec.Header().Get("Strict-Transport-Security")
		if want := map[bool]string{true: "max-age=63072000; includeSubDomains"}[secure]; got != want {
			t.Errorf("secure %v: Strict-Transport-Security %q, want %q", secure, got, want)
		}
	}
}
