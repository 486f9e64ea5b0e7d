package frontend_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"callmatch"
	"callmatch/catalog"
)

// Rejecting a certification without a reason keeps the advisor on the
// queue, with the problem at the row and nothing decided; with a reason
// the rejection is recorded.
func TestRejectingWithoutReasonStaysOnTheQueue(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	if rec := f.upload("soc2.pdf", []byte("%PDF-1.4\n%%EOF\n")); rec.Code != http.StatusSeeOther {
		t.Fatalf("upload: %d\n%s", rec.Code, rec.Body.String())
	}
	certID := between(f.do("advisor", http.MethodGet, "/desk/certifications", nil).Body.String(), `data-cert="`, `"`)
	if certID == "" {
		t.Fatal("nothing in the queue")
	}

	rec := f.do("advisor", http.MethodPost, "/desk/certifications/"+certID+"/decision", url.Values{"status": {"rejected"}, "reason": {""}})
	body := rec.Body.String()
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body, "<h1>Certifications to verify</h1>") ||
		!strings.Contains(body, `<a href="#reason-`+certID+`">Reason: is required when rejecting: say why.</a>`) {
		t.Fatalf("reject without a reason: %d\n%s", rec.Code, body)
	}
	row := between(body, `data-cert="`+certID+`"`, `</tr>`)
	if !strings.Contains(row, `aria-invalid="true" aria-describedby="reason-error-`+certID+`"`) || !strings.Contains(row, `id="reason-error-`+certID+`">Reason is required when rejecting: say why.`) {
		t.Errorf("the row does not carry the field error:\n%s", row)
	}
	if st := f.vendor(f.vendorUser.ID).Certifications[0].Status; st != catalog.CertPending {
		t.Errorf("after a refused rejection the certification is %s", st)
	}

	rec = f.do("advisor", http.MethodPost, "/desk/certifications/"+certID+"/decision", url.Values{"status": {"rejected"}, "reason": {"The report is for another company"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("reject with a reason: %d\n%s", rec.Code, rec.Body.String())
	}
	if c := f.vendor(f.vendorUser.ID).Certifications[0]; c.Status != catalog.CertRejected || c.Reason != "The report is for another company" {
		t.Errorf("recorded %+v", c)
	}
}

// A verified certification past its expiry date reads "expired" with the
// date on the desk's vendor page and in the vendor's portal, never
// "verified".
func TestExpiredCertificationIsNeverShownVerified(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	today := callmatch.DateOf(time.Now())
	v := f.vendorUser
	v.Certifications = []catalog.Certification{
		{Kind: "soc2_type2", Status: catalog.CertVerified, IssuedOn: today.AddDays(-400), ExpiresOn: today.AddDays(-30)},
		{Kind: "pci_dss", Status: catalog.CertVerified, IssuedOn: today.AddDays(-30), ExpiresOn: today.AddDays(300)},
	}
	if _, _, err := f.vendors.UpsertVendors(f.ctx, []*catalog.Vendor{v}); err != nil {
		t.Fatal(err)
	}
	for role, page := range map[string]string{"advisor": "/desk/vendors/" + v.ID, "vendor": "/portal"} {
		body := f.do(role, http.MethodGet, page, nil).Body.String()
		table := between(body, "Certifications</h2>", "</table>")
		soc2 := between(table, "SOC 2 Type II", "</tr>")
		if !strings.Contains(soc2, `data-cert-state="expired">expired</span> <small class="nowrap">valid until `) || strings.Contains(soc2, "verified") {
			t.Errorf("%s: the expired SOC 2 Type II reads:\n%s", page, soc2)
		}
		if pci := between(table, "PCI DSS", "</tr>"); !strings.Contains(pci, `data-cert-state="verified">verified</span>`) {
			t.Errorf("%s: the valid PCI DSS reads:\n%s", page, pci)
		}
	}
}
