package frontend_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"callmatch/intake"
)

// Issue 17 §1 and §2 as a campaign sees them on a 390 px phone, in
// Spanish: the state typed by name and the budget left empty are taken;
// the confirmation and the status page promise the same; "Your request"
// says what records × attempts means; once a vendor is hired, the page
// names it.
func TestBrowserCampaignOnPhone(t *testing.T) {
	browser := newBrowser(t)
	f := newFixture(t, options{})
	c := newPerson(t, browser, f.server.URL)
	c.do("use a phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	c.open("/consult?lang=es")
	c.do("fill in the form", consultFill("ana@garcia.example.org")...)
	c.do("name the state, leave the budget empty",
		chromedp.SetValue(chromedp.CSS(`[name="target_states"]`), "Texas"), chromedp.Clear(chromedp.CSS(`[name="budget_dollars"]`)))
	c.submit("send the form", `form[action="/consult"] button[type=submit]`)
	const when = "normalmente en dos días hábiles"
	if got := c.text(`main`); !strings.Contains(got, when) {
		t.Fatalf("the confirmation does not say %q:\n%s", when, got)
	}
	c.submit("follow the private link", `#status-link`)
	statusURL := c.location()
	if got := c.text(`section[aria-labelledby=where]`); !strings.Contains(got, when) {
		t.Errorf("the status page does not promise what the confirmation did: %q", got)
	}
	if got := c.text(`#request-calls`); got != "20,000 números, cada uno intentado hasta 2 veces: como máximo 40,000 llamadas." {
		t.Errorf("records × attempts reads %q", got)
	}
	if !c.eval(`document.documentElement.scrollWidth <= window.innerWidth`) {
		t.Error("the status page is wider than the phone")
	}

	id := strings.TrimPrefix(strings.SplitN(strings.TrimPrefix(statusURL, f.server.URL), "?", 2)[0], "/status/")
	sl, err := f.intakes.GenerateShortlist(f.advisorCtx(), id, intake.GenerateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.intakes.Share(f.advisorCtx(), sl.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.intakes.Engage(f.advisorCtx(), id, f.byName["Middle Call Co"].ID, 5_000_000); err != nil {
		t.Fatal(err)
	}
	c.do("reload the status page", chromedp.Navigate(statusURL))
	if got := c.text(`section[aria-labelledby=where]`); !strings.Contains(got, "Usted contrató a Middle Call Co.") {
		t.Errorf("the engaged status page does not name the vendor: %q", got)
	}
	if got := c.text(`#request-hired`); !strings.HasPrefix(got, "Middle Call Co, firmado el ") {
		t.Errorf("Your request's hired line reads %q", got)
	}
}
