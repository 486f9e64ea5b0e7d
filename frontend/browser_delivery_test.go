package frontend_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"callmatch"
	"callmatch/intake"
	"callmatch/postgres"
)

// TestBrowserDelivery is issue 16's journey: a program signed a month ago
// has run; its vendor uploads the production CSV in the portal (a bad row
// first: nothing is stored and the row and field are named); the advisor
// and the campaign (in Spanish) see the pace chart; when the program's end
// is noticed the campaign is mailed a scorecard link, opens it from
// Mailpit and rates the vendor, once; and the vendor's quality
// contribution to a new program's ranking changes.
func TestBrowserDelivery(t *testing.T) {
	browser := newBrowser(t)
	f := newFixture(t, options{mail: true})
	today := callmatch.DateOf(time.Now())
	start, end := today.AddDays(-30), today.AddDays(-2)

	// The program was submitted, shared and signed before it started (a
	// request for days already past is refused): the campaign's and the
	// advisor's steps run on a copy of the service whose clock is then.
	then := *f.intakes
	then.Now = func() time.Time { return start.AddDays(-10).Time().Add(12 * time.Hour) }
	form := submitForm()
	form.Set("start_date", start.String())
	form.Set("end_date", end.String())
	parsed, err := intake.ParseValues(form)
	if err != nil {
		t.Fatal(err)
	}
	parsed.Lang = "es"
	rec0, token, err := then.Submit(f.ctx, parsed, "delivery-journey")
	if err != nil {
		t.Fatalf("submit: %v", err)
	}
	id := rec0.ID
	link := f.server.URL + "/status/" + id + "?token=" + url.QueryEscape(token)
	sl, err := then.GenerateShortlist(f.advisorCtx(), id, intake.GenerateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := then.Share(f.advisorCtx(), sl.ID); err != nil {
		t.Fatal(err)
	}
	e, err := then.Engage(f.advisorCtx(), id, f.vendorUser.ID, 9_000_000)
	if err != nil {
		t.Fatal(err)
	}

	// A new program the vendor could win, to watch its quality.
	form.Set("start_date", today.AddDays(60).String())
	form.Set("end_date", today.AddDays(100).String())
	form.Set("key", "delivery-journey-next")
	rec := f.do("", http.MethodPost, "/consult", form)
	if rec.Code != http.StatusOK {
		t.Fatalf("submit the next program: %d", rec.Code)
	}
	nu, _ := url.Parse(strings.ReplaceAll(between(rec.Body.String(), `id="status-link" href="`, `"`), "&amp;", "&"))
	next := strings.TrimPrefix(nu.Path, "/status/")
	quality := func() (float64, string) {
		_, res, err := f.intakes.WhatIfIntake(f.advisorCtx(), next, intake.WhatIf{})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range res.Shortlist {
			if c.VendorID == f.vendorUser.ID {
				for _, fa := range c.Factors {
					if fa.Criterion == "quality" {
						return fa.Contribution, strings.Join(c.Warnings, "; ")
					}
				}
			}
		}
		t.Fatalf("%s is not ranked for the next program", f.vendorUser.Name)
		return 0, ""
	}
	before, _ := quality()

	// The vendor uploads its production: first with a bad row.
	dir := t.TempDir()
	var good strings.Builder
	good.WriteString("day,language,dials,contacts,completes,agent_hours,opt_outs,complaints\n")
	for d := start; d <= end; d++ {
		fmt.Fprintf(&good, "%s,en,900,120,60,40,2,0\n%s,es,400,50,25,18,1,0\n", d, d)
	}
	bad := strings.Replace(good.String(), ",en,900,120,", ",en,900,1200,", 1) // row 1: contacts above dials
	badPath, goodPath := filepath.Join(dir, "bad.csv"), filepath.Join(dir, "good.csv")
	for path, body := range map[string]string{badPath: bad, goodPath: good.String()} {
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	vendor := newPerson(t, browser, f.server.URL)
	vendor.login("ops@middle.example.org")
	vendor.open("/portal")
	vendor.submit("open the program", chromedp.CSS(`a.report-link[href="/portal/engagements/`+e.ID+`"]`))
	vendor.do("choose the file with a bad row", chromedp.SetUploadFiles(`#r-file`, []string{badPath}))
	vendor.submit("upload it", `#r-upload`)
	if got := vendor.text(`#report-problems tbody`); !strings.Contains(got, "1") || !strings.Contains(got, "contacts") {
		t.Fatalf("the per-row report says %q, want row 1's contacts", got)
	}
	if !strings.Contains(vendor.text(`#report-result`), "Nothing was stored") {
		t.Fatal("a refused upload does not say that nothing was stored")
	}
	vendor.open("/portal/engagements/" + e.ID)
	vendor.do("choose the corrected file", chromedp.SetUploadFiles(`#r-file`, []string{goodPath}))
	vendor.submit("upload it", `#r-upload`)
	days := int(end-start) + 1
	if got, want := vendor.text(`#report-result p`), fmt.Sprintf("%d rows stored, 0 of them", 2*days); !strings.Contains(got, want) {
		t.Fatalf("after the upload: %q, want %q", got, want)
	}
	if !vendor.eval(`document.querySelector('svg.burnup-chart polyline.delivered') !== null`) {
		t.Fatal("the vendor's chart draws no delivered line")
	}

	// The advisor and the campaign see the chart and the table behind it.
	advisor := newPerson(t, browser, f.server.URL)
	advisor.login("advisor@example.org")
	advisor.open("/desk/intakes/" + id)
	delivered := fmt.Sprintf("%s of", groupInt(int64(1300*days)))
	if got := advisor.text(`section.burnup .pace-summary`); !strings.Contains(got, delivered) {
		t.Errorf("the desk's chart says %q, want %q", got, delivered)
	}
	if !advisor.eval(`document.querySelectorAll('section.burnup table.pace-table tbody tr').length > 0`) {
		t.Error("no table behind the desk's chart")
	}
	campaign := newPerson(t, browser, f.server.URL)
	campaign.do("open the status page in Spanish", chromedp.Navigate(link+"&lang=es"))
	if got := campaign.text(`section.burnup h2`); !strings.HasPrefix(got, "Llamadas frente al plan") {
		t.Errorf("the campaign's chart is headed %q, want it in Spanish", got)
	}
	if got, want := campaign.text(`section.burnup .pace-summary`), strings.Replace(delivered, " of", " de", 1); !strings.Contains(got, want) {
		t.Errorf("the campaign's chart says %q, want %q", got, want)
	}

	// The program's end is noticed; the campaign rates from the mail.
	store, ok := f.intakes.Delivery.(*postgres.IntakeStore)
	if !ok {
		t.Fatalf("the delivery store is a %T", f.intakes.Delivery)
	}
	if err := store.MailScorecardRequests(f.ctx); err != nil {
		t.Fatal(err)
	}
	mid, midText := waitQuality(t, quality, before)
	if !strings.Contains(midText, "verified over 1 program") {
		t.Errorf("the vendor's warnings say %q, want its track record", midText)
	}
	rate := f.mailLink(t, "ana@garcia.example.org", "/scorecard/")
	campaign.do("open the scorecard link from the mail", chromedp.Navigate(rate))
	if got := campaign.text(`h1`); got != "Califique a su centro de llamadas" {
		t.Errorf("the scorecard page is headed %q, want Spanish", got)
	}
	for _, k := range []string{"script_adherence", "data_handling", "responsiveness", "overall"} {
		campaign.do("rate "+k, chromedp.Click(chromedp.ID(k+"-5")))
	}
	campaign.do("comment", chromedp.SetValue(chromedp.ID("comment"), "Llamaron a tiempo y con respeto."))
	campaign.submit("send the rating", `#scorecard-submit`)
	if got := campaign.text(`#scorecard-thanks`); !strings.Contains(got, f.vendorUser.Name) {
		t.Errorf("after rating: %q", got)
	}
	campaign.do("open the link again", chromedp.Navigate(rate))
	if got := campaign.text(`#scorecard-problem`); !strings.Contains(got, "ya se usó") {
		t.Errorf("the used link says %q", got)
	}
	after, afterText := waitQuality(t, quality, mid)
	if after <= mid {
		t.Errorf("quality contribution %v after five stars, was %v", after, mid)
	}
	if !strings.Contains(afterText, "verified over 1 program") {
		t.Errorf("the vendor's warnings say %q", afterText)
	}

	// The vendor's portal shows its track record.
	vendor.open("/portal")
	if got := vendor.text(`#track-explanation`); !strings.Contains(got, "1 campaign scorecard") {
		t.Errorf("the portal's track record says %q", got)
	}
}

// waitQuality waits until the ranking's quality contribution moves from
// was: the catalog reloads the verified figures after the store's NOTIFY,
// which arrives when it arrives.
func waitQuality(t *testing.T, quality func() (float64, string), was float64) (float64, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for {
		q, text := quality()
		if q != was {
			return q, text
		}
		select {
		case <-ctx.Done():
			t.Fatalf("the quality contribution stayed %v", was)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// groupInt writes n with thousands separators, as the pages do.
func groupInt(n int64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
