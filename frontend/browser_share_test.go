package frontend_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// On a phone, the campaign reads what changed in its updated shortlist and
// writes to its advisor; the advisor is mailed and reads it on the desk.
func TestBrowserShareUpdateAndMessage(t *testing.T) {
	browser := newBrowser(t)
	f := newFixture(t, options{mail: true})
	id, token := f.newIntake()
	weights := url.Values{"cost": {"0"}, "quality": {"100"}, "capacity": {"0"}, "experience": {"0"}, "readiness": {"0"},
		"method": {"saw"}, "limit": {"10"}}
	rec := f.do("advisor", http.MethodPost, "/desk/intakes/"+id+"/shortlists", weights)
	page := f.do("advisor", http.MethodGet, rec.Header().Get("Location"), nil).Body.String()
	shortlistID := between(page, `action="/desk/shortlists/`, `/share"`)
	share := url.Values{"intake_id": {id}}
	f.do("advisor", http.MethodPost, "/desk/shortlists/"+shortlistID+"/share", share)
	f.do("advisor", http.MethodPost, "/desk/shortlists/"+shortlistID+"/events", url.Values{"type": {"drop"},
		"vendor_id": {f.byName["Budget Dialers"].ID}, "reason": {"PRIVATE reason"}, "intake_id": {id}})
	if rec := f.do("advisor", http.MethodPost, "/desk/shortlists/"+shortlistID+"/share", share); rec.Code != http.StatusSeeOther {
		t.Fatalf("share again: %d", rec.Code)
	}

	c := newPerson(t, browser, f.server.URL)
	c.do("open the status page on a phone", chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(f.server.URL+"/status/"+id+"?token="+url.QueryEscape(token)))
	if got := c.text(`#shortlist-changes`); !strings.Contains(got, "Shortlist updated on") || !strings.Contains(got, "Budget Dialers is no longer on the list.") {
		t.Fatalf("what changed reads %q", got)
	}
	if !c.eval(`document.documentElement.scrollWidth <= 390`) {
		t.Error("the status page is wider than the phone")
	}
	c.do("write to the advisor", chromedp.SetValue(chromedp.ID("campaign-message"), "Could we add Vietnamese calls?"))
	c.submit("send it", `#send-message`)
	if got := c.text(`#message-sent`); !strings.Contains(got, "Your message was sent") {
		t.Fatalf("after sending: %q", got)
	}

	f.waitSubject(t, "advisor@example.org", "A message from Garcia for Congress")
	a := newPerson(t, browser, f.server.URL)
	a.login("advisor@example.org")
	a.open("/desk/intakes/" + id)
	if got := a.text(`#campaign-messages .message-body`); got != "Could we add Vietnamese calls?" {
		t.Errorf("the desk shows %q", got)
	}
}
