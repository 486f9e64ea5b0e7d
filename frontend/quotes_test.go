package frontend_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"callmatch"
	"callmatch/account"
	"callmatch/intake"
	"callmatch/matching"
	"callmatch/quote"
)

// shortlisted submits the test form and saves a shortlist of it, as an
// advisor would before inviting vendors to quote. It returns the intake,
// its private link token and the shortlist.
func (f *fixture) shortlisted(form url.Values) (id, token, shortlistID string) {
	f.t.Helper()
	rec := f.do("", http.MethodPost, "/consult", form)
	link := strings.ReplaceAll(between(rec.Body.String(), `id="status-link" href="`, `"`), "&amp;", "&")
	u, err := url.Parse(link)
	if rec.Code != http.StatusOK || err != nil || !strings.HasPrefix(u.Path, "/status/") {
		f.t.Fatalf("submit: %d, link %q\n%s", rec.Code, link, rec.Body.String())
	}
	id, token = strings.TrimPrefix(u.Path, "/status/"), u.Query().Get("token")
	sl, err := f.intakes.GenerateShortlist(f.advisorCtx(), id, intake.GenerateOptions{Limit: 10, Method: matching.MethodSAW})
	if err != nil {
		f.t.Fatal(err)
	}
	return id, token, sl.ID
}

// invitationOf is the vendor's invitation on the intake.
func (f *fixture) invitationOf(intakeID, vendorID string) *quote.Invitation {
	f.t.Helper()
	invs, err := f.quotes.Invitations(f.advisorCtx(), quote.Filter{IntakeID: intakeID, VendorID: vendorID})
	if err != nil || len(invs) != 1 {
		f.t.Fatalf("invitation of %s on %s: %v (%d found)", vendorID, intakeID, err, len(invs))
	}
	return invs[0]
}

var dueInput = time.Now().UTC().Add(72 * time.Hour).Format("2006-01-02T15:04")

// TestQuotePages goes through issue 15 on the pages without a browser:
// the advisor invites from the shortlist (a vendor not on it is refused
// naming it), the vendor sees the program and nothing of the campaign's
// contact or name, its mistakes come back at the quote form with 422, its
// quote shows beside the estimate with the gap flagged, another vendor's
// invitation is not found, a second decline is 409, the released quote
// reaches the campaign in Spanish, and "Talk to this vendor" says so.
func TestQuotePages(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	id, token, slID := f.shortlisted(submitForm())
	middle, budget, red := f.byName["Middle Call Co"].ID, f.byName["Budget Dialers"].ID, f.byName["Red State Dialing"].ID

	desk := f.do("advisor", http.MethodGet, "/desk/intakes/"+id, nil).Body.String()
	if !strings.Contains(desk, `action="/desk/shortlists/`+slID+`/invitations"`) || !strings.Contains(desk, `value="`+middle+`"`) {
		t.Fatalf("the intake page offers no invitation from the shortlist:\n%s", between(desk, `id="quotes"`, "</section>"))
	}
	invite := func(vendors ...string) *http.Response {
		return f.do("advisor", http.MethodPost, "/desk/shortlists/"+slID+"/invitations",
			url.Values{"intake_id": {id}, "vendor_ids": vendors, "due_at": {dueInput}}).Result()
	}
	if res := invite(middle, red); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("inviting a vendor the engine excluded: %d, want 422", res.StatusCode)
	}
	if res := invite(middle, budget); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("invite: %d", res.StatusCode)
	}
	inv := f.invitationOf(id, middle)

	opp := f.do("vendor", http.MethodGet, "/portal/opportunities", nil).Body.String()
	if !strings.Contains(opp, `data-invitation="`+inv.ID+`"`) || strings.Contains(opp, f.invitationOf(id, budget).ID) {
		t.Fatalf("the vendor's Opportunities do not list its own invitation alone:\n%s", between(opp, "<main", "</main>"))
	}
	page := f.do("vendor", http.MethodGet, "/portal/invitations/"+inv.ID, nil).Body.String()
	for _, want := range []string{"GOTV", "TX", "20,000 records", "Spanish 30%", "quote-form", `name="seats.2027-09-20.es"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the invitation lacks %q", want)
		}
	}
	// The campaign did not tick "share our name": nothing of it shows.
	for _, never := range []string{"Garcia", "ana@", "555 0100"} {
		if strings.Contains(page, never) {
			t.Errorf("the vendor's invitation shows %q", never)
		}
	}

	quoteForm := url.Values{"total": {"0"}, "start_date": {"2027-09-20"}, "valid_until": {"2020-01-01"}, "note": {"Bilingual floor."},
		"seats.2027-09-20.en": {"12"}, "seats.2027-09-20.es": {"-2"}}
	rec := f.do("vendor", http.MethodPost, "/portal/invitations/"+inv.ID+"/quote", quoteForm)
	problems := between(rec.Body.String(), `role="alert"`, "</div>")
	for _, want := range []string{"Total:", "Valid until:", "Seats in Spanish, week of Sep 20, 2027:"} {
		if !strings.Contains(problems, want) {
			t.Errorf("a bad quote's problems lack %q: %s", want, problems)
		}
	}
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `value="Bilingual floor."`) && !strings.Contains(rec.Body.String(), ">Bilingual floor.<") {
		t.Fatalf("a bad quote: %d, or the form came back empty", rec.Code)
	}
	quoteForm.Set("total", "$150,000")
	quoteForm.Set("valid_until", "2027-09-01")
	quoteForm.Set("seats.2027-09-20.es", "4")
	if rec := f.do("vendor", http.MethodPost, "/portal/invitations/"+inv.ID+"/quote", quoteForm); rec.Code != http.StatusSeeOther {
		t.Fatalf("quote: %d\n%s", rec.Code, between(rec.Body.String(), `role="alert"`, "</div>"))
	}
	if page := f.do("vendor", http.MethodGet, "/portal/invitations/"+inv.ID+"?done=quoted", nil).Body.String(); !strings.Contains(page, "Your quote, version 1") {
		t.Error("the invitation does not show the quote sent")
	}
	// The quote's seats are held on the peak-season board, once the
	// snapshot has them (the server refreshes it on the database's
	// notification, which this fixture does not listen for).
	if err := f.watcher.Refresh(f.ctx); err != nil {
		t.Fatal(err)
	}
	board := f.do("advisor", http.MethodGet, "/desk/capacity", nil).Body.String()
	if cell := between(board, `data-week="2027-09-20" data-lang="es"`, "</td>"); !strings.Contains(cell, `data-held="4.0"`) {
		t.Errorf("the board's Spanish cell of the week of Sep 20 shows no hold: %s", cell)
	}
	// Another vendor's invitation does not exist for this one, to read or
	// to answer.
	other := f.invitationOf(id, budget).ID
	for _, rec := range []*http.Response{f.do("vendor", http.MethodGet, "/portal/invitations/"+other, nil).Result(),
		f.do("vendor", http.MethodPost, "/portal/invitations/"+other+"/decline", url.Values{"reason": {"price"}}).Result()} {
		if rec.StatusCode != http.StatusNotFound {
			t.Errorf("another vendor's invitation: %d, want 404", rec.StatusCode)
		}
	}

	desk = f.do("advisor", http.MethodGet, "/desk/intakes/"+id, nil).Body.String()
	row := between(desk, `<tr data-vendor="`+middle+`" data-state="quoted">`, "</tr>")
	if !strings.Contains(row, "$150,000") || !strings.Contains(row, `data-flagged="true"`) || !strings.Contains(row, "more than 20% off") ||
		!strings.Contains(row, "Spanish: 0.0 of") {
		t.Errorf("the comparison row lacks the quote, the flagged gap or the short Spanish weeks:\n%s", row)
	}
	q := f.invitationOf(id, middle).Quote
	if rec := f.do("advisor", http.MethodPost, "/desk/intakes/"+id+"/quotes/release", url.Values{"quote_ids": {q.ID}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("release: %d", rec.Code)
	}

	status := "/status/" + id + "?token=" + url.QueryEscape(token)
	es := f.do("", http.MethodGet, status+"&lang=es", nil).Body.String()
	for _, want := range []string{"Cotizaciones de proveedores", "Middle Call Co", "$150,000", "Hablar con este proveedor", "Semana del"} {
		if !strings.Contains(es, want) {
			t.Errorf("the Spanish status page lacks %q", want)
		}
	}
	if strings.Contains(es, "Budget Dialers</h3>") {
		t.Error("an unreleased invitation shows on the status page")
	}
	rec = f.do("", http.MethodPost, "/status/"+id+"/talk", url.Values{"token": {token}, "quote_id": {q.ID}})
	if rec.Code != http.StatusSeeOther || !strings.Contains(rec.Header().Get("Location"), "done=talk") {
		t.Fatalf("talk: %d %s", rec.Code, rec.Header().Get("Location"))
	}
	if rec := f.do("", http.MethodPost, "/status/"+id+"/talk", url.Values{"token": {"wrong"}, "quote_id": {q.ID}}); rec.Code != http.StatusNotFound {
		t.Errorf("talk with a wrong token: %d, want 404", rec.Code)
	}

	// Declining twice: the second is refused with 409 on the page.
	f.cookies["budget"] = f.vendorSession(budget)
	if rec := f.do("budget", http.MethodPost, "/portal/invitations/"+other+"/decline", url.Values{"reason": {"no_capacity"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("decline: %d", rec.Code)
	}
	if rec := f.do("budget", http.MethodPost, "/portal/invitations/"+other+"/decline", url.Values{"reason": {"price"}}); rec.Code != http.StatusConflict ||
		!strings.Contains(rec.Body.String(), "declined already") {
		t.Errorf("declining again: %d", rec.Code)
	}
	desk = f.do("advisor", http.MethodGet, "/desk/intakes/"+id, nil).Body.String()
	if !strings.Contains(between(desk, `<tr data-vendor="`+budget+`" data-state="declined">`, "</tr>"), "no capacity") {
		t.Error("the desk does not show the decline reason")
	}
}

// vendorSession signs in a new user of vendor and returns its session.
func (f *fixture) vendorSession(vendorID string) string {
	f.t.Helper()
	email := "user-" + vendorID + "@vendors.example.org"
	f.vendorUserFor(vendorID, email)
	_, token, _, err := f.auth.Login(f.ctx, email, password, "192.0.2.1")
	if err != nil {
		f.t.Fatal(err)
	}
	return token
}

// vendorUserFor makes a user of vendor with the test password.
func (f *fixture) vendorUserFor(vendorID, email string) {
	f.t.Helper()
	hash, err := account.HashPassword(password)
	if err != nil {
		f.t.Fatal(err)
	}
	u := &account.User{Email: email, Role: callmatch.RoleVendor, VendorID: vendorID, PasswordHash: hash}
	if err := f.accounts.CreateUser(f.ctx, u); err != nil {
		f.t.Fatal(err)
	}
}

// The consultation form asks, unticked, whether invited vendors may see
// the campaign's name (in English and Spanish); ticked, the vendor's
// invitation names the campaign, and still shows no contact details.
func TestShareNameWithVendors(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	for lang, words := range map[string]string{"en": "Share our campaign", "es": "Compartir el nombre de nuestra campaña"} {
		page := f.do("", http.MethodGet, "/consult?lang="+lang, nil).Body.String()
		box := between(page, `name="campaign.share_name_with_vendors"`, ">")
		if !strings.Contains(page, words) || box == "" || strings.Contains(box, "checked") {
			t.Errorf("%s: the name-sharing box is missing, unlabelled or ticked by default: %q", lang, box)
		}
	}
	form := submitForm()
	form.Set("campaign.share_name_with_vendors", "on")
	form.Set("key", "share-name-key")
	id, _, slID := f.shortlisted(form)
	middle := f.byName["Middle Call Co"].ID
	if rec := f.do("advisor", http.MethodPost, "/desk/shortlists/"+slID+"/invitations",
		url.Values{"intake_id": {id}, "vendor_ids": {middle}, "due_at": {dueInput}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("invite: %d", rec.Code)
	}
	page := f.do("vendor", http.MethodGet, "/portal/invitations/"+f.invitationOf(id, middle).ID, nil).Body.String()
	if !strings.Contains(between(page, "<h1>", "</h1>"), "Garcia for Congress") || strings.Contains(page, "ana@") || strings.Contains(page, "Ana Garcia") {
		t.Errorf("with consent the invitation's heading is %q (and must show no contact)", between(page, "<h1>", "</h1>"))
	}
}
