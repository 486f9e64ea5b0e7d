package frontend_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserSplitAcrossVendors is issue 13's journey through real
// Chromium: an advisor opens a program no single vendor can take, splits
// it across vendors on the desk, tries one vendor and sees the work left
// uncovered, records an engagement for one part, and sees the board's free
// seats of the booked weeks go down.
func TestBrowserSplitAcrossVendors(t *testing.T) {
	browser := newBrowser(t)
	f := newFixture(t, options{})
	id := f.teamIntake()
	middle := f.byName["Middle Call Co"].ID

	a := newPerson(t, browser, f.server.URL)
	a.login("advisor@example.org")
	const week = `2027-10-04`
	freeJS := `parseFloat(document.querySelector('#capacity-table td[data-week="` + week + `"][data-lang="all"]').dataset.free)`
	a.submit("open the board from the desk's navigation", `nav a[href="/desk/capacity"]`)
	before := a.number(freeJS)

	a.open("/desk/intakes/" + id)
	if !a.eval(`document.querySelectorAll('#ranking table.ranking tbody tr[data-vendor]').length === 0`) {
		t.Fatal("a single vendor can take the program; the journey needs one that cannot")
	}
	a.submit("save the (empty) ranking as a shortlist", `#save-shortlist`)
	a.submit("share it with the campaign", `#share-shortlist`)

	a.do("split across vendors", chromedp.Click(chromedp.ID("split-button")))
	a.waitFor("the plan shows two parts", `document.querySelectorAll('#plan section.plan-part').length === 2 &&
		document.querySelector('#plan-feasible') !== null`)
	if got := a.text(`#plan-single`); !strings.Contains(got, "No single vendor") {
		t.Errorf("the plan compares with a single vendor as %q", got)
	}
	a.do("try one vendor", chromedp.SetValue(chromedp.ID("max-vendors"), "1"), chromedp.Click(chromedp.CSS(`#plan-form button`)))
	a.waitFor("one vendor leaves work uncovered", `document.querySelector('#plan-infeasible') !== null &&
		document.querySelectorAll('#unmet-table tbody tr').length > 0`)
	a.do("back to three vendors", chromedp.SetValue(chromedp.ID("max-vendors"), "3"), chromedp.Click(chromedp.CSS(`#plan-form button`)))
	part := `#plan section.plan-part[data-vendor="` + middle + `"]`
	a.waitFor("Middle Call Co has a part again", `document.querySelector('`+part+`') !== null`)

	a.submit("record the engagement for Middle Call Co's part", chromedp.CSS(part+` form.engage-part button`))
	if got := a.text(`.notice`); got != "Engagement recorded." {
		t.Fatalf("after engaging the part: %q", got)
	}
	if got := a.text(`#engagement`); !strings.Contains(got, "Engaged Middle Call Co") || !strings.Contains(got, "part of a team plan") {
		t.Errorf("the engagement reads %q", got)
	}

	// The booking changed the snapshot; the server refreshes it on the
	// database's notification, which this fixture does not listen for.
	if err := f.watcher.Refresh(f.ctx); err != nil {
		t.Fatal(err)
	}
	a.submit("open the board again", `nav a[href="/desk/capacity"]`)
	if after := a.number(freeJS); after >= before {
		t.Errorf("free seats in the week of Oct 4: %v before the engagement, %v after", before, after)
	}
	if !a.eval(`[...document.querySelectorAll('#heatmap title')].some(t => t.textContent.startsWith('All languages, week of Oct 4, 2027:'))`) {
		t.Error("the heat map has no title for the week of Oct 4")
	}
}

// number evaluates a JavaScript number.
func (p *person) number(js string) float64 {
	p.t.Helper()
	s, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](`String(`+js+`)`))
	if err != nil {
		p.t.Fatalf("evaluate %s: %v", js, err)
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		p.t.Fatalf("%s is %q, not a number", js, s)
	}
	return x
}
