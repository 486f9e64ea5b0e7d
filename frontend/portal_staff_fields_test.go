package frontend_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

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
