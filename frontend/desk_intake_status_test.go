package frontend_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"callmatch"
	"callmatch/intake"
)

// The intake page offers only the status actions the lifecycle allows,
// applies them, and shows a refused one as the reason on the page.
func TestDeskIntakeReviewAndClose(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	id, _ := f.newIntake()
	page := "/desk/intakes/" + id

	body := f.do("advisor", http.MethodGet, page, nil).Body.String()
	if !strings.Contains(body, `action="/desk/intakes/`+id+`/review"`) || strings.Contains(body, `id="close-intake"`) {
		t.Fatalf("a submitted intake should offer review only:\n%s", body)
	}

	// Closing before an engagement is refused with the lifecycle's reason.
	rec := f.do("advisor", http.MethodPost, page+"/close", url.Values{})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "The intake is submitted and cannot become closed.") {
		t.Fatalf("close a submitted intake: %d\n%s", rec.Code, rec.Body.String())
	}
	f.wantStatus(id, intake.StatusSubmitted)

	rec = f.do("advisor", http.MethodPost, page+"/review", url.Values{})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != page+"?done=reviewed" {
		t.Fatalf("review: %d to %q\n%s", rec.Code, rec.Header().Get("Location"), rec.Body.String())
	}
	f.wantStatus(id, intake.StatusInReview)
	body = f.do("advisor", http.MethodGet, rec.Header().Get("Location"), nil).Body.String()
	if !strings.Contains(body, "Marked as in review.") || !strings.Contains(body, `id="intake-status">in review</span>`) {
		t.Errorf("the page after review lacks the notice or the new status:\n%s", body)
	}
	if strings.Contains(body, `id="start-review"`) || strings.Contains(body, `id="close-intake"`) {
		t.Error("an intake in review still offers review or close")
	}
	// A second review (say, from a stale tab) is refused, not a 500.
	rec = f.do("advisor", http.MethodPost, page+"/review", url.Values{})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "The intake is in_review and cannot become in_review.") {
		t.Fatalf("review twice: %d\n%s", rec.Code, rec.Body.String())
	}

	f.engageThroughPages(id, "Premium Phones")
	f.wantStatus(id, intake.StatusEngaged)
	if body := f.do("advisor", http.MethodGet, page, nil).Body.String(); !strings.Contains(body, `action="/desk/intakes/`+id+`/close"`) {
		t.Fatalf("an engaged intake does not offer close:\n%s", body)
	}
	rec = f.do("advisor", http.MethodPost, page+"/close", url.Values{})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != page+"?done=closed" {
		t.Fatalf("close: %d\n%s", rec.Code, rec.Body.String())
	}
	f.wantStatus(id, intake.StatusClosed)
	body = f.do("advisor", http.MethodGet, rec.Header().Get("Location"), nil).Body.String()
	if !strings.Contains(body, "Intake closed.") || !strings.Contains(body, `id="intake-status">closed</span>`) ||
		strings.Contains(body, `id="status-actions"`) {
		t.Errorf("the closed intake's page:\n%s", body)
	}

	// No such intake is a 404 page for every action.
	for _, action := range []string{"review", "close", "erase"} {
		for _, missing := range []string{"00000000-0000-4000-8000-000000000000", "not-an-id"} {
			rec := f.do("advisor", http.MethodPost, "/desk/intakes/"+missing+"/"+action, url.Values{"confirm": {"yes"}})
			if rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), "<html") {
				t.Errorf("%s of %s: %d, want a 404 page", action, missing, rec.Code)
			}
		}
	}
}

// Erasing needs the ticked confirmation, checked on the server; with it
// the contact is gone for good and the erasure is audited.
func TestDeskIntakeErase(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	id, _ := f.newIntake()
	page := "/desk/intakes/" + id

	body := f.do("advisor", http.MethodGet, page, nil).Body.String()
	if !strings.Contains(body, `action="/desk/intakes/`+id+`/erase"`) || !strings.Contains(body, `name="confirm" value="yes" required`) {
		t.Fatalf("no erase form with a required confirmation:\n%s", body)
	}

	for _, form := range []url.Values{{}, {"confirm": {"on"}}} {
		rec := f.do("advisor", http.MethodPost, page+"/erase", form)
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "Nothing was erased.") {
			t.Fatalf("erase without confirmation %v: %d\n%s", form, rec.Code, rec.Body.String())
		}
	}
	// Neither a vendor nor a cross-site form may erase.
	if rec := f.do("vendor", http.MethodPost, page+"/erase", url.Values{"confirm": {"yes"}}); rec.Code != http.StatusForbidden {
		t.Fatalf("vendor erase: %d", rec.Code)
	}
	if rec := f.do("advisor", http.MethodPost, page+"/erase", url.Values{"confirm": {"yes"}}, "Sec-Fetch-Site", "cross-site"); rec.Code != http.StatusForbidden {
		t.Fatalf("cross-site erase: %d", rec.Code)
	}
	if rec, err := f.intakes.Contact(f.advisorCtx(), id); err != nil || rec.Form.Contact.Email != "ana@garcia.example.org" {
		t.Fatalf("the contact is not intact after refused erasures: %v %+v", err, rec)
	}

	rec := f.do("advisor", http.MethodPost, page+"/erase", url.Values{"confirm": {"yes"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != page+"?done=erased" {
		t.Fatalf("erase: %d\n%s", rec.Code, rec.Body.String())
	}
	if _, err := f.intakes.Contact(f.advisorCtx(), id); callmatch.ErrorCode(err) != callmatch.ENOTFOUND {
		t.Fatalf("the contact is still readable after erasure: %v", err)
	}
	in, err := f.intakes.Get(f.ctx, id)
	if err != nil || in.ErasedAt == nil || in.Form.Campaign.Name != "" || in.Status != intake.StatusSubmitted {
		t.Fatalf("stored intake after erasure: %v %+v", err, in)
	}
	body = f.do("advisor", http.MethodGet, rec.Header().Get("Location"), nil).Body.String()
	if !strings.Contains(body, "personal data is erased.") || !strings.Contains(body, "Personal data erased on") ||
		strings.Contains(body, `/erase"`) || strings.Contains(body, "Garcia") {
		t.Errorf("the erased intake's page:\n%s", body)
	}

	erasures := f.auditedBy("intake", id, "intake.erase")
	if len(erasures) != 1 || !strings.HasPrefix(erasures[0], "user:") || !strings.HasSuffix(erasures[0], " "+callmatch.RoleAdvisor) {
		t.Errorf("audit rows of the erasure: %q", erasures)
	}
}

// wantStatus checks the intake's stored status.
func (f *fixture) wantStatus(id, want string) {
	f.t.Helper()
	in, err := f.intakes.Get(f.ctx, id)
	if err != nil {
		f.t.Fatal(err)
	}
	if in.Status != want {
		f.t.Fatalf("stored status %q, want %q", in.Status, want)
	}
}

// engageThroughPages saves a quality-first shortlist, shares it and
// records an engagement of vendor, as an advisor does on the intake page.
func (f *fixture) engageThroughPages(id, vendor string) {
	f.t.Helper()
	f.shareShortlist(id, url.Values{"cost": {"0"}, "quality": {"100"}, "capacity": {"0"}, "experience": {"0"}, "readiness": {"0"}, "method": {"saw"}, "limit": {"10"}})
	engage := url.Values{"vendor_id": {f.byName[vendor].ID}, "contract_value": {"$42,000"}}
	if rec := f.do("advisor", http.MethodPost, "/desk/intakes/"+id+"/engagements", engage); rec.Code != http.StatusSeeOther {
		f.t.Fatalf("engage: %d\n%s", rec.Code, rec.Body.String())
	}
}
