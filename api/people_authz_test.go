package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"callmatch"
	"callmatch/account"
	"callmatch/catalog"
)

// Rows of the authorization table for accounts and vendor applications.
// Each call works on fresh objects (an invitation, a user, an
// application), so that one role's call does not change another's answer.
func init() {
	for k, v := range map[string]routeCase{
		"POST /api/v1/auth/password-reset": {path: fixed("/api/v1/auth/password-reset"),
			body: func(*fixture) string { return fmt.Sprintf(`{"email": "nobody-%d@example.org"}`, seq.Add(1)) }, want: all(202)},
		// The current password is wrong: signed-in roles get as far as
		// checking it; a token may not change a password.
		"POST /api/v1/auth/password": {path: fixed("/api/v1/auth/password"),
			body: fixed(`{"current_password": "not the password", "password": "a new long password"}`),
			want: withToken(users(401, 422, 422, 422, 422), 403)},
		"GET /api/v1/people": {path: fixed("/api/v1/people"), want: users(401, 403, 403, 200, 200)},
		"POST /api/v1/people/invitations": {path: fixed("/api/v1/people/invitations"),
			body: func(f *fixture) string {
				return fmt.Sprintf(`{"email": "invitee-%d@example.org", "role": "vendor", "vendor_id": %q}`, seq.Add(1), f.vendorA.ID)
			}, want: withToken(users(401, 403, 403, 201, 201), 403)},
		"DELETE /api/v1/people/invitations/:id": {path: func(f *fixture) string { return "/api/v1/people/invitations/" + f.newInvitation() },
			want: withToken(users(401, 403, 403, 204, 204), 403)},
		"POST /api/v1/people/:id/disable": {path: func(f *fixture) string { return "/api/v1/people/" + f.newVendorUser() + "/disable" },
			want: withToken(users(401, 403, 403, 204, 204), 403)},
		"POST /api/v1/people/:id/enable": {path: func(f *fixture) string { return "/api/v1/people/" + f.newVendorUser() + "/enable" },
			want: withToken(users(401, 403, 403, 204, 204), 403)},
		"POST /api/v1/vendor-applications": {path: fixed("/api/v1/vendor-applications"),
			body: func(*fixture) string { return applicationBody(fmt.Sprintf("applicant-%d@example.org", seq.Add(1))) }, want: all(201)},
		"GET /api/v1/vendor-applications": {path: fixed("/api/v1/vendor-applications"), want: users(401, 403, 403, 200, 200)},
		"POST /api/v1/vendor-applications/:id/approve": {path: func(f *fixture) string { return "/api/v1/vendor-applications/" + f.newApplication() + "/approve" },
			want: withToken(users(401, 403, 403, 200, 200), 403)},
		"POST /api/v1/vendor-applications/:id/reject": {path: func(f *fixture) string { return "/api/v1/vendor-applications/" + f.newApplication() + "/reject" },
			body: fixed(`{"reason": "We list only union shops this cycle."}`), want: withToken(users(401, 403, 403, 200, 200), 403)},
	} {
		authzTable[k] = v
	}
}

func applicationBody(email string) string {
	return fmt.Sprintf(`{"company": "Gulf Coast Calls", "contact_name": "Ana Ruiz", "email": %q, "phone": "713 555 0100",
		"website": "gulfcoast.example.org", "services": ["gotv"], "languages": ["en", "es"], "states": ["TX"], "seats": 30, "lang": "es"}`, email)
}

// newInvitation invites a fresh vendor user as the admin and returns its id.
func (f *fixture) newInvitation() string {
	f.t.Helper()
	body := fmt.Sprintf(`{"email": "revoke-%d@example.org", "role": "vendor", "vendor_id": %q}`, seq.Add(1), f.vendorA.ID)
	rec := f.do("admin", http.MethodPost, "/api/v1/people/invitations", body)
	var inv struct{ ID string }
	if rec.Code != http.StatusCreated || json.Unmarshal(rec.Body.Bytes(), &inv) != nil {
		f.t.Fatalf("invite: %d %s", rec.Code, rec.Body.String())
	}
	return inv.ID
}

// newVendorUser creates a fresh user of vendor A and returns its id.
func (f *fixture) newVendorUser() string {
	f.t.Helper()
	u, err := account.NewUser(fmt.Sprintf("user-%d@alpha.example.org", seq.Add(1)), callmatch.RoleVendor, f.vendorA.ID, password)
	if err != nil {
		f.t.Fatal(err)
	}
	if err := f.auth.Store.CreateUser(context.Background(), u); err != nil {
		f.t.Fatal(err)
	}
	return u.ID
}

// newApplication stores a fresh application past the public limits.
func (f *fixture) newApplication() string {
	f.t.Helper()
	a := &catalog.Application{Company: fmt.Sprintf("Applicant %d", seq.Add(1)), ContactName: "Ana Ruiz",
		Email: fmt.Sprintf("applicant-%d@example.org", seq.Add(1)), Services: []string{"gotv"}, Languages: []string{"en"}, Seats: 10}
	if err := a.Validate(); err != nil {
		f.t.Fatal(err)
	}
	if err := f.app.Applications.Store.CreateApplication(context.Background(), a); err != nil {
		f.t.Fatal(err)
	}
	return a.ID
}
