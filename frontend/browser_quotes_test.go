package frontend_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"callmatch/devstack"
)

// TestBrowserQuotes is issue 15's journey through real Chromium, with the
// mail of every step read from Mailpit: the advisor invites two vendors
// from the saved shortlist, each is mailed; one quotes and one declines
// through the portal, and the advisor is mailed of each; the advisor
// compares and releases the quote, the campaign is mailed in Spanish and
// sees the quote on its status page in Spanish, and asks to talk to the
// vendor, which the advisor is mailed.
func TestBrowserQuotes(t *testing.T) {
	browser := newBrowser(t)
	f := newFixture(t, options{mail: true})
	// The campaign sends its form in Spanish, so that its mail speaks it.
	form := submitForm()
	rec := f.do("", http.MethodPost, "/consult?lang=es", form)
	link := strings.ReplaceAll(between(rec.Body.String(), `id="status-link" href="`, `"`), "&amp;", "&")
	u, err := url.Parse(link)
	if err != nil || !strings.HasPrefix(u.Path, "/status/") {
		t.Fatalf("no private link: %d %q", rec.Code, link)
	}
	id := strings.TrimPrefix(u.Path, "/status/")
	status := u.Path + "?" + u.RawQuery
	middle, budget := f.byName["Middle Call Co"], f.byName["Budget Dialers"]
	const budgetEmail = "desk@budget.example.org"
	f.vendorUserFor(budget.ID, budgetEmail)

	a := newPerson(t, browser, f.server.URL)
	a.login("advisor@example.org")
	a.open("/desk/intakes/" + id)
	a.submit("save the ranking as a shortlist", `#save-shortlist`)
	a.do("choose two vendors of the shortlist",
		chromedp.Click(chromedp.CSS(`#invite-form input[value="`+middle.ID+`"]`)),
		chromedp.Click(chromedp.CSS(`#invite-form input[value="`+budget.ID+`"]`)))
	a.submit("invite them to quote", `#invite-vendors`)
	if got := a.text(`.notice`); !strings.HasPrefix(got, "Invited.") {
		t.Fatalf("after inviting: %q", got)
	}
	if !a.eval(`document.querySelectorAll('#quotes-table tbody tr[data-state="invited"]').length === 2`) {
		t.Fatal("the desk does not list two open invitations")
	}

	// Each vendor is mailed a link to its invitation.
	v := newPerson(t, browser, f.server.URL)
	v.login("ops@middle.example.org")
	v.do("open the invitation from the mail", chromedp.Navigate(f.mailLink(t, "ops@middle.example.org", "/portal/invitations/")))
	if got := v.text(`#program`); !strings.Contains(got, "GOTV") || strings.Contains(got, "Garcia") {
		t.Fatalf("the vendor's program reads %q", got)
	}
	v.do("fill in the quote",
		chromedp.SetValue(chromedp.ID("q-total"), "48,500"),
		chromedp.SetValue(chromedp.ID("q-valid"), "2027-09-15"),
		chromedp.SetValue(chromedp.ID("q-note"), "Bilingual floor in Austin; Spanish callers are native speakers."))
	if !v.eval(`(() => { document.querySelectorAll('#seats-table input').forEach(i => i.value = i.dataset.lang === 'en' ? '6' : '3'); return true })()`) {
		t.Fatal("could not fill the seats")
	}
	v.submit("send the quote", `#send-quote`)
	if got := v.text(`.notice`); !strings.HasPrefix(got, "Quote sent.") {
		t.Fatalf("after quoting: %q", got)
	}
	f.waitSubject(t, "advisor@example.org", "Middle Call Co")

	b := newPerson(t, browser, f.server.URL)
	b.login(budgetEmail)
	f.mailLink(t, budgetEmail, "/portal/invitations/") // mailed too
	b.submit("open Opportunities", `nav a[href="/portal/opportunities"]`)
	b.submit("open the invitation", `#open-table a`)
	b.do("choose a reason", chromedp.SetValue(chromedp.ID("d-reason"), "no_capacity"))
	b.submit("decline", `#decline-invitation`)
	if got := b.text(`#invitation-state`); got != "declined" {
		t.Fatalf("after declining the invitation is %q", got)
	}
	f.waitSubject(t, "advisor@example.org", "Budget Dialers")

	a.open("/desk/intakes/" + id)
	row := `#quotes-table tr[data-vendor="` + middle.ID + `"]`
	if got := a.text(chromedp.CSS(row)); !strings.Contains(got, "$48,500") || !strings.Contains(got, "version 1") {
		t.Fatalf("the comparison row reads %q", got)
	}
	if got := a.text(chromedp.CSS(`#quotes-table tr[data-vendor="` + budget.ID + `"] .decline-reason`)); got != "no capacity" {
		t.Errorf("the decline reason reads %q", got)
	}
	a.do("choose the quote", chromedp.Click(chromedp.CSS(row+` input[name=quote_ids]`)))
	a.submit("release it", `#release-quotes`)
	if got := a.text(`.notice`); !strings.HasPrefix(got, "Released.") {
		t.Fatalf("after releasing: %q", got)
	}
	if m := f.waitSubject(t, "ana@garcia.example.org", "Cotizaciones"); !strings.Contains(m.Text, "/status/") {
		t.Errorf("the campaign's mail leads nowhere:\n%s", m.Text)
	}

	c := newPerson(t, browser, f.server.URL)
	c.open(status + "&lang=es")
	if got := c.text(`#quotes-h`); got != "Cotizaciones de proveedores" {
		t.Fatalf("the status page's quotes are headed %q", got)
	}
	if got := c.text(`#quotes .vendor-name`); got != "Middle Call Co" {
		t.Fatalf("the released quote is from %q", got)
	}
	if got := c.text(`#quotes .quote-total`); !strings.HasPrefix(got, "$48,500") {
		t.Errorf("the quote's price reads %q", got)
	}
	c.submit("ask to talk to the vendor", `#quotes .talk`)
	if got := c.text(`.notice`); got != "Avisamos a su asesor de que quiere hablar con este proveedor." {
		t.Fatalf("after asking to talk: %q", got)
	}
	f.waitSubject(t, "advisor@example.org", "talk")
}

// waitSubject waits for mail to `to` whose subject holds words.
func (f *fixture) waitSubject(t *testing.T, to, words string) *devstack.MailpitMessage {
	t.Helper()
	var got *devstack.MailpitMessage
	f.pollMail(t, to, func(m *devstack.MailpitMessage) bool {
		if strings.Contains(strings.ToLower(m.Subject), strings.ToLower(words)) {
			got = m
			return true
		}
		return false
	})
	return got
}
