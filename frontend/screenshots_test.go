package frontend_test

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"callmatch/catalog"
	"callmatch/demo"
)

// screenshotsEnv names the directory `make screenshots` writes to.
const screenshotsEnv = "CALLMATCH_SCREENSHOTS"

// TestScreenshots writes PNGs of the main pages, on the demo that
// `callmatch dev` seeds (seed.Demo: the demo catalog, users, and campaigns
// in every status with shortlists, engagements and invoices), for the
// README. It runs only when CALLMATCH_SCREENSHOTS names a directory:
// `make screenshots`.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv(screenshotsEnv)
	if dir == "" {
		t.Skipf("set %s to a directory (make screenshots) to write the README's screenshots", screenshotsEnv)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	browser := newBrowser(t)
	f, rep, portal := newDemoFixture(t, true)
	srv := httptest.NewServer(f.handler)
	t.Cleanup(srv.Close)
	status := rep.StatusPath()
	shared := rep.Featured().IntakeID

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
	shoot(campaign, "status-quotes-es.png", status+"&lang=es#quotes", 1280, 900, false)
	// From the status page just shown: a shared vendor's card on a phone,
	// then two vendors side by side.
	shoot(campaign, "status-vendor-card-phone-es.png", sharedPath(campaign, "/vendors/", 1), 390, 844, false,
		chromedp.EmulateScale(2), chromedp.EmulateMobile)
	campaign.open(status + "&lang=en")
	shoot(campaign, "status-compare.png", sharedPath(campaign, "/compare", 2), 1280, 800, false)

	advisor := newPerson(t, browser, srv.URL)
	advisor.login(demo.AdvisorEmail)
	shoot(advisor, "desk-queue.png", "/desk", 1280, 800, true)
	shoot(advisor, "desk-intake.png", "/desk/intakes/"+shared, 1280, 900, true)
	shoot(advisor, "desk-quotes.png", "/desk/intakes/"+shared+"#quotes", 1280, 900, false)
	shoot(advisor, "desk-directory.png", "/desk/vendors?q=spanish+gotv&union_shop=true", 1280, 1000, false)
	shoot(advisor, "desk-vendor.png", "/desk/vendors/"+f.vendorUser.ID, 1280, 900, true)
	shoot(advisor, "desk-certifications.png", "/desk/certifications", 1280, 800, false)
	shoot(advisor, "desk-capacity.png", "/desk/capacity", 1280, 900, true)
	for _, c := range rep.Campaigns {
		if c.Plan.Key == "demo-2027-seo-assembly" { // only a team plan can serve it
			shoot(advisor, "desk-split.png", "/desk/intakes/"+c.IntakeID+"/plan", 1280, 900, true)
		}
	}

	vendor := newPerson(t, browser, srv.URL)
	vendor.login(portal)
	shoot(vendor, "vendor-portal.png", "/portal", 1280, 900, true)
	shootDelivery(t, f, browser, srv.URL, rep, advisor, shoot)

	// The vendor of the featured campaign's released quote: its
	// Opportunities and the invitation it answered.
	if len(rep.Featured().Invited) == 0 {
		t.Fatal("the featured campaign invited no vendor to quote")
	}
	quoted := newPerson(t, browser, srv.URL)
	quoted.login(demo.VendorUserEmail(f.vendor(rep.Featured().Invited[0]).Slug))
	shoot(quoted, "portal-opportunities.png", "/portal/opportunities", 1280, 900, true)
	quoted.submit("open the invitation", `#open-table a`)
	quoted.shoot(t, filepath.Join(dir, "portal-invitation.png"), true)
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
