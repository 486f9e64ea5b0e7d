package frontend_test

import (
	"bytes"
	"context"
	"errors"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"callmatch/catalog"
	"callmatch/frontend"
)

func TestPortalSavesLanguagesAndCapacity(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	id := f.byName["Middle Call Co"].ID
	body := f.do("vendor", http.MethodGet, "/portal", nil).Body.String()
	if !strings.Contains(body, "Middle Call Co") || !strings.Contains(body, `data-lang="es"`) {
		t.Fatalf("portal:\n%s", body)
	}

	rec := f.do("vendor", http.MethodPost, "/portal/languages", url.Values{"lang": {"en", "es", "vi", ""}, "lang_seats": {"120", "77", "10", ""}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("save languages: %d\n%s", rec.Code, rec.Body.String())
	}
	v, _ := f.vendors.FindVendorByID(f.ctx, id)
	if v.SeatsIn("es") != 77 || v.SeatsIn("vi") != 10 {
		t.Fatalf("languages after saving: %+v", v.Languages)
	}

	// A bad number is refused with the section's problem, and nothing is stored.
	rec = f.do("vendor", http.MethodPost, "/portal/languages", url.Values{"lang": {"en", "es"}, "lang_seats": {"120", "lots"}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "Language line 2, seats: must be a whole number") {
		t.Fatalf("bad seats: %d\n%s", rec.Code, rec.Body.String())
	}
	if v, _ := f.vendors.FindVendorByID(f.ctx, id); v.SeatsIn("es") != 77 {
		t.Fatal("a refused save changed the vendor")
	}

	// One week of the grid changed: only that week is stored.
	weeks := between(f.do("vendor", http.MethodGet, "/portal", nil).Body.String(), `name="w_`, `"`)
	form := url.Values{"hours_per_day": {"9"}, "ramp_up_days": {"4"}, "w_" + weeks: {"55"}}
	if rec := f.do("vendor", http.MethodPost, "/portal/capacity", form); rec.Code != http.StatusSeeOther {
		t.Fatalf("save capacity: %d\n%s", rec.Code, rec.Body.String())
	}
	v, _ = f.vendors.FindVendorByID(f.ctx, id)
	if v.Capacity.HoursPerDay != 9 || len(v.Capacity.Calendar) != 1 || v.Capacity.Calendar[0].SeatsAvailable != 55 || v.Capacity.Calendar[0].WeekStart.String() != weeks {
		t.Fatalf("capacity after saving: %+v", v.Capacity)
	}
	if v.Status != catalog.StatusActive {
		t.Fatal("a vendor's save changed its status")
	}
}

// upload posts a certification with a file as the vendor user.
func (f *fixture) upload(name string, content []byte) *httptest.ResponseRecorder {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	_ = w.WriteField("kind", "soc2_type2")
	_ = w.WriteField("issued_on", "2026-06-01")
	_ = w.WriteField("expires_on", "2027-12-31")
	fw, _ := w.CreateFormFile("document", name)
	_, _ = fw.Write(content)
	_ = w.Close()
	req := httptest.NewRequest(http.MethodPost, "/portal/certifications", &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.AddCookie(&http.Cookie{Name: "callmatch_session", Value: f.cookies["vendor"]})
	rec := httptest.NewRecorder()
	f.handler.ServeHTTP(rec, req)
	return rec
}

// Evidence must be a PDF by its content, at most 10 MB; it then waits in
// the advisors' queue, who read it and decide.
func TestCertificationUploadAndVerification(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	if rec := f.upload("report.pdf", []byte("<html><script>alert(1)</script></html>")); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "must be a PDF file") {
		t.Fatalf("HTML named .pdf: %d\n%s", rec.Code, rec.Body.String())
	}
	big := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte{'x'}, catalog.MaxCertificationDocument)...)
	if rec := f.upload("big.pdf", big); rec.Code != http.StatusRequestEntityTooLarge || !strings.Contains(rec.Body.String(), "larger than 10 MB") {
		t.Fatalf("11 MB: %d\n%s", rec.Code, rec.Body.String())
	}
	pdf := []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
	if rec := f.upload(`soc2 "2026".pdf`, pdf); rec.Code != http.StatusSeeOther {
		t.Fatalf("PDF: %d\n%s", rec.Code, rec.Body.String())
	}
	if body := f.do("vendor", http.MethodGet, "/portal", nil).Body.String(); !strings.Contains(body, "pending") {
		t.Error("the vendor does not see its pending certification")
	}

	queue := f.do("advisor", http.MethodGet, "/desk/certifications", nil).Body.String()
	certID := between(queue, `data-cert="`, `"`)
	if certID == "" || !strings.Contains(queue, "Middle Call Co") {
		t.Fatalf("queue:\n%s", queue)
	}
	doc := f.do("advisor", http.MethodGet, "/desk/certifications/"+certID+"/document", nil)
	if doc.Code != http.StatusOK || !bytes.Equal(doc.Body.Bytes(), pdf) || doc.Header().Get("Content-Type") != "application/pdf" ||
		!strings.HasPrefix(doc.Header().Get("Content-Disposition"), "attachment") || !strings.Contains(doc.Header().Get("Content-Security-Policy"), "sandbox") {
		t.Fatalf("document: %d %v", doc.Code, doc.Header())
	}
	if rec := f.do("vendor", http.MethodGet, "/desk/certifications/"+certID+"/document", nil); rec.Code != http.StatusForbidden {
		t.Errorf("a vendor downloads from the desk: %d", rec.Code)
	}
	rec := f.do("advisor", http.MethodPost, "/desk/certifications/"+certID+"/decision", url.Values{"status": {"verified"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("verify: %d\n%s", rec.Code, rec.Body.String())
	}
	if body := f.do("advisor", http.MethodGet, "/desk/certifications", nil).Body.String(); !strings.Contains(body, "Nothing to verify") {
		t.Error("a verified certification is still queued")
	}
}

// The portal lists the vendor's own invoices through billing's hook, and
// billing being down leaves the rest of the portal working.
func TestPortalInvoices(t *testing.T) {
	t.Parallel()
	var asked []string
	fail := false
	hook := func(_ context.Context, vendorID string) ([]frontend.Invoice, error) {
		asked = append(asked, vendorID)
		if fail {
			return nil, errors.New("stripe is down")
		}
		return []frontend.Invoice{{Number: "CM-0001", IssuedAt: time.Date(2027, 11, 20, 0, 0, 0, 0, time.UTC),
			AmountCents: 420000, Status: "open", URL: "https://invoice.stripe.com/i/test"}}, nil
	}
	f := newFixture(t, options{invoices: hook})
	body := f.do("vendor", http.MethodGet, "/portal", nil).Body.String()
	if !strings.Contains(body, ">CM-0001</a>") || !strings.Contains(body, "$4,200") || !strings.Contains(body, "Nov 20, 2027") {
		t.Fatalf("invoices:\n%s", body)
	}
	if len(asked) != 1 || asked[0] != f.vendorUser.ID {
		t.Fatalf("invoices asked for %v", asked)
	}
	fail = true
	rec := f.do("vendor", http.MethodGet, "/portal", nil)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Invoices cannot be shown right now") {
		t.Fatalf("billing down: %d", rec.Code)
	}
}

// A vendor declares the issues and audiences it has worked and how its
// agents are paid on its profile; the desk shows them on the vendor's page
// and filters the directory by them. A wage is typed in dollars an hour.
func TestPortalExperienceAndLabor(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	own := f.vendorUser

	body := f.do("vendor", http.MethodGet, "/portal", nil).Body.String()
	for _, want := range []string{`name="issue_experience" value="healthcare"`, "> veterans&#39; affairs</label>",
		`name="audience_experience" value="aapi"`, "> AAPI</label>", "> first-time voters</label>",
		`name="labor.agent_wage"`, `<option value="contracted">contractors</option>`, `name="labor.benefits"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the portal's profile form lacks %q", want)
		}
	}

	form := profileForm(own, own.Description)
	form["issue_experience"] = []string{"healthcare", "immigration"}
	form["audience_experience"] = []string{"seniors", "latino"}
	form.Set("labor.agent_wage", "$17.50")
	form.Set("labor.employment", "employed")
	form.Set("labor.benefits", "on")
	if rec := f.do("vendor", http.MethodPost, "/portal/profile", form); rec.Code != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", rec.Code, between(rec.Body.String(), "<main", "</form>"))
	}
	got := f.vendor(own.ID)
	if strings.Join(got.IssueExperience, ",") != "healthcare,immigration" || strings.Join(got.AudienceExperience, ",") != "seniors,latino" ||
		got.Labor == nil || *got.Labor != (catalog.Labor{AgentWageFloorCents: 1750, Employment: "employed", Benefits: true}) {
		t.Fatalf("saved as issues %v audiences %v labor %+v", got.IssueExperience, got.AudienceExperience, got.Labor)
	}
	body = f.do("vendor", http.MethodGet, "/portal", nil).Body.String()
	if !strings.Contains(body, `value="healthcare" checked`) || !strings.Contains(body, `name="labor.agent_wage" value="17.50"`) ||
		!strings.Contains(body, `<option value="employed" selected>`) {
		t.Errorf("the portal does not show what was saved:\n%s", between(body, `id="profile"`, "</form>"))
	}

	// Bad values are named in words, and nothing is saved.
	for _, c := range []struct{ wage, employment, want string }{
		{"$250", "employed", "Lowest hourly wage: must be at most $200 an hour; got $250"},
		{"-5", "employed", "Lowest hourly wage: must be an hourly wage in dollars"},
		{"", "contracted", "Lowest hourly wage: is required when you declare how agents are employed"},
		{"15", "", "Agents are: must be one of employed, contracted, mixed"},
	} {
		bad := profileForm(got, "Not saved.")
		bad.Set("labor.agent_wage", c.wage)
		bad.Set("labor.employment", c.employment)
		rec := f.do("vendor", http.MethodPost, "/portal/profile", bad)
		if body := rec.Body.String(); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body, c.want) {
			t.Errorf("wage %q employment %q: %d, want 422 with %q\n%s", c.wage, c.employment, rec.Code, c.want, between(body, "<main", "<form"))
		}
	}
	bad := profileForm(got, "Not saved.")
	bad["issue_experience"] = []string{"crime"}
	if rec := f.do("vendor", http.MethodPost, "/portal/profile", bad); rec.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(rec.Body.String(), "Issue 1: &#34;crime&#34; is not allowed; must be one of economy, healthcare") {
		t.Errorf("unknown issue area: %d\n%s", rec.Code, between(rec.Body.String(), "<main", "<form"))
	}
	if again := f.vendor(own.ID); again.Description == "Not saved." || again.Labor.AgentWageFloorCents != 1750 {
		t.Error("a refused save changed the vendor")
	}

	page := f.do("advisor", http.MethodGet, "/desk/vendors/"+own.ID, nil).Body.String()
	for _, want := range []string{`<dd id="issue-experience">healthcare, immigration</dd>`, `<dd id="audience-experience">seniors, Latino</dd>`,
		`<dd id="labor">at least $17.50 an hour; employees; with benefits</dd>`} {
		if !strings.Contains(page, want) {
			t.Errorf("the desk's vendor page lacks %q", want)
		}
	}
	other := f.byName["Premium Phones"]
	if page := f.do("advisor", http.MethodGet, "/desk/vendors/"+other.ID, nil).Body.String(); !strings.Contains(page, `<dd id="labor">not declared</dd>`) {
		t.Error("a vendor without a declaration is not shown as such")
	}

	// Without a search index the directory lists from PostgreSQL with the
	// same filters.
	dir := f.do("advisor", http.MethodGet, "/desk/vendors?issue_area=healthcare&audience=latino", nil).Body.String()
	if !strings.Contains(dir, `id="facet-issue_area"`) || !strings.Contains(dir, `data-vendor="`+own.ID+`"`) ||
		strings.Contains(dir, `data-vendor="`+other.ID+`"`) || !strings.Contains(dir, "healthcare, immigration · seniors, Latino") {
		t.Errorf("directory filtered by experience:\n%s", between(dir, `id="results"`, "</table>"))
	}
}

// The slug and the metrics (with their verification) are set by staff on
// the desk's profile form; a vendor user's post carrying them is refused
// whole, even on its own profile, and changes nothing.
func TestPortalStaffOnlyFields(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	own := f.vendorUser
	if body := f.do("vendor", http.MethodGet, "/portal", nil).Body.String(); strings.Contains(body, `name="slug"`) || strings.Contains(body, `name="metrics.`) {
		t.Error("the portal offers the vendor its slug or metrics to edit")
	}
	for _, extra := range []url.Values{
		{"slug": {"number-one"}},
		{"metrics.contact_rate": {"0.5"}, "metrics.qa_score": {"1"}, "metrics.verified": {"on"}},
		{"metrics.verified": {"on"}},
	} {
		form := profileForm(own, "Still ours.")
		for k, v := range extra {
			form[k] = v
		}
		if rec := f.do("vendor", http.MethodPost, "/portal/profile", form); rec.Code != http.StatusForbidden {
			t.Errorf("a vendor user posts %v: %d, want 403", extra, rec.Code)
		}
	}
	got := f.vendor(own.ID)
	if got.Slug != own.Slug || got.Metrics != own.Metrics || got.Description == "Still ours." {
		t.Fatalf("a refused post changed the vendor: %q %+v %q", got.Slug, got.Metrics, got.Description)
	}

	edit := "/desk/vendors/" + own.ID + "/edit"
	if body := f.do("advisor", http.MethodGet, edit, nil).Body.String(); !strings.Contains(body, `name="slug"`) || !strings.Contains(body, `name="metrics.contact_rate"`) {
		t.Error("the desk's profile form lacks the slug or metrics")
	}
	form := profileForm(own, own.Description)
	form["slug"] = []string{"middle-call-co-tx"}
	form["metrics.contact_rate"] = []string{"0.25"}
	form["metrics.qa_score"] = []string{"0.5"} // verification unchecked: self-reported
	if rec := f.do("advisor", http.MethodPost, edit+"/profile", form); rec.Code != http.StatusSeeOther {
		t.Fatalf("advisor saves slug and metrics: %d\n%s", rec.Code, rec.Body.String())
	}
	got = f.vendor(own.ID)
	if got.Slug != "middle-call-co-tx" || got.Metrics.ContactRate != 0.25 || got.Metrics.QAScore != 0.5 || got.Metrics.Verified {
		t.Fatalf("after the advisor's save: %q %+v", got.Slug, got.Metrics)
	}
	form["metrics.qa_score"] = []string{"high"}
	rec := f.do("advisor", http.MethodPost, edit+"/profile", form)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "qa score: must be a number") {
		t.Errorf("a bad metric: %d\n%s", rec.Code, rec.Body.String())
	}
}

// Invalid UTF-8 in a vendor form is the person's mistake, answered 422
// naming the field, never a database error.
func TestPortalInvalidUTF8(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	own := f.vendorUser
	bad := "Caf\xe9 Calls"
	tests := []struct {
		role, target string
		form         url.Values
		want         string
	}{
		{"vendor", "/portal/profile", func() url.Values { v := profileForm(own, "ok"); v.Set("name", bad); return v }(), "Name"},
		{"vendor", "/portal/profile", profileForm(own, bad), "Description"},
		{"vendor", "/portal/sites", url.Values{"city": {bad}, "region": {"TX"}, "country": {"US"}, "timezone": {"America/Chicago"}, "seats": {"10"}}, "Site 1, city"},
		{"advisor", "/desk/vendors/" + own.ID + "/edit/profile", func() url.Values { v := profileForm(own, "ok"); v.Set("website", "https://x.example/\xff"); return v }(), "Website"},
		{"advisor", "/desk/vendors/" + own.ID + "/edit/sites", url.Values{"city": {"Austin"}, "region": {"TX"}, "country": {"US"}, "timezone": {"America/\xffChicago"}, "seats": {"10"}}, "Site 1, timezone"},
	}
	for _, tt := range tests {
		rec := f.do(tt.role, http.MethodPost, tt.target, tt.form)
		if body := rec.Body.String(); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body, tt.want) {
			t.Errorf("%s %s: %d, want 422 naming %q\n%s", tt.role, tt.target, rec.Code, tt.want, between(body, "<main", "</form>"))
		}
	}
	if got := f.vendor(own.ID); got.Name != own.Name || got.Description != own.Description {
		t.Error("a refused post changed the vendor")
	}
}
