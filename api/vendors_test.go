package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"callmatch/api"
	"callmatch/catalog"
)

func TestVendorBadInputWritesNothing(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name       string
		body       string
		status     int
		code       string
		wantInBody string
	}{
		{"malformed", `{"name": "X",}`, 400, "invalid", "line 1, column"},
		{"unknown field", `{"name": "X", "referral_fee_bps": 500}`, 422, "invalid", "referral_fee_bps"},
		{"wrong type", `{"name": "X", "union_shop": "yes"}`, 422, "invalid", "union_shop"},
		{"unknown code lists allowed values", `{"name": "X", "serves": ["green"], "capacity": {"hours_per_day": 8}}`, 422, "invalid", "democratic, republican, independent, nonpartisan"},
		{"too large", `{"name": "` + strings.Repeat("x", 1<<20) + `"}`, 413, "too_large", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := f.do("advisor", http.MethodPost, "/api/v1/vendors", tt.body)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body.String())
			}
			e := decode[api.ErrorBody](t, rec)
			if e.Error.Code != tt.code || !strings.Contains(rec.Body.String(), tt.wantInBody) {
				t.Errorf("error %+v does not say %q", e.Error, tt.wantInBody)
			}
		})
	}
	_, total, err := f.vendors.FindVendors(context.Background(), catalog.VendorFilter{Page: 1, PerPage: 10})
	if err != nil || total != 2 {
		t.Fatalf("after bad requests there are %d vendors (err %v), want the 2 from the fixture", total, err)
	}
}

func TestVendorPatch(t *testing.T) {
	f := newFixture(t)
	path := "/api/v1/vendors/" + f.vendorA.ID

	rec := f.do("vendor_own", http.MethodPatch, path, `{"languages": [{"code": "en", "seats": 100}, {"code": "es", "seats": 55}]}`)
	if rec.Code != 200 {
		t.Fatalf("patch languages: %d %s", rec.Code, rec.Body.String())
	}
	v := decode[catalog.Vendor](t, rec)
	if v.SeatsIn("es") != 55 || v.Name != f.vendorA.Name || len(v.Rates) != 1 || v.Capacity.HoursPerDay != 8 {
		t.Fatalf("patch changed more or less than asked: %+v", v)
	}

	rec = f.do("vendor_own", http.MethodPatch, path, `{"status": "suspended"}`)
	if rec.Code != http.StatusForbidden {
		t.Fatalf("vendor user setting status: %d, want 403", rec.Code)
	}
	rec = f.do("advisor", http.MethodPatch, path, `{"status": "suspended"}`)
	if rec.Code != 200 || decode[catalog.Vendor](t, rec).Status != "suspended" {
		t.Fatalf("advisor setting status: %d %s", rec.Code, rec.Body.String())
	}

	rec = f.do("vendor_own", http.MethodPatch, path, `{"languages": [{"code": "spanish", "seats": 5}]}`)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "languages[0].code") {
		t.Fatalf("bad language code: %d %s", rec.Code, rec.Body.String())
	}
	got, _ := f.vendors.FindVendorByID(context.Background(), f.vendorA.ID)
	if got.SeatsIn("es") != 55 {
		t.Fatalf("a rejected patch changed the vendor: es seats %d", got.SeatsIn("es"))
	}

	entries, err := f.db.AuditFor(context.Background(), "vendor", f.vendorA.ID)
	if err != nil {
		t.Fatal(err)
	}
	var updates int
	for _, e := range entries {
		if e.Action == "vendor.update" {
			updates++
			if e.RequestID == "" || !strings.HasPrefix(e.Actor, "user:") {
				t.Errorf("audit entry without request id or user: %+v", e)
			}
		}
	}
	if updates != 2 {
		t.Errorf("%d vendor.update audit entries, want 2 (the rejected patch writes none)", updates)
	}
}

// A vendor user keeps its own experience and labor declaration current;
// every answer shows them, and bad values are refused naming the field and
// what it allows, changing nothing.
func TestVendorPatchExperienceAndLabor(t *testing.T) {
	f := newFixture(t)
	path := "/api/v1/vendors/" + f.vendorA.ID

	rec := f.do("vendor_own", http.MethodGet, path, "")
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"labor":null`) {
		t.Fatalf("a vendor that declared nothing: %d %s", rec.Code, rec.Body.String())
	}
	rec = f.do("vendor_own", http.MethodPatch, path, `{"issue_experience": ["healthcare", "economy"], "audience_experience": ["seniors"],
		"labor": {"agent_wage_floor_cents": 1750, "employment": "employed", "benefits": true}}`)
	if rec.Code != 200 {
		t.Fatalf("patch: %d %s", rec.Code, rec.Body.String())
	}
	v := decode[api.Vendor](t, rec)
	if strings.Join(v.IssueExperience, ",") != "healthcare,economy" || strings.Join(v.AudienceExperience, ",") != "seniors" ||
		v.Labor == nil || *v.Labor != (api.Labor{AgentWageFloorCents: 1750, Employment: "employed", Benefits: true}) {
		t.Fatalf("patched vendor: %+v", v)
	}

	for _, c := range []struct{ body, field, want string }{
		{`{"issue_experience": ["crime"]}`, "issue_experience[0]", "must be one of economy, healthcare, education"},
		{`{"audience_experience": ["seniors", "seniors"]}`, "audience_experience[1]", "seniors is listed twice"},
		{`{"labor": {"agent_wage_floor_cents": 25000, "employment": "employed", "benefits": false}}`,
			"labor.agent_wage_floor_cents", "must be between 0 and 20000 cents an hour"},
		{`{"labor": {"agent_wage_floor_cents": -100, "employment": "employed", "benefits": false}}`,
			"labor.agent_wage_floor_cents", "must be between 0 and 20000"},
		{`{"labor": {"agent_wage_floor_cents": 1500, "employment": "volunteer", "benefits": false}}`,
			"labor.employment", "must be one of employed, contracted, mixed"},
	} {
		rec := f.do("vendor_own", http.MethodPatch, path, c.body)
		e := decode[api.ErrorBody](t, rec)
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(e.Error.Fields[c.field], c.want) {
			t.Errorf("%s: %d %s, want 422 with %s: %s", c.body, rec.Code, rec.Body.String(), c.field, c.want)
		}
	}
	got, _ := f.vendors.FindVendorByID(context.Background(), f.vendorA.ID)
	if got.Labor == nil || got.Labor.AgentWageFloorCents != 1750 || len(got.IssueExperience) != 2 {
		t.Fatalf("a refused patch changed the vendor: %+v %v", got.Labor, got.IssueExperience)
	}

	rec = f.do("advisor", http.MethodGet, "/api/v1/vendors?issue_area=healthcare&audience=seniors", "")
	if list := decode[api.VendorList](t, rec); rec.Code != 200 || list.Total != 1 || list.Vendors[0].ID != f.vendorA.ID {
		t.Errorf("list by experience: %d %s", rec.Code, rec.Body.String())
	}

	rec = f.do("vendor_own", http.MethodPatch, path, `{"labor": {}}`)
	if rec.Code != 200 || decode[api.Vendor](t, rec).Labor != nil {
		t.Fatalf("withdrawing the declaration: %d %s", rec.Code, rec.Body.String())
	}
}

func TestCertificationLifecycle(t *testing.T) {
	f := newFixture(t)
	rec := f.do("vendor_own", http.MethodPost, "/api/v1/vendors/"+f.vendorA.ID+"/certifications",
		`{"kind": "pci_dss", "issued_on": "2026-05-01", "expires_on": "2027-05-01"}`)
	if rec.Code != http.StatusCreated {
		t.Fatalf("submit: %d %s", rec.Code, rec.Body.String())
	}
	cert := decode[catalog.Certification](t, rec)
	if cert.Status != "pending" {
		t.Fatalf("a vendor's submission is %q, want pending", cert.Status)
	}
	verify := "/api/v1/certifications/" + cert.ID + "/verify"
	if rec := f.do("advisor", http.MethodPost, verify, `{"status": "rejected"}`); rec.Code != 422 || !strings.Contains(rec.Body.String(), "reason") {
		t.Fatalf("reject without reason: %d %s", rec.Code, rec.Body.String())
	}
	if rec := f.do("advisor", http.MethodPost, verify, `{"status": "verified"}`); rec.Code != 200 {
		t.Fatalf("verify: %d %s", rec.Code, rec.Body.String())
	}
	if rec := f.do("admin", http.MethodPost, verify, `{"status": "rejected", "reason": "forged"}`); rec.Code != http.StatusConflict || !strings.Contains(rec.Body.String(), "verified") {
		t.Fatalf("deciding twice: %d %s, want 409 naming the current status", rec.Code, rec.Body.String())
	}
}

func TestAPITokenAuthenticates(t *testing.T) {
	f := newFixture(t)
	rec := f.do("advisor", http.MethodPost, "/api/v1/tokens", `{"name": "spreadsheet export"}`)
	if rec.Code != http.StatusCreated {
		t.Fatalf("issue token: %d %s", rec.Code, rec.Body.String())
	}
	token := decode[api.TokenResponse](t, rec).Token
	req, _ := http.NewRequest(http.MethodGet, "/api/v1/vendors", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	w := newRecorder()
	f.srv.ServeHTTP(w, req)
	if w.Code != 200 {
		t.Fatalf("bearer token: %d %s", w.Code, w.Body.String())
	}
	req.Header.Set("Authorization", "Bearer "+token+"x")
	w = newRecorder()
	f.srv.ServeHTTP(w, req)
	if w.Code != http.StatusUnauthorized {
		t.Fatalf("tampered bearer token: %d, want 401", w.Code)
	}
}

func TestCrossSiteWriteRefused(t *testing.T) {
	f := newFixture(t)
	req, _ := http.NewRequest(http.MethodPatch, "/api/v1/vendors/"+f.vendorA.ID, strings.NewReader(`{"description": "pwned"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Origin", "https://evil.example")
	req.AddCookie(&http.Cookie{Name: "callmatch_session", Value: f.cookies["advisor"]})
	w := newRecorder()
	f.srv.ServeHTTP(w, req)
	if w.Code != http.StatusForbidden {
		t.Fatalf("cross-site PATCH: %d, want 403", w.Code)
	}
	got, _ := f.vendors.FindVendorByID(context.Background(), f.vendorA.ID)
	if got.Description == "pwned" {
		t.Fatal("a cross-site write changed the vendor")
	}
}

func TestLoginSetsHttpOnlyCookie(t *testing.T) {
	f := newFixture(t)
	rec := f.do("anonymous", http.MethodPost, "/api/v1/auth/login", `{"email": "advisor@example.org", "password": "`+password+`"}`)
	if rec.Code != 200 {
		t.Fatalf("login: %d %s", rec.Code, rec.Body.String())
	}
	c := rec.Result().Cookies()
	if len(c) != 1 || c[0].Name != "callmatch_session" || !c[0].HttpOnly || c[0].SameSite != http.SameSiteLaxMode {
		t.Fatalf("session cookie = %+v", c)
	}
	for i := 0; i < 5; i++ {
		f.do("anonymous", http.MethodPost, "/api/v1/auth/login", `{"email": "advisor@example.org", "password": "not the password"}`)
	}
	rec = f.do("anonymous", http.MethodPost, "/api/v1/auth/login", `{"email": "advisor@example.org", "password": "`+password+`"}`)
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" {
		t.Fatalf("after 5 failures: %d (Retry-After %q), want 429 with Retry-After", rec.Code, rec.Header().Get("Retry-After"))
	}
}
