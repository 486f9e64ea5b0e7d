package frontend_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"callmatch/demo"
	"callmatch/demo/seed"
)

// axeEnv names an axe.min.js to use instead of node_modules' (a checkout
// whose node_modules predates the pin).
const axeEnv = "CALLMATCH_AXE_JS"

// axeTags are the rules the audit runs: WCAG 2.0 levels A and AA, which
// the pages promise (STYLE.md, the brief of every page).
var axeTags = []string{"wcag2a", "wcag2aa"}

// axeScript is axe-core as package.json pins it (make deps runs npm ci).
func axeScript(t *testing.T) string {
	t.Helper()
	path := os.Getenv(axeEnv)
	if path == "" {
		path = filepath.Join("..", "node_modules", "axe-core", "axe.min.js")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("the accessibility audit needs axe-core (package.json; `make deps` runs npm ci), or %s: %v", axeEnv, err)
	}
	return string(b)
}

// axeViolation is what the audit reports of one broken rule on a page.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any `json:"target"`
	} `json:"nodes"`
}

// auditedPage is one kind of page: opened by path, or by open when it is
// the answer to a form (the confirmation, a form with its errors).
type auditedPage struct {
	name string
	who  *person
	path string
	open func(p *person)
}

// viewport is a width the pages must work at, with its height.
type viewport struct {
	name          string
	width, height int64
	opts          []chromedp.EmulateViewportOption
}

// TestPagesAreAccessible runs axe-core (WCAG 2 A and AA) over every kind of
// page, at desktop width and at a 390 px phone, on the demo that `callmatch
// dev` seeds, and fails on any violation, naming the rule, the elements
// and the page.
func TestPagesAreAccessible(t *testing.T) {
	axe := axeScript(t)
	browser := newBrowser(t)
	f, rep, portal := newDemoFixture(t, false)
	if len(rep.Featured().Invited) == 0 {
		t.Fatal("the featured campaign invited no vendor to quote")
	}
	base := f.server.URL

	campaign := newPerson(t, browser, base)
	advisor := newPerson(t, browser, base)
	advisor.login(demo.AdvisorEmail)
	admin := newPerson(t, browser, base)
	admin.login(demo.AdminEmail)
	vendor := newPerson(t, browser, base)
	vendor.login(portal)
	quoted := newPerson(t, browser, base)
	quoted.login(demo.VendorUserEmail(f.vendor(rep.Featured().Invited[0]).Slug))
	quoted.open("/portal/opportunities")
	invitation := evaluate[string](quoted, `document.querySelector('#open-table a')?.getAttribute('href') ?? ''`)
	if invitation == "" {
		t.Fatal("the invited vendor's opportunities list no invitation")
	}

	pages := []auditedPage{
		{name: "landing", who: campaign, path: "/?lang=en"},
		{name: "consult (en)", who: campaign, path: "/consult?lang=en"},
		{name: "consult (es)", who: campaign, path: "/consult?lang=es"},
		{name: "consult with errors (es)", who: campaign, open: func(p *person) {
			p.open("/consult?lang=es")
			p.submit("send the empty form", `form[action="/consult"] button[type=submit]`)
		}},
		{name: "confirm", who: campaign, open: func(p *person) {
			p.open("/consult?lang=en")
			p.do("fill in the form", consultFill("ana@garcia.example.org")...)
			p.submit("send the form", `form[action="/consult"] button[type=submit]`)
		}},
		{name: "status with shortlist (en)", who: campaign, path: rep.StatusPath() + "&lang=en"},
		{name: "status with shortlist (es)", who: campaign, path: rep.StatusPath() + "&lang=es"},
		{name: "vendor card (es)", who: campaign, open: func(p *person) {
			p.open(rep.StatusPath() + "&lang=es")
			p.open(sharedPath(p, "/vendors/", 1))
		}},
		{name: "compare two (es)", who: campaign, open: func(p *person) {
			p.open(rep.StatusPath() + "&lang=es")
			p.open(sharedPath(p, "/compare", 2))
		}},
		{name: "compare refused (en)", who: campaign, open: func(p *person) {
			p.open(rep.StatusPath() + "&lang=en")
			p.open(sharedPath(p, "/compare", 1))
		}},
		{name: "status link", who: campaign, path: "/status/link"},
		{name: "apply", who: campaign, path: "/apply"},
		{name: "login", who: campaign, path: "/login"},
		{name: "desk queue", who: advisor, path: "/desk"},
		{name: "desk queue searched, all", who: advisor, path: "/desk?status=all&q=texas"},
		{name: "desk intake", who: advisor, path: "/desk/intakes/" + rep.Featured().IntakeID},
		{name: "desk vendors", who: advisor, path: "/desk/vendors?q=spanish+gotv"},
		{name: "desk vendor", who: advisor, path: "/desk/vendors/" + f.vendorUser.ID},
		{name: "desk capacity", who: advisor, path: "/desk/capacity"},
		{name: "desk certifications", who: advisor, path: "/desk/certifications"},
		{name: "desk mail", who: advisor, path: "/desk/mail"},
		{name: "desk applications", who: advisor, path: "/desk/applications"},
		{name: "desk people", who: admin, path: "/desk/people"},
		{name: "portal", who: vendor, path: "/portal"},
		{name: "portal opportunities", who: quoted, path: "/portal/opportunities"},
		{name: "portal invitation", who: quoted, path: invitation},
	}
	for _, c := range rep.Campaigns {
		if c.Plan.Key == "demo-2027-seo-assembly" { // only a team plan can serve it
			pages = append(pages, auditedPage{name: "desk team plan", who: advisor, path: "/desk/intakes/" + c.IntakeID + "/plan"})
		}
	}
	pages = append(pages, auditedPage{name: "account", who: advisor, path: "/account"})
	pages = append(pages, deliveryAuditPages(t, f, browser, rep)...)

	widths := []viewport{
		{name: "desktop", width: 1280, height: 900},
		{name: "phone", width: 390, height: 844, opts: []chromedp.EmulateViewportOption{chromedp.EmulateScale(2), chromedp.EmulateMobile}},
	}
	for _, w := range widths {
		for _, pg := range pages {
			p := pg.who
			p.t = t
			p.do("set the viewport", chromedp.EmulateViewport(w.width, w.height, w.opts...))
			if pg.open != nil {
				pg.open(p)
			} else {
				p.open(pg.path)
			}
			for _, v := range p.audit(axe) {
				var targets []string
				for _, n := range v.Nodes {
					targets = append(targets, fmt.Sprint(n.Target...))
				}
				t.Errorf("%s at %s (%s): %s [%s] %s — %s", pg.name, w.name, p.location(), v.ID, v.Impact, v.Help, strings.Join(targets, ", "))
			}
		}
	}
}

// deliveryAuditPages are issue 16's pages: the status page of a program
// being called (with its hired vendor), its vendor's program page and the
// scorecard a campaign rates its vendor on.
func deliveryAuditPages(t *testing.T, f *fixture, browser context.Context, rep *seed.Report) []auditedPage {
	t.Helper()
	for _, c := range rep.Campaigns {
		if !strings.HasPrefix(c.Plan.Key, "demo-2026-runoff-") {
			continue
		}
		engs, err := f.intakes.Engagements(f.advisorCtx(), c.IntakeID)
		if err != nil || len(engs) != 1 {
			t.Fatalf("the runoff's engagements: %v, %v", engs, err)
		}
		req, ok := f.intakes.Delivery.(interface {
			RequestScorecard(ctx context.Context, engagementID string) (string, error)
		})
		if !ok {
			t.Fatalf("the delivery store %T makes no scorecard requests", f.intakes.Delivery)
		}
		token, err := req.RequestScorecard(f.ctx, engs[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		vendor := newPerson(t, browser, f.server.URL)
		vendor.login(demo.VendorUserEmail(f.vendor(engs[0].VendorID).Slug))
		campaign := newPerson(t, browser, f.server.URL)
		out := []auditedPage{
			{name: "portal program", who: vendor, path: "/portal/engagements/" + engs[0].ID},
			{name: "scorecard (es)", who: campaign, path: "/scorecard/" + token + "?lang=es"},
		}
		if c.Token != "" {
			out = append(out, auditedPage{name: "status engaged (es)", who: campaign, path: "/status/" + c.IntakeID + "?token=" + c.Token + "&lang=es"})
		}
		return out
	}
	t.Fatal("the demo has no runoff program")
	return nil
}

// audit runs axe on the page as it stands and returns the rules it breaks.
func (p *person) audit(axe string) []axeViolation {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 60*time.Second)
	defer cancel()
	tags := `["` + strings.Join(axeTags, `","`) + `"]`
	run := `axe.run(document, {runOnly: {type: "tag", values: ` + tags + `}, resultTypes: ["violations"]})
		.then(r => ({passed: r.passes.length, violations: r.violations.map(v =>
			({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => ({target: n.target}))}))}))`
	// The source goes in as its own evaluation: DevTools' are not bound by
	// the page's Content-Security-Policy, an eval inside the page would be.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](axe)); err != nil {
		p.t.Fatalf("load axe at %s: %v", p.location(), err)
	}
	res, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
		Passed     int            `json:"passed"`
		Violations []axeViolation `json:"violations"`
	}](run, chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("axe at %s: %v", p.location(), err)
	}
	// A page no rule applied to was not audited (an error page, a blank).
	if res.Passed == 0 {
		p.t.Fatalf("axe found no rule to check at %s", p.location())
	}
	return res.Violations
}

// sharedPath is a page behind the status page the person is on, for its
// first n shared vendors: a vendor card (suffix "/vendors/", n = 1) or a
// comparison (suffix "/compare", the vendors as v=…), with the same token
// and language.
func sharedPath(p *person, suffix string, n int) string {
	p.t.Helper()
	ids := evaluate[[]string](p, `Array.from(document.querySelectorAll('article[data-vendor]')).map(a => a.dataset.vendor)`)
	if len(ids) < n {
		p.t.Fatalf("the status page shares %d vendors, want %d", len(ids), n)
	}
	u, err := url.Parse(p.location())
	if err != nil {
		p.t.Fatal(err)
	}
	q := u.Query()
	if suffix == "/vendors/" {
		return u.Path + suffix + url.PathEscape(ids[0]) + "?" + q.Encode()
	}
	for _, id := range ids[:n] {
		q.Add("v", id)
	}
	return u.Path + suffix + "?" + q.Encode()
}
