package frontend_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"callmatch/intake"
)

// The engagement form preselects no vendor, refuses a post without one at
// the field (nothing recorded), and once the campaign has signed shows the
// engagement instead of offering the form again.
func TestEngagementFormChoosesNoVendorAndGoesAway(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	id, _ := f.newIntake()
	f.shareShortlist(id, url.Values{"cost": {"0"}, "quality": {"100"}, "capacity": {"0"}, "experience": {"0"}, "readiness": {"0"}, "method": {"saw"}, "limit": {"10"}})

	form := between(f.do("advisor", http.MethodGet, "/desk/intakes/"+id, nil).Body.String(), `id="engage-form"`, `</form>`)
	if form == "" {
		t.Fatal("no engagement form after sharing")
	}
	if strings.Count(form, " selected") != 1 || !strings.Contains(form, `<option value="" selected>Choose the vendor…</option>`) ||
		!strings.Contains(form, `name="vendor_id" required`) {
		t.Errorf("the form preselects a vendor:\n%s", form)
	}

	rec := f.do("advisor", http.MethodPost, "/desk/intakes/"+id+"/engagements", url.Values{"contract_value": {"$42,000"}})
	if body := rec.Body.String(); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body, "No engagement was recorded.") ||
		!strings.Contains(body, "vendor_id: choose the vendor the campaign signed with") {
		t.Fatalf("engage without a vendor: %d\n%s", rec.Code, between(body, `<div class="errors"`, `</div>`))
	}
	if engs, err := f.intakes.Engagements(f.advisorCtx(), id); err != nil || len(engs) != 0 {
		t.Fatalf("engagements after a refused post: %v, %v", engs, err)
	}
	rec = f.do("advisor", http.MethodPost, "/desk/intakes/"+id+"/engagements", url.Values{"contract_value": {"lots"}})
	if body := rec.Body.String(); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body, "vendor_id: choose") || !strings.Contains(body, "contract_value: must be an amount in dollars") {
		t.Errorf("both fields wrong: %d, want both named\n%s", rec.Code, between(body, `<div class="errors"`, `</div>`))
	}

	engage := url.Values{"vendor_id": {f.byName["Premium Phones"].ID}, "contract_value": {"$42,000"}}
	if rec := f.do("advisor", http.MethodPost, "/desk/intakes/"+id+"/engagements", engage); rec.Code != http.StatusSeeOther {
		t.Fatalf("engage: %d\n%s", rec.Code, rec.Body.String())
	}
	body := f.do("advisor", http.MethodGet, "/desk/intakes/"+id, nil).Body.String()
	section := between(body, `id="engagement"`, `</section>`)
	if !strings.Contains(section, "Engaged Premium Phones for $42,000") || strings.Contains(section, "<form") || strings.Contains(section, "Record engagement") {
		t.Errorf("after the engagement the section is:\n%s", section)
	}
}

// The engagement form offers what the campaign was shown: a vendor the
// advisor dropped after sharing, without sharing again, is still on the
// campaign's page, so the campaign may sign with it.
func TestEngagementFormOffersWhatTheCampaignSaw(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	id, _ := f.newIntake()
	f.shareShortlist(id, url.Values{"cost": {"0"}, "quality": {"100"}, "capacity": {"0"}, "experience": {"0"}, "readiness": {"0"}, "method": {"saw"}, "limit": {"10"}})
	versions, err := f.intakes.Shortlists(f.advisorCtx(), id)
	if err != nil || len(versions) == 0 {
		t.Fatal(versions, err)
	}
	vendor := f.byName["Premium Phones"].ID
	if _, err := f.intakes.AddEvent(f.advisorCtx(), versions[0].ID, intake.Event{Type: intake.EventDrop, VendorID: vendor,
		Reason: "Dropped after sharing"}); err != nil {
		t.Fatal(err)
	}

	form := between(f.do("advisor", http.MethodGet, "/desk/intakes/"+id, nil).Body.String(), `id="engage-form"`, `</form>`)
	if !strings.Contains(form, `<option value="`+vendor+`">Premium Phones</option>`) {
		t.Errorf("the form does not offer the vendor dropped after sharing:\n%s", form)
	}
	engage := url.Values{"vendor_id": {vendor}, "contract_value": {"$42,000"}}
	if rec := f.do("advisor", http.MethodPost, "/desk/intakes/"+id+"/engagements", engage); rec.Code != http.StatusSeeOther {
		t.Fatalf("engage: %d\n%s", rec.Code, between(rec.Body.String(), `<div class="errors"`, `</div>`))
	}
}
