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
