package frontend_test

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// In Chromium: the weights show their shares of the score as they move and
// reset to the campaign's priorities; pin, drop and undo change the saved
// shortlist in place (the page is not reloaded and does not scroll to the
// top); the note's counter follows what is typed.
func TestBrowserDeskWeightsAndMarks(t *testing.T) {
	browser := newBrowser(t)
	f := newFixture(t, options{})
	id, _, _ := f.savedShortlist()
	premium := f.byName["Premium Phones"].ID
	a := newPerson(t, browser, f.server.URL)
	a.login("advisor@example.org")
	a.open("/desk/intakes/" + id)

	// The intake has the latest shortlist's weights: quality only.
	if got := a.text(`#share-quality`); got != "100%" {
		t.Fatalf("quality's share %q, want 100%%", got)
	}
	a.do("move cost to the middle", chromedp.SendKeys(chromedp.ID("w-cost"), kb.PageUp+kb.PageUp+kb.PageUp))
	a.waitFor("the shares follow the slider", `(() => {
		const c = Number(document.getElementById('w-cost').value), shares = ['cost','quality','capacity','experience','readiness']
			.map(n => parseInt(document.getElementById('share-' + n).value, 10));
		return c > 0 && shares.reduce((a, b) => a + b, 0) === 100 && shares[0] === Math.round(c * 100 / (c + 100)) })()`)
	a.do("reset to the campaign's priorities", chromedp.Click(chromedp.ID("reset-weights")))
	a.waitFor("the sliders are at the standard weights", `['cost','quality','capacity','experience','readiness']
		.map(n => document.getElementById('w-' + n).value + '/' + document.getElementById('share-' + n).value).join(' ')
		=== '30/30% 25/25% 20/20% 15/15% 10/10%'`)
	if a.location() != f.server.URL+"/desk/intakes/"+id {
		t.Errorf("the reset left the page: %s", a.location())
	}

	// Pin the last row on a phone: the section changes in place, where the
	// advisor is.
	a.do("use a phone-width screen", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	a.do("scroll to the saved shortlist", chromedp.ScrollIntoView(chromedp.ID("sv-"+premium)))
	a.eval(`window.stayed = true`) // a reload would forget it
	a.do("pin Premium Phones", chromedp.SendKeys(chromedp.ID("r-"+premium), "Union floor in Austin"),
		chromedp.Click(chromedp.CSS(`#sv-`+premium+` button[value=pin]`)))
	a.waitFor("the pin is shown", `document.getElementById('event-done')?.textContent.startsWith('Pinned Premium Phones')`)
	if !a.eval(`window.stayed === true && window.scrollY > 200`) {
		t.Error("pinning reloaded the page or jumped to the top")
	}
	a.waitFor("the focus is on what the pin did", `document.activeElement?.id === 'event-done'`)
	// Where the advisor is, even far down a long ranking on a phone: what
	// the pin did is on screen.
	if !a.eval(`(() => { const r = document.getElementById('event-done').getBoundingClientRect();
		return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight })()`) {
		t.Error("what the pin did is off the screen")
	}
	a.do("undo the pin", chromedp.Click(chromedp.ID("undo-mark")))
	a.waitFor("the pin is taken back", `document.getElementById('event-done')?.textContent.startsWith('Took back')`)
	if a.eval(`document.querySelector('#sv-`+premium+`').textContent.includes('pinned')`) || !a.eval(`window.stayed === true`) {
		t.Error("the undo did not take the pin back in place")
	}

	a.do("type a note", chromedp.SendKeys(chromedp.ID("note"), "Call the top three"))
	if got := a.text(`#note-count`); got != "18 of 2,000 characters" {
		t.Errorf("note counter %q", got)
	}

	// At phone width nothing but the tables' own scrollers is wider than
	// the screen, and the queue's search works by the form alone.
	a.do("search the queue on a phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile),
		chromedp.Navigate(f.server.URL+"/desk"), chromedp.SendKeys(chromedp.ID("q"), "texas"))
	a.submit("search", `#queue-search button[type=submit]`)
	if !a.eval(`location.search === '?q=texas' && document.querySelectorAll('tbody a[href^="/desk/intakes/"]').length === 1`) {
		t.Errorf("the queue's search for texas: %s", a.location())
	}
	for _, path := range []string{"/desk?q=texas", "/desk/intakes/" + id} {
		a.open(path)
		if !a.eval(`document.documentElement.scrollWidth <= window.innerWidth`) {
			t.Errorf("%s is wider than a 390 px phone", path)
		}
	}
}
