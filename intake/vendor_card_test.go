package intake

import (
	"testing"
	"time"

	"callmatch"
	"callmatch/catalog"
)

// A public profile leaves out rejected certifications (and every review
// reason), and calls a certification expired from the day after its end,
// whatever its review said.
func TestPublicProfileCertifications(t *testing.T) {
	today := callmatch.MustParseDate("2026-12-07")
	s := &Service{Now: func() time.Time { return today.Time().Add(12 * time.Hour) }}
	v := &catalog.Vendor{ID: "v1", Name: "Middle Call Co", Status: catalog.StatusActive, Slug: "middle",
		Certifications: []catalog.Certification{
			{ID: "c1", Kind: "soc2_type2", Status: catalog.CertVerified, IssuedOn: today.AddDays(-400), ExpiresOn: today.AddDays(-1)},
			{ID: "c2", Kind: "pci_dss", Status: catalog.CertVerified, IssuedOn: today.AddDays(-30), ExpiresOn: today},
			{ID: "c3", Kind: "tcpa_audit", Status: catalog.CertRejected, Reason: "Forged stamp"},
			{ID: "c4", Kind: "iso27001", Status: catalog.CertPending, ExpiresOn: today.AddDays(300)},
		}}
	p := s.publicProfile(v)
	want := []PublicCertification{
		{Kind: "soc2_type2", Status: catalog.CertVerified, Expired: true, IssuedOn: today.AddDays(-400), ExpiresOn: today.AddDays(-1)},
		{Kind: "pci_dss", Status: catalog.CertVerified, IssuedOn: today.AddDays(-30), ExpiresOn: today},
		{Kind: "iso27001", Status: catalog.CertPending, ExpiresOn: today.AddDays(300)},
	}
	if len(p.Certifications) != len(want) {
		t.Fatalf("certifications %+v, want %+v", p.Certifications, want)
	}
	for i := range want {
		if p.Certifications[i] != want[i] {
			t.Errorf("certification %d: %+v, want %+v", i, p.Certifications[i], want[i])
		}
	}
}
