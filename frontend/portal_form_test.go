package frontend_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"callmatch/billing"
	"callmatch/frontend"
	"callmatch/intake"
)

// onePortalForm is the portal's one form as the page posts it: every
// section, the stored values of v except what the caller changes, and the
// section whose Save was pressed.
func onePortalForm(f *fixture, at string) url.Values {
	f.t.Helper()
	v := f.vendor(f.vendorUser.ID)
	form := profileForm(v, v.Description)
	form["section"] = []string{"profile", "sites", "languages", "rates", "capacity"}
	form.Set("at", at)
	for _, s := range v.Sites {
		form.Add("city", s.City)
		form.Add("region", s.Region)
		form.Add("country", s.Country)
		form.Add("timezone", s.Timezone)
		form.Add("seats", strconv.Itoa(s.Seats))
	}
	for _, l := range v.Languages {
		form.Add("lang", l.Code)
		form.Add("lang_seats", strconv.Itoa(l.Seats))
	}
	for _, r := range v.Rates {
		form.Add("service", r.Service)
		form.Add("model", r.Model)
		form.Add("amount", strconv.Itoa(int(r.AmountCents/100)))
		form.Add("minimum", strconv.Itoa(int(r.MinimumCents/100)))
	}
	form.Set("hours_per_day", "8")
	form.Set("ramp_up_days", "3")
	return form
}

// Editing two sections and pressing the Save of one keeps both: the
// portal is one form, and the save returns to the section pressed with
// "Saved." there rather than at the top of the page.
func TestPortalSavesEverySectionWithOneSave(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	form := onePortalForm(f, "rates")
	form.Set("description", "Edited in the profile section.")
	form["service"], form["model"], form["amount"], form["minimum"] = []string{"gotv"}, []string{"per_agent_hour"}, []string{"32/hr"}, []string{"$1,250"}
	rec := f.do("vendor", http.MethodPost, "/portal", form)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/portal?done=saved&at=rates#rates" {
		t.Fatalf("save: %d to %q\n%s", rec.Code, rec.Header().Get("Location"), rec.Body.String())
	}
	v := f.vendor(f.vendorUser.ID)
	if v.Description != "Edited in the profile section." || len(v.Rates) != 1 || v.Rates[0].AmountCents != 3200 || v.Rates[0].MinimumCents != 125_000 {
		t.Fatalf("after one save: %q %+v", v.Description, v.Rates)
	}
	body := f.do("vendor", http.MethodGet, "/portal?done=saved&at=rates", nil).Body.String()
	rates := between(body, `<section id="rates"`, `</section>`)
	if !strings.Contains(rates, `<p class="notice" role="status">Saved.</p>`) || strings.Count(body, "Saved.") != 1 {
		t.Errorf("\"Saved.\" is not in the rates section, once:\n%s", rates)
	}

	// A form naming no section saves nothing and says so.
	rec = f.do("vendor", http.MethodPost, "/portal", url.Values{"name": {"Renamed"}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "names no section of the profile") {
		t.Errorf("a post without sections: %d", rec.Code)
	}
}

// A rate typed the way people write it is read in dollars; one that is
// not is refused at its field, in dollars, with what was typed kept and
// every other section's edits kept on the page too; nothing is stored.
func TestPortalRefusesARateAtItsField(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	before := f.vendor(f.vendorUser.ID)
	form := onePortalForm(f, "rates")
	form.Set("description", "Not saved yet.")
	form["service"], form["model"], form["amount"], form["minimum"] = []string{"gotv", "persuasion"}, []string{"per_agent_hour", "per_agent_hour"}, []string{"32/contact", "thirty"}, []string{"", ""}
	rec := f.do("vendor", http.MethodPost, "/portal", form)
	body := rec.Body.String()
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("bad rates: %d\n%s", rec.Code, body)
	}
	for _, want := range []string{
		`value="32/contact"`, `value="thirty"`, // as typed, not 0
		`id="e-f-rates-0-amount-cents">says per contact, but the pricing is per hour; got &#34;32/contact&#34;</span>`,
		`id="e-f-rates-1-amount-cents">must be an amount in dollars, like 32.50, $1,250 or 32/hr; got &#34;thirty&#34;</span>`,
		`aria-describedby="e-f-rates-0-amount-cents"`,
		`<a href="#f-rates-1-amount-cents">Rate line 2, amount ($): must be an amount in dollars`,
		">Not saved yet.</textarea>",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the refused page lacks %s", want)
		}
	}
	if strings.Contains(between(body, `id="error-summary"`, `</div>`), " cents") {
		t.Error("the problems speak of cents")
	}
	summary := between(body, `<section id="rates"`, `</section>`)
	if !strings.Contains(summary, `id="error-summary"`) {
		t.Error("the problems are not summarised in the rates section, where the Save was pressed")
	}
	if after := f.vendor(f.vendorUser.ID); after.Description != before.Description || len(after.Rates) != len(before.Rates) {
		t.Error("a refused save stored something")
	}
}

// Seats per language cannot exceed the seats across all sites, whichever
// was edited; the page names the field and both numbers, at the field.
func TestPortalRefusesMoreLanguageSeatsThanSites(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	form := onePortalForm(f, "languages")
	form["city"], form["region"], form["country"], form["timezone"], form["seats"] = []string{"Austin"}, []string{"TX"}, []string{"US"}, []string{"America/Chicago"}, []string{"300"}
	form["lang"], form["lang_seats"] = []string{"en", "es"}, []string{"300", "400"}
	rec := f.do("vendor", http.MethodPost, "/portal", form)
	body := rec.Body.String()
	want := "400 Spanish seats are more than the 300 seats across all sites; give at most 300"
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="e-f-languages-1-seats">`+want) {
		t.Fatalf("400 Spanish seats on 300: %d\n%s", rec.Code, between(body, `<section id="languages"`, `</section>`))
	}
}

// A range of weeks is filled with one number; countries and time zones
// are lists, the United States first.
func TestPortalFillsARangeOfWeeksAndListsPlaces(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	body := f.do("vendor", http.MethodGet, "/portal", nil).Body.String()
	sites := between(body, `<section id="sites"`, `</section>`)
	for _, want := range []string{`<select id="f-sites-0-country" name="country"`, `<option value="US" selected>United States</option>`,
		`<option value="MX">Mexico</option>`, `<optgroup label="United States"><option value="America/New_York">America/New_York (Eastern)</option>`,
		`<option value="America/Chicago" selected>America/Chicago (Central)</option>`, `<option>Asia/Manila</option>`} {
		if !strings.Contains(sites, want) {
			t.Errorf("the sites lack %s", want)
		}
	}
	if strings.Index(sites, `value="US"`) > strings.Index(sites, `value="AD"`) {
		t.Error("the United States are not first among the countries")
	}
	weeks := strings.Split(between(body, `<select id="f-fill-from" name="fill_from">`, `</select>`), `<option value="`)
	if len(weeks) < 6 {
		t.Fatalf("the range fill offers %d weeks", len(weeks)-1)
	}
	from, to := weeks[2][:10], weeks[4][:10]
	form := onePortalForm(f, "capacity")
	form.Set("fill_from", from)
	form.Set("fill_to", to)
	form.Set("fill_seats", "33")
	if rec := f.do("vendor", http.MethodPost, "/portal", form); rec.Code != http.StatusSeeOther {
		t.Fatalf("fill: %d\n%s", rec.Code, between(rec.Body.String(), `id="error-summary"`, `</div>`))
	}
	cal := f.vendor(f.vendorUser.ID).Capacity.Calendar
	if len(cal) != 3 || cal[0].WeekStart.String() != from || cal[2].WeekStart.String() != to || cal[0].SeatsAvailable != 33 || cal[1].SeatsAvailable != 33 || cal[2].SeatsAvailable != 33 {
		t.Errorf("weeks %s to %s filled as %+v", from, to, cal)
	}
}

// Each invoice says what it is for: the program (never the campaign's
// contact data), linked to its engagement, how the fee was reckoned and
// when it is due.
func TestPortalInvoicesSayWhatTheyAreFor(t *testing.T) {
	t.Parallel()
	var list []frontend.Invoice
	f := newFixture(t, options{invoices: func(context.Context, string) ([]frontend.Invoice, error) { return list, nil }})
	id, _ := f.newIntake()
	sl, err := f.intakes.GenerateShortlist(f.advisorCtx(), id, intake.GenerateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.intakes.Share(f.advisorCtx(), sl.ID); err != nil {
		t.Fatal(err)
	}
	e, err := f.intakes.Engage(f.advisorCtx(), id, f.vendorUser.ID, 7_000_000)
	if err != nil {
		t.Fatal(err)
	}
	due := time.Date(2027, 12, 20, 0, 0, 0, 0, time.UTC)
	capped := int64(200_000)
	list = []frontend.Invoice{
		{Number: "CM-0001", IssuedAt: due.AddDate(0, 0, -30), AmountCents: 350_000, Status: "open", EngagementID: e.ID, IntakeID: id,
			ContractValueCents: 7_000_000, Terms: billing.StandardTerms, DueAt: &due},
		{Number: "pending 1234abcd", IssuedAt: due, AmountCents: 25_000, Status: "draft", EngagementID: e.ID, IntakeID: id,
			ContractValueCents: 300_000, Terms: billing.StandardTerms},
		{Number: "CM-0002", IssuedAt: due, AmountCents: capped, Status: "paid", EngagementID: e.ID, IntakeID: id,
			ContractValueCents: 7_000_000, Terms: billing.Terms{RateBPS: 750, CapCents: &capped}, DueAt: &due},
	}
	body := f.do("vendor", http.MethodGet, "/portal", nil).Body.String()
	invoices := between(body, `<section id="invoices"`, `</section>`)
	for _, want := range []string{
		`<a href="/portal/engagements/` + e.ID + `" class="invoice-engagement">Program `,
		"5% of the $70,000 contract", "the $250 minimum (5% of the $3,000 contract is less)",
		"the $2,000 cap (7.5% of the $70,000 contract is more)", "Dec 20, 2027", "set when issued", "weeks of ",
	} {
		if !strings.Contains(invoices, want) {
			t.Errorf("the invoices lack %q:\n%s", want, invoices)
		}
	}
	if strings.Contains(invoices, "@") {
		t.Error("the invoices show contact data")
	}
}
