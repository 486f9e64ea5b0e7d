package frontend_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"callmatch"
	"callmatch/catalog"
)

// TestBrowserDeskFixes is issue 17's points 9 and 10 as an advisor meets
// them on a phone-width screen: a directory search that finds nothing
// offers a correction, the engagement form chooses no vendor for them and
// goes away once the engagement is recorded, a rejection without a reason
// stays on the queue at the field, and an expired certificate reads
// "expired".
func TestBrowserDeskFixes(t *testing.T) {
	browser := newBrowser(t)
	f := newFixture(t, options{search: true})
	a := newPerson(t, browser, f.server.URL)
	a.do("use a phone-width screen", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	a.login("advisor@example.org")

	t.Run("directory: did you mean, rates with units", func(t *testing.T) {
		a.t = t
		a.open("/desk/vendors")
		a.do("type a state with a first-letter typo", chromedp.SendKeys(chromedp.ID("q"), "iexas"))
		a.waitFor("the correction is offered", `document.querySelector('#did-you-mean a')?.textContent === 'texas'`)
		a.submit("follow the correction", `#did-you-mean a`)
		if got := a.text(`#result-count`); got != "5 vendors for “texas”" {
			t.Errorf("after the correction: %q", got)
		}
		if !a.eval(`document.getElementById('q').value === 'texas' &&
			[...document.querySelectorAll('td.rates')].every(td => td.textContent.includes('an agent-hour')) &&
			document.querySelector('#facet-sort option[value=hourly_cost]') !== null`) {
			t.Error("the corrected search does not refill the box, or rates lack their unit, or the cost sort is missing")
		}
	})

	id, _ := f.newIntake()
	f.shareShortlist(id, url.Values{"cost": {"0"}, "quality": {"100"}, "capacity": {"0"}, "experience": {"0"}, "readiness": {"0"}, "method": {"saw"}, "limit": {"10"}})
	t.Run("engagement: no vendor chosen for the advisor; the form goes once recorded", func(t *testing.T) {
		a.t = t
		a.open("/desk/intakes/" + id + "#engagement")
		a.do("type the contract value only", chromedp.SendKeys(chromedp.ID("eng-value"), "42,000"))
		a.do("try to record it", chromedp.Click(`#engage-form button[type=submit]`))
		if !a.eval(`document.getElementById('eng-vendor').value === '' && document.getElementById('eng-vendor').validity.valueMissing &&
			document.getElementById('engage-form') !== null`) {
			t.Fatal("the form preselects a vendor or was sent without one")
		}
		a.do("choose the vendor", chromedp.SetValue(chromedp.ID("eng-vendor"), f.byName["Premium Phones"].ID))
		a.submit("record the engagement", `#engage-form button[type=submit]`)
		if got := a.text(`#engagement .engagement`); !strings.HasPrefix(got, "Engaged Premium Phones for $42,000") {
			t.Errorf("the engagement reads %q", got)
		}
		if a.eval(`document.getElementById('engage-form') !== null`) {
			t.Error("the engagement form is still offered after the engagement")
		}
	})

	if rec := f.upload("soc2.pdf", []byte("%PDF-1.4\n%%EOF\n")); rec.Code != http.StatusSeeOther {
		t.Fatalf("upload: %d", rec.Code)
	}
	t.Run("certifications: reject without a reason, expired reads expired", func(t *testing.T) {
		a.t = t
		a.open("/desk/certifications")
		a.submit("reject without a reason", `form[action$="/decision"] button[value=rejected]`)
		if got := a.text(`.errors`); !strings.Contains(got, "Reason: is required when rejecting") {
			t.Fatalf("after rejecting without a reason: %q", got)
		}
		if !a.eval(`document.activeElement?.getAttribute('aria-invalid') === 'true' &&
			document.querySelector('h1').textContent === 'Certifications to verify'`) {
			t.Error("the advisor is not back at the reason field on the queue")
		}

		today := callmatch.DateOf(time.Now())
		v := f.vendor(f.vendorUser.ID)
		v.Certifications = []catalog.Certification{{Kind: "soc2_type2", Status: catalog.CertVerified, IssuedOn: today.AddDays(-400), ExpiresOn: today.AddDays(-1)}}
		if _, _, err := f.vendors.UpsertVendors(f.ctx, []*catalog.Vendor{v}); err != nil {
			t.Fatal(err)
		}
		a.open("/desk/vendors/" + v.ID)
		if got := a.text(`[data-cert-state]`); got != "expired" {
			t.Errorf("the expired SOC 2 Type II reads %q", got)
		}
	})
}
