package frontend_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"callmatch/catalog"
)

// TestBrowserMessagingGoals is issue 19's journey through real Chromium: a
// campaign picks "healthcare" and "seniors" on the Spanish form, the
// advisor sees the ranking explain them, and after the advisor shares a
// shortlist the campaign sees how many of each vendor's seats sit in its
// states.
func TestBrowserMessagingGoals(t *testing.T) {
	browser := newBrowser(t)
	f := newFixture(t, options{})
	srv := f.server

	// A vendor that has worked healthcare and seniors, with call floors in
	// both target states and one outside them.
	cuidado := testVendors()[1]
	cuidado.Slug, cuidado.Name = "cuidado-calls", "Cuidado Calls"
	cuidado.IssueExperience, cuidado.AudienceExperience = []string{"healthcare"}, []string{"seniors"}
	cuidado.Sites = []catalog.Site{
		{Country: "US", Region: "TX", City: "San Antonio", Timezone: "America/Chicago", Seats: 80},
		{Country: "US", Region: "AZ", City: "Tucson", Timezone: "America/Phoenix", Seats: 40},
		{Country: "US", Region: "NM", City: "Las Cruces", Timezone: "America/Denver", Seats: 30},
	}
	cuidado.Languages = []catalog.LanguageSeats{{Code: "en", Seats: 150}, {Code: "es", Seats: 60}}
	if err := f.vendors.CreateVendor(f.ctx, cuidado); err != nil {
		t.Fatal(err)
	}

	campaign := newPerson(t, browser, srv.URL)
	c := campaign
	c.open("/consult?lang=es")
	fill := []chromedp.Action[chromedp.Void]{
		chromedp.Click(chromedp.CSS(`input[name=services][value=gotv]`)),
		chromedp.Click(chromedp.CSS(`input[name=issue_areas][value=healthcare]`)),
		chromedp.Click(chromedp.CSS(`input[name=audiences][value=seniors]`)),
	}
	for _, typed := range [][2]string{
		{"campaign.name", "Salud para Todos"}, {"campaign.sponsor_type", "c4"}, {"campaign.affiliation", "democratic"},
		{"contact.name", "Rosa Díaz"}, {"contact.email", "rosa@salud.example.org"},
		{"records", "20,000"}, {"attempts_per_record", "2"}, {"target_states", "TX, AZ"},
		{"start_date", "2027-09-20"}, {"end_date", "2027-11-01"},
		{"languages[0].code", "es"}, {"languages[0].percent", "60"}, {"languages[1].code", "en"}, {"languages[1].percent", "40"},
		{"budget_dollars", "150000"},
	} {
		fill = append(fill, chromedp.SetValue(chromedp.CSS(`[name="`+typed[0]+`"]`), typed[1]))
	}
	if !c.eval(`[...document.querySelectorAll('input[name=issue_areas]')].some(e => e.parentElement.textContent.trim() === 'Salud') &&
		[...document.querySelectorAll('input[name=audiences]')].some(e => e.parentElement.textContent.trim() === 'Personas mayores')`) {
		t.Fatal("the Spanish form does not offer Salud and Personas mayores")
	}
	c.do("fill in the consultation form in Spanish", fill...)
	c.submit("send the form", `form[action="/consult"] button[type=submit]`)
	link := c.text(`#status-link`)
	if !strings.HasPrefix(link, srv.URL+"/status/") {
		t.Fatalf("confirmation link %q", link)
	}
	statusPath := strings.TrimPrefix(link, srv.URL)
	id := strings.TrimPrefix(statusPath[:strings.Index(statusPath, "?")], "/status/")

	advisor := newPerson(t, browser, srv.URL)
	a := advisor
	a.login("advisor@example.org")
	a.do("open the intake", chromedp.Navigate(srv.URL+"/desk/intakes/"+id), chromedp.WaitVisible(chromedp.CSS(`#ranking table.ranking`)))
	row := `document.querySelector('#ranking tr[data-vendor="` + cuidado.ID + `"]')`
	a.waitFor("the ranking explains the messaging goals for Cuidado Calls",
		row+`?.querySelector('.experience')?.textContent.includes('healthcare') &&
		`+row+`.querySelector('.experience').textContent.includes('seniors')`)
	if got := a.text(chromedp.CSS(`#goals`)); !strings.Contains(got, "healthcare") || !strings.Contains(got, "seniors") {
		t.Errorf("the request shows the goals as %q", got)
	}
	a.submit("save as shortlist", `#save-shortlist`)
	a.submit("share", `#share-shortlist`)
	if got := a.text(`.notice`); !strings.HasPrefix(got, "Shared with the campaign.") {
		t.Fatalf("after sharing: %q", got)
	}

	c.open(statusPath)
	seats := c.text(chromedp.CSS(`.vendor-rec[data-vendor="` + cuidado.ID + `"] .local-seats`))
	if !strings.HasPrefix(seats, "120 puestos") {
		t.Errorf("the campaign sees Cuidado Calls' local seats as %q, want 120 (TX 80 + AZ 40)", seats)
	}
}
