package frontend_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// consultFill is what a campaign types into the consultation form, by the
// API's field names, with its contact address.
func consultFill(email string) []chromedp.Action[chromedp.Void] {
	fill := []chromedp.Action[chromedp.Void]{
		chromedp.SendKeys(chromedp.ID("f-contact-email"), email),
		chromedp.Click(chromedp.CSS(`input[name=services][value=gotv]`)),
	}
	for _, typed := range [][2]string{
		{"campaign.name", "Garcia for Congress"}, {"campaign.sponsor_type", "candidate"},
		{"campaign.affiliation", "democratic"}, {"campaign.office_level", "federal"}, {"campaign.race", "TX-23"},
		{"contact.name", "Ana Garcia"}, {"records", "20,000"}, {"attempts_per_record", "2"}, {"target_states", "TX"},
		{"start_date", "2027-09-20"}, {"end_date", "2027-11-01"},
		{"languages[0].code", "en"}, {"languages[0].percent", "70"}, {"languages[1].code", "es"}, {"languages[1].percent", "30"},
		{"budget_dollars", "150000"},
	} {
		fill = append(fill, chromedp.SetValue(chromedp.CSS(`[name="`+typed[0]+`"]`), typed[1]))
	}
	return fill
}

// TestBrowserConfirmationMail: a campaign sends the form in Spanish from
// Chromium, finds the confirmation in its mailbox (Mailpit, through real
// SMTP) and follows the mailed link to its status page, in Spanish.
func TestBrowserConfirmationMail(t *testing.T) {
	browser := newBrowser(t)
	f := newFixture(t, options{mail: true})
	campaign := newPerson(t, browser, f.server.URL)
	const email = "ana@garcia.example.org"

	campaign.open("/consult?lang=es")
	campaign.do("fill in the consultation form", consultFill(email)...)
	campaign.submit("send the form", `form[action="/consult"] button[type=submit]`)
	shown := campaign.text(`#status-link`)
	if !strings.HasPrefix(shown, f.server.URL+"/status/") {
		t.Fatalf("confirmation page link %q", shown)
	}

	m := f.mailTo(email, "Recibimos su solicitud")
	link := statusLinkRe.FindString(m.Text)
	if link == "" || !strings.Contains(link, "lang=es") {
		t.Fatalf("no Spanish status link in the confirmation:\n%s", m.Text)
	}
	// The mailed link and the one the page showed open the same intake.
	if base, _, _ := strings.Cut(link, "?"); !strings.HasPrefix(shown, base+"?") {
		t.Fatalf("the mail links %q, the page showed %q", link, shown)
	}
	campaign.do("open the link from the mail", chromedp.Navigate(link))
	if got := campaign.text(`#intake-status`); got != "Recibida" {
		t.Fatalf("status page says %q, want the Spanish status", got)
	}
	if !campaign.eval(`document.documentElement.lang === 'es'`) {
		t.Fatal("the status page opened from the mail is not in Spanish")
	}
}
