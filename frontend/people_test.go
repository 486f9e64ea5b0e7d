package frontend_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"callmatch"
	"callmatch/account"
	"callmatch/mail"
)

// Every new page, per role: desk pages need staff (anonymous visitors are
// sent to sign in), pages opened from mail and /apply are public.
func TestPeoplePagesNeedTheirRoles(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	const anyID = "00000000-0000-4000-8000-000000000000"
	for _, tc := range []struct {
		method, path string
		role         string
		want         int
	}{
		{"GET", "/desk/people", "", http.StatusSeeOther},
		{"GET", "/desk/people", "vendor", http.StatusForbidden},
		{"GET", "/desk/people", "advisor", http.StatusOK},
		{"POST", "/desk/people/invitations", "", http.StatusSeeOther},
		{"POST", "/desk/people/invitations", "vendor", http.StatusForbidden},
		{"POST", "/desk/people/invitations", "advisor", http.StatusUnprocessableEntity}, // the empty form
		{"POST", "/desk/people/invitations/" + anyID + "/revoke", "", http.StatusSeeOther},
		{"POST", "/desk/people/invitations/" + anyID + "/revoke", "vendor", http.StatusForbidden},
		{"POST", "/desk/people/invitations/" + anyID + "/revoke", "advisor", http.StatusNotFound},
		{"POST", "/desk/people/" + anyID + "/disable", "", http.StatusSeeOther},
		{"POST", "/desk/people/" + anyID + "/disable", "vendor", http.StatusForbidden},
		{"POST", "/desk/people/" + anyID + "/disable", "advisor", http.StatusNotFound},
		{"POST", "/desk/people/" + anyID + "/enable", "vendor", http.StatusForbidden},
		{"POST", "/desk/people/" + anyID + "/enable", "advisor", http.StatusNotFound},
		{"GET", "/desk/applications", "", http.StatusSeeOther},
		{"GET", "/desk/applications", "vendor", http.StatusForbidden},
		{"GET", "/desk/applications", "advisor", http.StatusOK},
		{"POST", "/desk/applications/" + anyID + "/approve", "vendor", http.StatusForbidden},
		{"POST", "/desk/applications/" + anyID + "/approve", "advisor", http.StatusNotFound},
		{"POST", "/desk/applications/" + anyID + "/reject", "vendor", http.StatusForbidden},
		{"POST", "/desk/applications/" + anyID + "/reject", "advisor", http.StatusUnprocessableEntity}, // no reason
		{"POST", "/account/password", "", http.StatusSeeOther},
		{"POST", "/account/password", "vendor", http.StatusUnprocessableEntity}, // wrong current password
		{"POST", "/account/reminders", "", http.StatusSeeOther},
		{"POST", "/account/reminders", "vendor", http.StatusSeeOther},
		{"GET", "/apply", "", http.StatusOK},
		{"GET", "/reset", "", http.StatusOK},
		{"POST", "/reset", "", http.StatusOK},
		{"GET", "/reset/not-a-token", "", http.StatusNotFound},
		{"POST", "/reset/not-a-token", "", http.StatusNotFound},
		{"GET", "/invite/not-a-token", "", http.StatusNotFound},
		{"POST", "/invite/not-a-token", "", http.StatusNotFound},
		{"GET", "/unsubscribe/not-a-token", "", http.StatusNotFound},
		{"POST", "/unsubscribe/not-a-token", "", http.StatusNotFound},
	} {
		form := url.Values{"email": {"x@example.org"}, "current_password": {"wrong password"}, "password": {"a long new password"}}
		if tc.method == "GET" {
			form = nil
		}
		rec := f.do(tc.role, tc.method, tc.path, form)
		if rec.Code != tc.want {
			t.Errorf("%q %s %s: %d, want %d", tc.role, tc.method, tc.path, rec.Code, tc.want)
		}
	}
}

// The public application form: a bot filling in the decoy is thanked and
// nothing is stored; a person's mistakes come back named, in Spanish on
// the Spanish page; a good form is stored and shows on the desk.
func TestApplyPage(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	good := url.Values{"company": {"Gulf Coast Calls"}, "contact_name": {"Ana Ruiz"}, "email": {"ana@gulf.example.org"},
		"website": {"gulf.example.org"}, "services": {"gotv", "polling"}, "languages": {"en", "es"}, "states": {"TX"}, "seats": {"30"}}
	bot := url.Values{"homepage": {"http://spam.example"}}
	for k, v := range good {
		bot[k] = v
	}
	if rec := f.do("", http.MethodPost, "/apply", bot); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Thank you") {
		t.Fatalf("a bot's form: %d", rec.Code)
	}
	if rec := f.do("advisor", http.MethodGet, "/desk/applications", nil); strings.Contains(rec.Body.String(), "Gulf Coast Calls") {
		t.Fatal("the bot's application was stored")
	}
	rec := f.do("", http.MethodPost, "/apply?lang=es", url.Values{"company": {"Gulf"}, "seats": {"many"}})
	body := rec.Body.String()
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body, "Puestos (agentes llamando a la vez)") || !strings.Contains(body, `value="Gulf"`) {
		t.Fatalf("a bad form in Spanish: %d\n%s", rec.Code, body)
	}
	if rec := f.do("", http.MethodPost, "/apply", good); rec.Code != http.StatusCreated {
		t.Fatalf("a good form: %d\n%s", rec.Code, rec.Body.String())
	}
	rec = f.do("advisor", http.MethodGet, "/desk/applications", nil)
	if !strings.Contains(rec.Body.String(), "Gulf Coast Calls") || !strings.Contains(rec.Body.String(), "ana@gulf.example.org") {
		t.Fatalf("the desk queue does not show the application:\n%s", rec.Body.String())
	}
}

// An invitation link: the form, a refused short password, the account
// created and signed in, and the used link saying so.
func TestInvitePage(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	r := account.InviteRequest{Email: "new@middle.example.org", Role: callmatch.RoleVendor, VendorID: f.vendorUser.ID, VendorName: f.vendorUser.Name}
	if err := r.Validate(); err != nil {
		t.Fatal(err)
	}
	people := account.NewPeople(f.accounts, f.auth)
	inv, token, hash := people.NewInvitation(r, "test")
	if err := f.accounts.CreateInvitation(f.ctx, inv, hash, mail.Message{}); err != nil {
		t.Fatal(err)
	}
	rec := f.do("", http.MethodGet, "/invite/"+token, nil)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Middle Call Co") || rec.Header().Get("Referrer-Policy") != "no-referrer" {
		t.Fatalf("invite page: %d %v\n%s", rec.Code, rec.Header(), rec.Body.String())
	}
	rec = f.do("", http.MethodPost, "/invite/"+token, url.Values{"name": {"Nia"}, "password": {"short"}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "at least 12 characters") {
		t.Fatalf("a short password: %d\n%s", rec.Code, rec.Body.String())
	}
	rec = f.do("", http.MethodPost, "/invite/"+token, url.Values{"name": {"Nia"}, "password": {"a long enough password"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/portal" || !strings.Contains(rec.Header().Get("Set-Cookie"), "callmatch_session=") {
		t.Fatalf("accepting: %d %v", rec.Code, rec.Header())
	}
	rec = f.do("", http.MethodGet, "/invite/"+token, nil)
	if rec.Code != http.StatusConflict || !strings.Contains(rec.Body.String(), "already used") {
		t.Fatalf("the used link: %d\n%s", rec.Code, rec.Body.String())
	}
	rec = f.do("advisor", http.MethodGet, "/desk/people", nil)
	if !strings.Contains(rec.Body.String(), "new@middle.example.org") || !strings.Contains(rec.Body.String(), "<td>Nia</td>") {
		t.Fatalf("the People page does not list the new user:\n%s", rec.Body.String())
	}
}

// An application approved on the desk mails the applicant an invitation
// in the form's language; a rejected one mails the reason. A double
// click approves once.
func TestApplicationMail(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{mail: true})
	apply := func(company, email string) {
		form := url.Values{"company": {company}, "contact_name": {"Ana Ruiz"}, "email": {email},
			"services": {"gotv"}, "languages": {"es"}, "seats": {"12"}}
		if rec := f.do("", http.MethodPost, "/apply?lang=es", form); rec.Code != http.StatusCreated {
			t.Fatalf("apply: %d\n%s", rec.Code, rec.Body.String())
		}
	}
	apply("Costa Calls", "ana@costa.example.org")
	apply("Bay Dialers", "bo@bay.example.org")
	byCompany := map[string]string{} // company → application id, from the desk's pending queue
	page := f.do("advisor", http.MethodGet, "/desk/applications", nil).Body.String()
	for _, m := range regexp.MustCompile(`data-application="([^"]+)"[^§]*?action="/desk/applications/([0-9a-f-]+)/approve"`).FindAllStringSubmatch(page, -1) {
		byCompany[m[1]] = m[2]
	}
	for range 2 { // a double click
		if rec := f.do("advisor", http.MethodPost, "/desk/applications/"+byCompany["Costa Calls"]+"/approve", url.Values{}); rec.Code != http.StatusSeeOther {
			t.Fatalf("approve: %d\n%s", rec.Code, rec.Body.String())
		}
	}
	if rec := f.do("advisor", http.MethodPost, "/desk/applications/"+byCompany["Bay Dialers"]+"/reject",
		url.Values{"reason": {"Solo listamos centros con sede en EE. UU."}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("reject: %d\n%s", rec.Code, rec.Body.String())
	}
	invite := f.mailLink(t, "ana@costa.example.org", "/invite/")
	msgs, err := f.mailpit.Search(f.ctx, "to:ana@costa.example.org")
	if err != nil || len(msgs) != 1 || !strings.Contains(msgs[0].Subject, "Costa Calls") || !strings.HasPrefix(msgs[0].Subject, "Le invitamos") {
		t.Fatalf("mail to the approved applicant: %+v, %v (want one invitation, in Spanish)", msgs, err)
	}
	if rec := f.do("", http.MethodGet, strings.TrimPrefix(invite, f.server.URL), nil); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Costa Calls") {
		t.Fatalf("the invitation page: %d", rec.Code)
	}
	rejected := f.waitMail(t, "bo@bay.example.org")
	if !strings.Contains(rejected.Text, "Solo listamos centros con sede en EE. UU.") {
		t.Fatalf("the rejection does not give the reason:\n%s", rejected.Text)
	}
}

// A reminder's one-click link: a GET only asks (link scanners follow
// links), the person's POST or a mail client's RFC 8058 one-click POST
// (no cookies, no browser headers) turns reminders off, and the vendor
// sees it, and can undo it, on the account page.
func TestUnsubscribeLink(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	email := "ops@middle.example.org"
	token, hash := account.NewToken()
	if _, err := f.db.SQL().ExecContext(f.ctx, `INSERT INTO opt_out_links (token_hash, email, topic) VALUES ($1, $2, 'reminders')`, hash, email); err != nil {
		t.Fatal(err)
	}
	if rec := f.do("", http.MethodGet, "/unsubscribe/"+token, nil); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Turn reminders off") {
		t.Fatalf("GET: %d\n%s", rec.Code, rec.Body.String())
	}
	if rec := f.do("vendor", http.MethodGet, "/account", nil); !strings.Contains(rec.Body.String(), "<strong>on</strong>") {
		t.Fatal("a GET of the link changed the preference")
	}
	req := httptest.NewRequest(http.MethodPost, "/unsubscribe/"+token, strings.NewReader("List-Unsubscribe=One-Click"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	f.handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Reminders are off") {
		t.Fatalf("one-click POST: %d\n%s", rec.Code, rec.Body.String())
	}
	if rec := f.do("vendor", http.MethodGet, "/account", nil); !strings.Contains(rec.Body.String(), "<strong>off</strong>") {
		t.Fatal("the account page does not show reminders off")
	}
	if rec := f.do("vendor", http.MethodPost, "/account/reminders", url.Values{"reminders": {"on"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("turning reminders on: %d", rec.Code)
	}
	if rec := f.do("vendor", http.MethodGet, "/account", nil); !strings.Contains(rec.Body.String(), "<strong>on</strong>") {
		t.Fatal("the account page does not show reminders on again")
	}
}
