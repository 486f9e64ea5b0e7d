package frontend_test

import (
	"context"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"callmatch/catalog"
	"callmatch/demo"
	"callmatch/intake"
	"callmatch/matching"
)

// screenshotsEnv names the directory `make screenshots` writes to.
const screenshotsEnv = "CALLMATCH_SCREENSHOTS"

// TestScreenshots writes PNGs of the main pages, on the demo catalog of
// `callmatch dev` with the demo intakes, for the README. It runs only when
// CALLMATCH_SCREENSHOTS names a directory: `make screenshots`.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv(screenshotsEnv)
	if dir == "" {
		t.Skipf("set %s to a directory (make screenshots) to write the README's screenshots", screenshotsEnv)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	browser := newBrowser(t)
	f := newFixture(t, options{search: true, demo: true})
	shared, token := f.demoIntakes()
	f.demoEvidence()
	srv := httptest.NewServer(f.handler)
	t.Cleanup(srv.Close)
	status := "/status/" + shared + "?token=" + url.QueryEscape(token)

	// shoot saves a page: the whole of it when full, else the first screen.
	shoot := func(p *person, name, path string, width, height int64, full bool, opts ...chromedp.EmulateViewportOption) {
		t.Helper()
		ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
		defer cancel()
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, height, opts...), chromedp.Navigate(srv.URL+path)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		p.shoot(t, filepath.Join(dir, name), full)
	}

	campaign := newPerson(t, browser, srv.URL)
	shoot(campaign, "landing.png", "/?lang=en", 1280, 800, true)
	shoot(campaign, "consult-form.png", "/consult", 1280, 900, true)
	campaign.do("fill in part of the form in Spanish", chromedp.Navigate(srv.URL+"/consult?lang=es"),
		chromedp.SendKeys(chromedp.ID("f-campaign-name"), "Comité Vecinos Unidos"),
		chromedp.SendKeys(chromedp.ID("f-contact-email"), "maria@"),
		chromedp.SetValue(chromedp.ID("f-languages-0-code"), "es"),
		chromedp.SetValue(chromedp.ID("f-languages-0-percent"), "60"))
	campaign.submit("send it", `form[action="/consult"] button[type=submit]`)
	campaign.shoot(t, filepath.Join(dir, "consult-errors-es.png"), false)
	shoot(campaign, "status-shortlist.png", status+"&lang=en", 1280, 900, true)
	shoot(campaign, "status-phone-es.png", status+"&lang=es", 390, 844, false, chromedp.EmulateScale(2), chromedp.EmulateMobile)

	advisor := newPerson(t, browser, srv.URL)
	advisor.login("advisor@example.org")
	shoot(advisor, "desk-queue.png", "/desk", 1280, 800, true)
	shoot(advisor, "desk-intake.png", "/desk/intakes/"+shared, 1280, 900, true)
	shoot(advisor, "desk-directory.png", "/desk/vendors?q=spanish+gotv&union_shop=true", 1280, 1000, false)
	shoot(advisor, "desk-vendor.png", "/desk/vendors/"+f.vendorUser.ID, 1280, 900, true)
	shoot(advisor, "desk-certifications.png", "/desk/certifications", 1280, 800, false)

	vendor := newPerson(t, browser, srv.URL)
	vendor.login(demo.VendorUserEmail(f.vendorUser.Slug))
	shoot(vendor, "vendor-portal.png", "/portal", 1280, 900, true)
}

// shoot saves a PNG of the page, whole or its first screen.
func (p *person) shoot(t *testing.T, path string, full bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	capture := chromedp.CaptureScreenshot()
	if full {
		capture = chromedp.FullScreenshot(100)
	}
	png, err := chromedp.Run(ctx, capture)
	if err != nil {
		t.Fatalf("screenshot %s: %v", path, err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s (%d KB)", path, len(png)>>10)
}

// demoIntakes submits the demo consultation forms and takes the first one
// (Spanish-heavy GOTV in South Texas) through a shared shortlist with an
// advisor's pin and note. It returns that intake's id and private link.
func (f *fixture) demoIntakes() (string, string) {
	f.t.Helper()
	var id, token string
	for i, form := range demo.Intakes() {
		rec, tok, err := f.intakes.Submit(f.ctx, form, "")
		if err != nil {
			f.t.Fatal(err)
		}
		if i == 0 {
			id, token = rec.ID, tok
		}
		if i == 1 {
			if _, err := f.intakes.GenerateShortlist(f.advisorCtx(), rec.ID, intake.GenerateOptions{Limit: 10}); err != nil {
				f.t.Fatal(err)
			}
		}
	}
	ctx := f.advisorCtx()
	sl, err := f.intakes.GenerateShortlist(ctx, id, intake.GenerateOptions{Limit: 8, Method: matching.MethodSAW})
	if err != nil {
		f.t.Fatal(err)
	}
	if len(sl.Result.Shortlist) == 0 {
		f.t.Fatal("the demo intake has an empty shortlist")
	}
	top := sl.Result.Shortlist[0]
	events := []intake.Event{
		{Type: intake.EventPin, VendorID: top.VendorID, Reason: "Native Spanish speakers on the Rio Grande Valley floor; we have worked with them before."},
		{Type: intake.EventNote, Reason: "Call the top three this week: early voting starts Oct 18."},
	}
	if n := len(sl.Result.Shortlist); n > 3 {
		events = append(events, intake.Event{Type: intake.EventDrop, VendorID: sl.Result.Shortlist[n-1].VendorID, Reason: "Missed two deadlines for another campaign this cycle."})
	}
	for _, e := range events {
		if _, err := f.intakes.AddEvent(ctx, sl.ID, e); err != nil {
			f.t.Fatal(err)
		}
	}
	if _, err := f.intakes.Share(ctx, sl.ID); err != nil {
		f.t.Fatal(err)
	}
	return id, token
}

// demoEvidence has the portal's vendor submit a certification with a PDF,
// so that the verification queue shows one with its document.
func (f *fixture) demoEvidence() {
	f.t.Helper()
	pdf := []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
	cert := catalog.Certification{Kind: "tcpa_audit", Status: catalog.CertPending,
		IssuedOn: demo.AsOf.AddDays(-30), ExpiresOn: demo.AsOf.AddDays(700)}
	doc := catalog.CertificationDocument{Filename: "tcpa-audit-2026.pdf", ContentType: "application/pdf", Data: pdf}
	if _, err := f.vendors.AddCertificationWithDocument(f.ctx, f.vendorUser.ID, cert, doc); err != nil {
		f.t.Fatal(err)
	}
}
