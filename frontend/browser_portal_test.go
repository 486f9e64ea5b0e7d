package frontend_test

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// inView is true when the element sel is within the window.
func inView(sel string) string {
	return `(() => { const r = document.querySelector('` + sel + `')?.getBoundingClientRect();
		return !!r && r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight; })()`
}

// TestBrowserPortalOneSave is issue 17's vendor on a phone: two sections
// edited and one Save pressed keeps both, and "Saved." shows in the
// section the page returns to, on screen; a rate typed "32/hr" is read in
// dollars, and one the portal cannot read comes back at its field, as
// typed, with the problem on screen where the Save was pressed. Leaving
// with edits not saved asks first.
func TestBrowserPortalOneSave(t *testing.T) {
	browser := newBrowser(t)
	f := newFixture(t, options{})
	v := newPerson(t, browser, f.server.URL)
	v.do("a phone's width", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	v.login("ops@middle.example.org")
	v.open("/portal")

	v.do("edit the description and the first rate",
		chromedp.SetValue(chromedp.ID("f-description"), "Two sections, one save."),
		chromedp.SetValue(chromedp.ID("f-rates-0-amount-cents"), "32/hr"))
	v.submit("save from the rates section", `button[name=at][value=rates]`)
	v.waitFor("the page is back at the rates section", `location.hash === '#rates'`)
	if got := v.text(`#rates .notice`); got != "Saved." {
		t.Fatalf("the rates section says %q", got)
	}
	if !v.eval(inView(`#rates .notice`)) {
		t.Error("\"Saved.\" is out of sight")
	}
	if !v.eval(`document.getElementById('f-description').value === 'Two sections, one save.' &&
		document.getElementById('f-rates-0-amount-cents').value === '32' && document.querySelectorAll('.notice').length === 1`) {
		t.Fatal("one of the two sections was not saved, or the notice is shown twice")
	}
	if !v.eval(`document.documentElement.scrollWidth <= window.innerWidth`) {
		t.Error("the portal is wider than the phone")
	}

	v.do("type a rate the portal cannot read",
		chromedp.SetValue(chromedp.ID("f-rates-0-amount-cents"), "thirty-two"))
	v.submit("save from the rates section", `button[name=at][value=rates]`)
	if got := v.text(`#e-f-rates-0-amount-cents`); got != `must be an amount in dollars, like 32.50, $1,250 or 32/hr; got "thirty-two"` {
		t.Fatalf("the rate's problem is %q", got)
	}
	if !v.eval(`document.getElementById('f-rates-0-amount-cents').value === 'thirty-two' && location.hash === '#rates' &&
		document.getElementById('error-summary').closest('section').id === 'rates'`) {
		t.Fatal("the refused rate is not kept as typed, or its summary is not where the Save was pressed")
	}
	if !v.eval(inView(`#error-summary`)) {
		t.Error("the problems are out of sight")
	}

	// The refused page holds edits not saved: leaving asks first.
	before := v.dialogs.Load()
	ctx, cancel := context.WithTimeout(v.ctx, 20*time.Second)
	defer cancel()
	_, _ = chromedp.RunResponse(ctx, chromedp.Click(`nav a[href="/portal/opportunities"]`))
	v.waitFor("the opportunities page", `location.pathname === '/portal/opportunities'`)
	if v.dialogs.Load() == before {
		t.Error("leaving with edits not saved did not ask")
	}
}
