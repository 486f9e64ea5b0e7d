package postgres

import (
	"bytes"
	"testing"

	"callmatch"
	"callmatch/catalog"
)

func TestCertificationDocument(t *testing.T) {
	t.Parallel()
	db, s := newVendorStore(t)
	v := mustCreate(t, s, testVendor("evidence"))
	pdf := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("x"), 2000)...)
	doc := catalog.CertificationDocument{Filename: "soc2.pdf", ContentType: "application/pdf", Data: pdf}
	c, err := s.AddCertificationWithDocument(staffCtx(t), v.ID, pendingCert("soc2_type2"), doc)
	if err != nil {
		t.Fatal(err)
	}

	got, vendorID, err := s.FindCertificationDocument(t.Context(), c.ID)
	if err != nil || vendorID != v.ID || !bytes.Equal(got.Data, pdf) || got.Size != len(pdf) || len(got.SHA256) != 32 {
		t.Fatalf("document = %+v for %s, %v", got, vendorID, err)
	}
	queue, err := s.FindPendingCertifications(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(queue) != 1 || queue[0].ID != c.ID || queue[0].VendorName != v.Name || queue[0].Document == nil ||
		queue[0].Document.Filename != "soc2.pdf" || queue[0].Document.Data != nil {
		t.Fatalf("queue = %+v", queue)
	}
	docs, err := s.CertificationDocumentsFor(t.Context(), v.ID)
	if err != nil || docs[c.ID] == nil || docs[c.ID].Size != len(pdf) || docs[c.ID].Data != nil {
		t.Fatalf("documents for vendor = %+v, %v", docs, err)
	}
	entries, err := db.AuditFor(t.Context(), "certification", c.ID)
	if err != nil || len(entries) != 1 || !bytes.Contains(entries[0].After["document"], []byte(`"soc2.pdf"`)) ||
		bytes.Contains(entries[0].After["document"], []byte("PDF-1.7")) {
		t.Fatalf("audit: %+v, %v", entries, err)
	}

	if _, _, err := s.DecideCertification(staffCtx(t), c.ID, catalog.CertificationDecision{Status: catalog.CertVerified}); err != nil {
		t.Fatal(err)
	}
	if queue, _ := s.FindPendingCertifications(t.Context()); len(queue) != 0 {
		t.Fatalf("a decided certification is still queued: %+v", queue)
	}
}

func TestCertificationDocumentRefused(t *testing.T) {
	t.Parallel()
	_, s := newVendorStore(t)
	v := mustCreate(t, s, testVendor("refused"))
	for name, doc := range map[string]catalog.CertificationDocument{
		"empty":     {Filename: "a.pdf", ContentType: "application/pdf"},
		"not pdf":   {Filename: "a.pdf", ContentType: "text/html", Data: []byte("<html>")},
		"too big":   {Filename: "a.pdf", ContentType: "application/pdf", Data: make([]byte, catalog.MaxCertificationDocument+1)},
		"long name": {Filename: string(bytes.Repeat([]byte("a"), 300)), ContentType: "application/pdf", Data: []byte("%PDF-")},
	} {
		if _, err := s.AddCertificationWithDocument(staffCtx(t), v.ID, pendingCert("pci_dss"), doc); callmatch.ErrorCode(err) != callmatch.EINVALID {
			t.Errorf("%s: %v, want invalid", name, err)
		}
	}
	if queue, _ := s.FindPendingCertifications(t.Context()); len(queue) != 0 {
		t.Fatalf("a refused upload left a certification: %+v", queue)
	}
}
