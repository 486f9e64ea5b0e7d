package frontend_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"callmatch/demo"
	"callmatch/demo/seed"
)

// shootDelivery adds issue 16's pages to the screenshots: the runoff that
// is behind pace on the campaign's phone (Spanish) and in its vendor's
// program page, and the track record of the vendor that delivered the
// three Texas programs.
func shootDelivery(t *testing.T, f *fixture, browser context.Context, base string, rep *seed.Report, advisor *person,
	shoot func(p *person, name, path string, width, height int64, full bool, opts ...chromedp.EmulateViewportOption)) {
	t.Helper()
	for _, c := range rep.Campaigns {
		switch {
		case strings.HasPrefix(c.Plan.Key, "demo-2026-runoff-"):
			engs, err := f.intakes.Engagements(f.advisorCtx(), c.IntakeID)
			if err != nil || len(engs) != 1 {
				t.Fatalf("the runoff's engagements: %v, %v", engs, err)
			}
			if c.Token != "" {
				campaign := newPerson(t, browser, base)
				shoot(campaign, "status-pace-phone-es.png", "/status/"+c.IntakeID+"?token="+c.Token+"&lang=es#pace-h-"+engs[0].ID, 390, 844, false,
					chromedp.EmulateScale(2), chromedp.EmulateMobile)
			}
			vendor := newPerson(t, browser, base)
			vendor.login(demo.VendorUserEmail(f.vendor(engs[0].VendorID).Slug))
			shoot(vendor, "portal-program.png", "/portal/engagements/"+engs[0].ID, 1280, 900, true)
		case c.Plan.Key == "demo-2026-tx-hd-46":
			shoot(advisor, "desk-track-record.png", "/desk/vendors/"+c.Engaged[0], 1280, 700, false)
		}
	}
}
