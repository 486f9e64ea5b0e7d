package frontend_test

import (
	"context"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// chromiumPath is Debian's chromium, which `make deps` installs.
const chromiumPath = "/usr/bin/chromium"

// newBrowser starts one headless Chromium with a fresh profile for a test
// and all its subtests; each journey opens its own isolated tab in it.
func newBrowser(t testing.TB) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("browser tests need %s (Debian package chromium; `make deps` installs it): %v", chromiumPath, err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	if err := chromedp.Do(ctx); err != nil { // starts the browser, bound to no timeout
		cancel()
		cancelAlloc()
		t.Fatalf("start chromium: %v", err)
	}
	t.Cleanup(func() { cancel(); cancelAlloc() })
	return ctx
}

// person is one browser tab with its own cookies, as a separate person
// (campaign, advisor, vendor) would have.
type person struct {
	t    *testing.T
	ctx  context.Context
	base string
	// dialogs counts alert/confirm/prompt dialogs the pages opened: a
	// script injected through data would open one.
	dialogs atomic.Int32
}

func newPerson(t *testing.T, browser context.Context, base string) *person {
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		t.Fatalf("open tab: %v", err)
	}
	t.Cleanup(cancel)
	p := &person{t: t, ctx: ctx, base: base}
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for _, err := range dialogs {
			if err != nil {
				return
			}
			p.dialogs.Add(1)
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	return p
}

// do runs steps, failing the test with what was being done.
func (p *person) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		p.t.Fatalf("%s: %v (at %s)", what, err, p.location())
	}
}

// submit clicks a button that posts a form and waits for the next page.
func (p *person) submit(what string, sel chromedp.CSS) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 20*time.Second)
	defer cancel()
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(sel)); err != nil {
		p.t.Fatalf("%s: %v (at %s)", what, err, p.location())
	}
}

func (p *person) open(path string) { p.t.Helper(); p.do("open "+path, chromedp.Navigate(p.base+path)) }

func (p *person) text(sel chromedp.CSS) string {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 10*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(sel))
	if err != nil {
		p.t.Fatalf("read %s: %v (at %s)", sel, err, p.location())
	}
	return strings.TrimSpace(s)
}

// waitFor polls a JavaScript condition until it holds.
func (p *person) waitFor(what, js string) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 10*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](js, chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		p.t.Fatalf("waiting until %s: %v (at %s)", what, err, p.location())
	}
}

func (p *person) eval(js string) bool { p.t.Helper(); return evaluate[bool](p, js) }

// evaluate is the value of a JavaScript expression on p's page.
func evaluate[T any](p *person, js string) T {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](js))
	if err != nil {
		p.t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

func (p *person) location() string {
	ctx, cancel := context.WithTimeout(p.ctx, 2*time.Second)
	defer cancel()
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	return loc
}

func (p *person) login(email string) {
	p.t.Helper()
	p.open("/login")
	p.do("fill in the sign-in form",
		chromedp.SetValue(chromedp.ID("email"), email),
		chromedp.SetValue(chromedp.ID("password"), password))
	p.submit("sign in", `form[action="/login"] button[type=submit]`)
}

const firstRankedJS = `document.querySelector('#ranking table.ranking tbody tr .vendor-name')?.textContent`

// TestBrowserJourneys drives the three journeys of issue 7 through real
// Chromium against the real stack: a campaign's form, the advisor's
// re-ranking, saving and sharing, and a vendor's seats reaching the
// advisor's search. One browser serves all three; they run in order
// because each builds on the one before.
func TestBrowserJourneys(t *testing.T) {
	browser := newBrowser(t)
	f := newFixture(t, options{search: true})
	srv := f.server
	campaign := newPerson(t, browser, srv.URL)
	advisor := newPerson(t, browser, srv.URL)
	vendor := newPerson(t, browser, srv.URL)
	var statusPath string

	t.Run("campaign fills the form, fixes a mistake and lands on its status page", func(t *testing.T) {
		c := campaign
		c.t = t
		c.open("/consult")
		// The page's inputs have the API's field names; the email is typed
		// with a mistake.
		fill := consultFill("ana-at-garcia.example.org")
		c.do("fill in the consultation form", fill...)
		c.submit("send the form", `form[action="/consult"] button[type=submit]`)
		if msg := c.text(`#f-contact-email-error`); msg != "Enter an email address like name@example.org." {
			t.Fatalf("the email's message is %q", msg)
		}
		if !c.eval(`document.getElementById('f-contact-email').getAttribute('aria-invalid') === 'true' &&
			document.getElementById('f-campaign-name').value === 'Garcia for Congress' &&
			document.querySelectorAll('.field-error').length === 1`) {
			t.Fatal("the form came back without the typed values, or with more than the one error")
		}
		c.do("correct the email",
			chromedp.Clear(chromedp.ID("f-contact-email")),
			chromedp.SendKeys(chromedp.ID("f-contact-email"), "ana@garcia.example.org"))
		c.submit("send the corrected form", `form[action="/consult"] button[type=submit]`)
		link := c.text(`#status-link`)
		if !strings.HasPrefix(link, srv.URL+"/status/") {
			t.Fatalf("confirmation link %q", link)
		}
		c.submit("follow the private link", `#status-link`)
		if got := c.text(`#intake-status`); got != "Received" {
			t.Fatalf("status page says %q", got)
		}
		statusPath = strings.TrimPrefix(link, srv.URL)
	})
	if statusPath == "" {
		t.FailNow()
	}
	id := strings.TrimPrefix(statusPath[:strings.Index(statusPath, "?")], "/status/")

	t.Run("advisor re-ranks with the sliders, saves and shares; the campaign sees it", func(t *testing.T) {
		a := advisor
		a.t = t
		a.login("advisor@example.org")
		a.submit("open the intake from the queue", chromedp.CSS(`a[href="/desk/intakes/`+id+`"]`))
		a.do("weigh cost only", chromedp.SendKeys(chromedp.ID("w-cost"), kb.End), chromedp.SendKeys(chromedp.ID("w-quality"), kb.Home),
			chromedp.SendKeys(chromedp.ID("w-capacity"), kb.Home), chromedp.SendKeys(chromedp.ID("w-experience"), kb.Home),
			chromedp.SendKeys(chromedp.ID("w-readiness"), kb.Home))
		a.waitFor("the cheapest vendor leads", firstRankedJS+` === 'Budget Dialers'`)
		a.do("weigh quality only", chromedp.SendKeys(chromedp.ID("w-quality"), kb.End), chromedp.SendKeys(chromedp.ID("w-cost"), kb.Home))
		a.waitFor("the best vendor leads", firstRankedJS+` === 'Premium Phones'`)
		if !a.eval(`document.querySelector('output[for=w-quality]').value === '100%'`) {
			t.Error("the weight's share of the score is not shown beside it")
		}
		// The hostile vendor name is on this page as text, inert.
		if !a.eval(`[...document.querySelectorAll('.vendor-name')].some(e => e.textContent === '<script>alert(1)</script>') &&
			document.querySelectorAll('script:not([src])').length === 0`) || a.dialogs.Load() != 0 {
			t.Fatal("the vendor named <script>alert(1)</script> is not shown as inert text")
		}
		a.submit("save as shortlist", `#save-shortlist`)
		if got := a.text(`.notice`); got != "Shortlist saved as a new version." {
			t.Fatalf("after saving: %q", got)
		}
		a.submit("share", `#share-shortlist`)
		if got := a.text(`.notice`); !strings.HasPrefix(got, "Shared with the campaign.") {
			t.Fatalf("after sharing: %q", got)
		}

		c := campaign
		c.t = t
		c.open(statusPath)
		if got := c.text(`#intake-status`); got != "Short list ready" {
			t.Fatalf("the campaign's status is %q", got)
		}
		if got := c.text(`.vendor-rec .vendor-name`); got != "Premium Phones" {
			t.Fatalf("the campaign's first vendor is %q", got)
		}
	})

	t.Run("a vendor changes its Spanish seats; the advisor's search shows them", func(t *testing.T) {
		v := vendor
		v.t = t
		v.login("ops@middle.example.org")
		v.do("set Spanish seats", chromedp.SetValue(chromedp.CSS(`input[data-lang="es"]`), "77"))
		v.submit("save languages", `#save-languages`)
		if got := v.text(`.notice`); got != "Saved." {
			t.Fatalf("after saving languages: %q", got)
		}

		a := advisor
		a.t = t
		a.open("/desk/vendors")
		a.do("search as one types", chromedp.SendKeys(chromedp.ID("q"), "middle call"))
		vid := f.byName["Middle Call Co"].ID
		a.waitFor("the search shows 77 Spanish seats",
			`document.querySelector('#results tr[data-vendor="`+vid+`"] [data-lang="es"]')?.textContent === 'Spanish 77' &&
			document.querySelectorAll('#results tbody tr[data-vendor]').length === 1`)
		a.do("filter by Spanish", chromedp.SetValue(chromedp.ID("facet-language"), "es"))
		if !a.eval(`location.search.includes('q=middle')`) {
			t.Error("the search is not in the address bar")
		}
	})
}
