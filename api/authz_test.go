package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"callmatch"
	"callmatch/account"
	"callmatch/catalog"
)

var roles = []string{"anonymous", "vendor_own", "vendor_other", "advisor", "admin"}

// tokenRole is vendor_own's user calling with a bearer API token instead of
// a session. Rows may give it a status; the account routes must.
const tokenRole = "vendor_own_token"

// withToken adds tokenRole's expected status to a row's statuses.
func withToken(want map[string]int, status int) map[string]int {
	want[tokenRole] = status
	return want
}

// routeCase is one row of the authorization table: how to call a route and
// what each role gets.
type routeCase struct {
	path func(f *fixture) string
	body func(f *fixture) string
	want map[string]int
}

func all(status int) map[string]int {
	return map[string]int{"anonymous": status, "vendor_own": status, "vendor_other": status, "advisor": status, "admin": status}
}

func users(anon, own, other, advisor, admin int) map[string]int {
	return map[string]int{"anonymous": anon, "vendor_own": own, "vendor_other": other, "advisor": advisor, "admin": admin}
}

func fixed(s string) func(*fixture) string { return func(*fixture) string { return s } }

var seq atomic.Int64

// authzTable has a row for every route. TestAuthorizationTable fails when
// a route is registered without one.
var authzTable = map[string]routeCase{
	"GET /healthz":          {path: fixed("/healthz"), want: all(200)},
	"GET /readyz":           {path: fixed("/readyz"), want: all(200)},
	"GET /api/openapi.json": {path: fixed("/api/openapi.json"), want: all(200)},
	"POST /api/v1/auth/login": {path: fixed("/api/v1/auth/login"),
		body: fixed(`{"email": "nobody@example.org", "password": "wrong password, always"}`), want: all(401)},
	"POST /api/v1/auth/logout":     {path: fixed("/api/v1/auth/logout"), want: withToken(all(204), 204)},
	"POST /api/v1/auth/logout-all": {path: fixed("/api/v1/auth/logout-all"), want: withToken(users(401, 204, 204, 204, 204), 204)},
	// A token may not mint tokens; it may list and revoke its user's own.
	"POST /api/v1/tokens": {path: fixed("/api/v1/tokens"), body: fixed(`{"name": "ci"}`),
		want: withToken(users(401, 201, 201, 201, 201), 403)},
	"GET /api/v1/tokens": {path: fixed("/api/v1/tokens"), want: withToken(users(401, 200, 200, 200, 200), 200)},
	// Every call revokes a fresh token of vendor_own's user: only that
	// user finds it.
	"DELETE /api/v1/tokens/:id": {path: func(f *fixture) string { return "/api/v1/tokens/" + f.vendorOwnToken().ID },
		want: withToken(users(401, 204, 404, 404, 404), 204)},
	"POST /api/v1/intakes": {path: fixed("/api/v1/intakes"), body: fixed(intakeBody), want: all(201)},
	// The same answer for everyone and any address (nobody@… has no intake).
	"POST /api/v1/intakes/link": {path: fixed("/api/v1/intakes/link"), body: fixed(`{"email": "nobody@example.org"}`),
		want: withToken(all(202), 202)},
	"GET /api/v1/intakes": {path: fixed("/api/v1/intakes"), want: withToken(users(401, 403, 403, 200, 200), 403)},
	"GET /api/v1/intakes/:id": {path: func(f *fixture) string { id, _ := f.newIntake(); return "/api/v1/intakes/" + id },
		want: users(404, 404, 404, 200, 200)},
	"POST /api/v1/intakes/:id/withdraw": {path: func(f *fixture) string { id, _ := f.newIntake(); return "/api/v1/intakes/" + id + "/withdraw" },
		want: all(404)},
	"GET /api/v1/intakes/:id/contact": {path: intakePath("/contact"), want: users(401, 403, 403, 200, 200)},
	"POST /api/v1/intakes/:id/review": {path: intakePath("/review"), want: users(401, 403, 403, 200, 200)},
	"POST /api/v1/intakes/:id/close":  {path: intakePath("/close"), want: users(401, 403, 403, 409, 409)},
	"POST /api/v1/intakes/:id/erase":  {path: intakePath("/erase"), want: users(401, 403, 403, 200, 200)},
	"POST /api/v1/intakes/:id/shortlists": {path: intakePath("/shortlists"), body: fixed(`{}`),
		want: users(401, 403, 403, 201, 201)},
	"POST /api/v1/intakes/:id/engagements": {path: intakePath("/engagements"),
		body: func(f *fixture) string {
			return `{"vendor_id": "` + f.vendorA.ID + `", "contract_value_cents": 100000}`
		},
		want: users(401, 403, 403, 409, 409)}, // authorized, but nothing is shared yet
	"POST /api/v1/intakes/:id/plans": {path: intakePath("/plans"), body: fixed(`{"max_vendors": 2}`),
		want: users(401, 403, 403, 200, 200)},
	"GET /api/v1/shortlists/:id":         {path: shortlistPath(""), want: users(401, 403, 403, 200, 200)},
	"POST /api/v1/shortlists/:id/events": {path: shortlistPath("/events"), body: fixed(`{"type": "note", "reason": "Call the top two first."}`), want: users(401, 403, 403, 201, 201)},
	"POST /api/v1/shortlists/:id/share":  {path: shortlistPath("/share"), want: users(401, 403, 403, 200, 200)},
	"POST /api/v1/match":                 {path: fixed("/api/v1/match"), body: fixed(whatIf), want: users(401, 403, 403, 200, 200)},
	// This fixture has no search index: staff get through to 503.
	"GET /api/v1/vendors/search": {path: fixed("/api/v1/vendors/search?q=austin"), want: users(401, 403, 403, 503, 503)},
	"GET /api/v1/vendors":        {path: fixed("/api/v1/vendors"), want: withToken(users(401, 200, 200, 200, 200), 200)},
	"POST /api/v1/vendors": {path: fixed("/api/v1/vendors"),
		body: func(*fixture) string {
			return fmt.Sprintf(`{"name": "New Vendor %d", "status": "draft", "capacity": {"hours_per_day": 8, "ramp_up_days": 3, "calendar": []}}`, seq.Add(1))
		},
		want: users(401, 403, 403, 201, 201)},
	"GET /api/v1/vendors/:id": {path: func(f *fixture) string { return "/api/v1/vendors/" + f.vendorA.ID },
		want: users(401, 200, 404, 200, 200)},
	"PATCH /api/v1/vendors/:id": {path: func(f *fixture) string { return "/api/v1/vendors/" + f.vendorA.ID },
		body: fixed(`{"description": "Bilingual floor in Austin."}`), want: users(401, 200, 404, 200, 200)},
	"PUT /api/v1/vendors/:id/capacity": {path: func(f *fixture) string { return "/api/v1/vendors/" + f.vendorA.ID + "/capacity" },
		body: fixed(`{"hours_per_day": 9, "ramp_up_days": 4, "calendar": [{"week_start": "2027-09-06", "seats_available": 80}]}`),
		want: users(401, 200, 404, 200, 200)},
	"POST /api/v1/vendors/:id/certifications": {path: func(f *fixture) string { return "/api/v1/vendors/" + f.vendorA.ID + "/certifications" },
		body: fixed(`{"kind": "pci_dss", "issued_on": "2026-06-01", "expires_on": "2027-06-01"}`), want: users(401, 201, 404, 201, 201)},
	"GET /api/v1/vendors/:id/bookings": {path: func(f *fixture) string { return "/api/v1/vendors/" + f.vendorA.ID + "/bookings" },
		want: withToken(users(401, 200, 404, 200, 200), 200)},
	"POST /api/v1/certifications/:id/verify": {path: func(f *fixture) string { return "/api/v1/certifications/" + f.pendingCertification() + "/verify" },
		body: fixed(`{"status": "verified"}`), want: users(401, 403, 403, 200, 200)},
	"GET /api/v1/invoices": {path: fixed("/api/v1/invoices"), want: users(401, 200, 200, 200, 200)},
	"GET /api/v1/messages": {path: fixed("/api/v1/messages"), want: users(401, 403, 403, 200, 200)},
	// The fixture's program lies in the future, so an authorized report is
	// refused for its day (422): past authorization, nothing stored.
	"POST /api/v1/engagements/:id/reports": {path: engagementPath("/reports"),
		body: fixed(`[{"day": "2027-09-21", "language": "en", "dials": 100, "contacts": 10}]`),
		want: withToken(users(401, 422, 404, 422, 422), 422)},
	"GET /api/v1/engagements/:id/pace": {path: engagementPath("/pace"), want: withToken(users(401, 200, 404, 200, 200), 200)},
	"GET /api/v1/vendors/:id/fee-terms": {path: func(f *fixture) string { return "/api/v1/vendors/" + f.vendorA.ID + "/fee-terms" },
		want: users(401, 403, 403, 403, 200)},
	"PUT /api/v1/vendors/:id/fee-terms": {path: func(f *fixture) string { return "/api/v1/vendors/" + f.vendorA.ID + "/fee-terms" },
		body: fixed(`{"rate_bps": 600, "minimum_cents": 50000, "cap_cents": null}`), want: users(401, 403, 403, 403, 200)},
	// Quotes: the invited vendor (vendor_own) answers; another vendor is
	// told the invitation does not exist; staff may not answer for it.
	"POST /api/v1/shortlists/:id/invitations": {path: shortlistPath("/invitations"),
		body: func(f *fixture) string {
			return `{"vendor_ids": ["` + f.vendorA.ID + `"], "due_at": "2030-01-01T00:00:00Z"}`
		},
		want: users(401, 403, 403, 201, 201)},
	"GET /api/v1/invitations":            {path: fixed("/api/v1/invitations"), want: withToken(users(401, 200, 200, 200, 200), 200)},
	"GET /api/v1/invitations/:id":        {path: invitationPath(""), want: users(401, 200, 404, 200, 200)},
	"GET /api/v1/invitations/:id/quotes": {path: invitationPath("/quotes"), want: users(401, 200, 404, 200, 200)},
	"POST /api/v1/invitations/:id/quote": {path: invitationPath("/quote"), body: fixed(quoteBody),
		want: withToken(users(401, 201, 404, 403, 403), 201)},
	"POST /api/v1/invitations/:id/decline": {path: invitationPath("/decline"), body: fixed(`{"reason": "timing"}`),
		want: users(401, 200, 404, 403, 403)},
	"GET /api/v1/intakes/:id/quotes": {path: intakePath("/quotes"), want: users(401, 403, 403, 200, 200)},
	"POST /api/v1/intakes/:id/quotes/release": {path: quotedIntakePath("/quotes/release"), body: quotedBody,
		want: users(401, 403, 403, 200, 200)},
	// Without the campaign's token only staff get through.
	"GET /api/v1/intakes/:id/released-quotes": {path: intakePath("/released-quotes"), want: users(404, 404, 404, 200, 200)},
	"POST /api/v1/intakes/:id/talks": {path: intakePath("/talks"), body: fixed(`{"quote_id": "00000000-0000-0000-0000-000000000000"}`),
		want: all(404)},
	"POST /api/v1/intakes/:id/messages": {path: intakePath("/messages"),
		body: fixed(`{"key": "api-key-0123456789abcdef", "message": "Can we start earlier?"}`), want: all(404)},
	"GET /api/v1/intakes/:id/messages": {path: intakePath("/messages"), want: users(401, 403, 403, 200, 200)},
	"GET /api/v1/vendors/:id/opportunities": {path: func(f *fixture) string { return "/api/v1/vendors/" + f.vendorA.ID + "/opportunities" },
		want: withToken(users(401, 200, 404, 200, 200), 200)},
	// Signed by Stripe or nothing: no signature is 400 for everyone.
	"POST /webhooks/stripe": {path: fixed("/webhooks/stripe"), body: fixed(`{"id": "evt_1", "type": "invoice.paid"}`), want: all(400)},
}

// intakePath addresses a fresh intake, so that each role meets the same
// state (a review or erasure by one role does not change another's answer).
func intakePath(suffix string) func(*fixture) string {
	return func(f *fixture) string { id, _ := f.newIntake(); return "/api/v1/intakes/" + id + suffix }
}

func shortlistPath(suffix string) func(*fixture) string {
	return func(f *fixture) string { _, id := f.newShortlist(); return "/api/v1/shortlists/" + id + suffix }
}

func (f *fixture) pendingCertification() string {
	f.t.Helper()
	ctx := callmatch.WithActor(context.Background(), callmatch.Actor{System: "test"})
	c, err := f.vendors.AddCertification(ctx, f.vendorA.ID, catalog.Certification{
		Kind: "soc2_type2", Status: catalog.CertPending, IssuedOn: callmatch.MustParseDate("2026-03-01"), ExpiresOn: callmatch.MustParseDate("2027-03-01")})
	if err != nil {
		f.t.Fatal(err)
	}
	return c.ID
}

func TestAuthorizationTable(t *testing.T) {
	f := newFixture(t)
	bearer := f.vendorOwnToken().bearer
	for _, r := range f.apiRoutes() {
		key := r.Method + " " + r.Path
		tc, ok := authzTable[key]
		if !ok {
			t.Errorf("route %s has no row in authzTable: add one with the expected status per role", key)
			continue
		}
		for _, role := range roles {
			want, ok := tc.want[role]
			if !ok {
				t.Errorf("%s: no expected status for role %s", key, role)
				continue
			}
			body := ""
			if tc.body != nil {
				body = tc.body(f)
			}
			rec := f.do(role, r.Method, tc.path(f), body)
			checkStatus(t, key, role, rec, want)
		}
		if want, ok := tc.want[tokenRole]; ok {
			body := ""
			if tc.body != nil {
				body = tc.body(f)
			}
			checkStatus(t, key, tokenRole, f.doBearer(bearer, r.Method, tc.path(f), body), want)
		} else if strings.Contains(key, "/tokens") || strings.Contains(key, "/auth/logout") {
			t.Errorf("%s: no expected status for a token-authenticated request (%s)", key, tokenRole)
		}
		// Logging out as a role ends its session: sign the roles in again so
		// later rows are not run anonymously by accident.
		if strings.HasPrefix(key, "POST /api/v1/auth/logout") {
			f.relogin()
		}
	}
}

// checkStatus also checks that no API answer may be cached: every one can
// hold campaign or account data.
func checkStatus(t *testing.T, key, role string, rec *httptest.ResponseRecorder, want int) {
	t.Helper()
	if rec.Code != want {
		t.Errorf("%s as %s: status %d, want %d; body %s", key, role, rec.Code, want, rec.Body.String())
	}
	if strings.Contains(key, " /api/v1/") && rec.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("%s as %s: Cache-Control %q, want no-store", key, role, rec.Header().Get("Cache-Control"))
	}
}

// issuedToken is an API token issued in a test: its id, and the bearer
// token a client sends.
type issuedToken struct{ ID, bearer string }

// vendorOwnToken issues a fresh API token to vendor_own's user.
func (f *fixture) vendorOwnToken() issuedToken {
	f.t.Helper()
	u, err := f.auth.Store.FindUserByEmail(context.Background(), "ops@alpha.example.org")
	if err != nil {
		f.t.Fatal(err)
	}
	secret, tok, err := f.auth.IssueAPIToken(context.Background(), account.ActorForUser(u, account.CredentialSession, "test"), "authz", 1)
	if err != nil {
		f.t.Fatal(err)
	}
	return issuedToken{ID: tok.ID, bearer: "cmt_" + secret}
}

func (f *fixture) relogin() {
	f.t.Helper()
	emails := map[string]string{"admin": "admin@example.org", "advisor": "advisor@example.org",
		"vendor_own": "ops@alpha.example.org", "vendor_other": "ops@bravo.example.org"}
	for label, email := range emails {
		_, token, _, err := f.auth.Login(context.Background(), email, password, "192.0.2.11")
		if err != nil {
			f.t.Fatal(err)
		}
		f.cookies[label] = token
	}
}

// TestVendorListIsScopedForVendorUsers: a vendor user's list holds its own
// vendor and nothing else.
func TestVendorListIsScopedForVendorUsers(t *testing.T) {
	f := newFixture(t)
	rec := f.do("vendor_own", http.MethodGet, "/api/v1/vendors", "")
	list := decode[struct {
		Vendors []catalog.Vendor `json:"vendors"`
		Total   int              `json:"total"`
	}](t, rec)
	if list.Total != 1 || len(list.Vendors) != 1 || list.Vendors[0].ID != f.vendorA.ID {
		t.Fatalf("vendor user sees %d vendors (total %d), want only its own", len(list.Vendors), list.Total)
	}
	rec = f.do("advisor", http.MethodGet, "/api/v1/vendors", "")
	if got := decode[struct{ Total int }](t, rec).Total; got != 2 {
		t.Fatalf("advisor sees %d vendors, want 2", got)
	}
}

// doBearer sends a request with a bearer API token instead of a session.
func (f *fixture) doBearer(token, method, path, body string) *httptest.ResponseRecorder {
	f.t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	rec := httptest.NewRecorder()
	f.srv.ServeHTTP(rec, req)
	checkAgainstOpenAPI(f.t, req, rec, body)
	return rec
}
