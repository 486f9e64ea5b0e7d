package frontend_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// A campaign on a phone, in Spanish, reads why each vendor ranks where it
// does in one order, opens a vendor's card, ticks two vendors and compares
// them side by side without any script of its own, and prints the page
// with only the content on paper.
func TestBrowserCardCompareAndPrint(t *testing.T) {
	browser := newBrowser(t)
	f := newFixture(t, options{})
	id, token := f.sharedIntake()
	status := "/status/" + id + "?lang=es&token=" + url.QueryEscape(token)
	c := newPerson(t, browser, f.server.URL)
	c.do("phone width", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	c.open(status)

	order := `Array.from(document.querySelectorAll('article.vendor-rec')).every(a =>
		Array.from(a.querySelectorAll('ul.why li')).map(li => li.dataset.criterion).join() === 'cost,quality,capacity,experience,readiness')`
	if !c.eval(order) {
		t.Error("the reasons are not in one order for every vendor")
	}
	if first := c.text(`article.vendor-rec ul.why li[data-criterion="cost"]`); !strings.Contains(first, "el más económico de 4") {
		t.Errorf("the first vendor's cost reads %q", first)
	}
	if !c.eval(`document.documentElement.scrollWidth <= window.innerWidth`) {
		t.Error("the status page scrolls sideways at 390 px")
	}

	c.submit("open the first vendor's card", `article.vendor-rec h3 a.vendor-name`)
	if name := c.text(`#card-name`); name != "Budget Dialers" {
		t.Errorf("the card is of %q", name)
	}
	if h := c.text(`#card-sites`); h != "Centros de llamadas" {
		t.Errorf("the card's sites are headed %q", h)
	}
	if !c.eval(`document.documentElement.scrollWidth <= window.innerWidth`) {
		t.Error("the vendor card scrolls sideways at 390 px")
	}
	c.submit("back to the list", `#back-to-list`)

	c.do("tick two vendors",
		chromedp.Click(chromedp.CSS(`article.vendor-rec:nth-of-type(1) input[name=v]`)),
		chromedp.Click(chromedp.CSS(`article.vendor-rec:nth-of-type(3) input[name=v]`)))
	c.submit("compare them", `#compare-button`)
	c.waitFor("the comparison", `document.querySelectorAll('table.compare thead th[data-vendor]').length === 2`)
	if !c.eval(`document.documentElement.scrollWidth <= window.innerWidth`) {
		t.Error("the comparison scrolls the page sideways at 390 px (only its table may)")
	}
	if cost := c.text(`tr[data-row="why-cost"] td`); !strings.Contains(cost, "el más económico de 4") {
		t.Errorf("the comparison's first cost cell reads %q", cost)
	}

	// Printed, the comparison keeps its table and drops the navigation.
	ctx, cancel := context.WithTimeout(c.ctx, 10*time.Second)
	defer cancel()
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	if !c.eval(`document.querySelector('header.site').getClientRects().length === 0 &&
		document.querySelector('#back-to-list').getClientRects().length === 0 &&
		document.querySelector('table.compare').getClientRects().length > 0`) {
		t.Error("the print stylesheet does not keep only the content")
	}
}
