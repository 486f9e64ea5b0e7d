package postgres

import (
	"strings"
	"sync"
	"testing"

	"callmatch"
	"callmatch/catalog"
)

func pendingCert(kind string) catalog.Certification {
	return catalog.Certification{Kind: kind, Status: catalog.CertPending,
		IssuedOn: callmatch.MustParseDate("2026-02-01"), ExpiresOn: callmatch.MustParseDate("2027-02-01")}
}

// vendorWithPending creates a test vendor with one certification of kind
// pending beside its own.
func vendorWithPending(t *testing.T, s *VendorStore, slug, kind string) (*catalog.Vendor, *catalog.Certification) {
	t.Helper()
	v := mustCreate(t, s, testVendor(slug))
	c, err := s.AddCertification(staffCtx(t), v.ID, pendingCert(kind))
	if err != nil {
		t.Fatal(err)
	}
	return v, c
}

func TestCertificationAddAndDecide(t *testing.T) {
	t.Parallel()
	db, s := newVendorStore(t)
	v := mustCreate(t, s, testVendor("certified"))
	vendorCtx := callmatch.WithActor(t.Context(), callmatch.Actor{UserID: "u-vendor", Role: callmatch.RoleVendor,
		VendorID: v.ID, RequestID: "req-v"})
	c, err := s.AddCertification(vendorCtx, v.ID, pendingCert("soc2_type2"))
	if err != nil {
		t.Fatal(err)
	}
	if !validID(c.ID) || c.Status != catalog.CertPending {
		t.Fatalf("added %+v", c)
	}
	if got, err := s.FindCertificationVendorID(t.Context(), c.ID); err != nil || got != v.ID {
		t.Fatalf("FindCertificationVendorID = %q, %v", got, err)
	}
	// Pending certifications do not count for the filter.
	f := catalog.VendorFilter{Certification: "soc2_type2"}
	if vs, _, _ := s.FindVendors(t.Context(), f); len(vs) != 0 {
		t.Fatal("a pending certification counted")
	}

	decided, vendorID, err := s.DecideCertification(staffCtx(t), c.ID, catalog.CertificationDecision{Status: catalog.CertVerified})
	if err != nil {
		t.Fatal(err)
	}
	if vendorID != v.ID || decided.ID != c.ID || decided.Status != catalog.CertVerified {
		t.Fatalf("decided %+v for vendor %s", decided, vendorID)
	}
	if vs, _, _ := s.FindVendors(t.Context(), f); len(vs) != 1 {
		t.Fatal("a verified certification did not count")
	}
	got, _ := s.FindVendorByID(t.Context(), v.ID)
	if len(got.Certifications) != 2 || got.Certifications[1].ID != c.ID || got.Certifications[1].Status != catalog.CertVerified {
		t.Fatalf("vendor certifications: %+v", got.Certifications)
	}

	entries, err := db.AuditFor(t.Context(), "certification", c.ID)
	if err != nil || len(entries) != 2 {
		t.Fatalf("%d certification audit entries, %v", len(entries), err)
	}
	add, dec := entries[0], entries[1]
	if add.Action != ActionCertificationAdd || add.Actor != "user:u-vendor" || string(add.After["vendor_id"]) != `"`+v.ID+`"` {
		t.Errorf("add entry: %+v", add)
	}
	if dec.Action != ActionCertificationDecide || dec.Actor != "user:u-advisor" ||
		string(dec.Before["status"]) != `"pending"` || string(dec.After["status"]) != `"verified"` ||
		string(dec.After["decided_by"]) != `"user:u-advisor"` {
		t.Errorf("decide entry: before %s after %s", dec.Before, dec.After)
	}
	// Each certification write gave the vendor a new version and an outbox row.
	var versions []int64
	db.gorm.Model(&outboxRow{}).Where("aggregate_id = ?", v.ID).Order("id").Pluck("version", &versions)
	if len(versions) != 3 || versions[2] != 3 {
		t.Errorf("outbox versions %v, want [1 2 3]", versions)
	}
}

func TestCertificationDecideOnlyPending(t *testing.T) {
	t.Parallel()
	db, s := newVendorStore(t)
	v, c := vendorWithPending(t, s, "certified", "iso27001")
	reject := catalog.CertificationDecision{Status: catalog.CertRejected, Reason: "the auditor is not accredited"}
	if _, _, err := s.DecideCertification(staffCtx(t), c.ID, reject); err != nil {
		t.Fatal(err)
	}
	audits := count(t, db, "audit_log")
	_, _, err := s.DecideCertification(staffCtx(t), c.ID, catalog.CertificationDecision{Status: catalog.CertVerified})
	wantCode(t, err, callmatch.ECONFLICT)
	if !strings.Contains(callmatch.ErrorMessage(err), "rejected") {
		t.Errorf("conflict should name the current status: %q", callmatch.ErrorMessage(err))
	}
	if count(t, db, "audit_log") != audits {
		t.Error("a refused decision was audited")
	}
	got, _ := s.FindVendorByID(t.Context(), v.ID)
	if last := got.Certifications[len(got.Certifications)-1]; last.Status != catalog.CertRejected ||
		last.Reason != reject.Reason {
		t.Errorf("certification after refused decision: %+v", last)
	}

	// The pci_dss created verified with the vendor cannot be decided either.
	_, _, err = s.DecideCertification(staffCtx(t), v.Certifications[0].ID, reject)
	wantCode(t, err, callmatch.ECONFLICT)

	// An invalid decision is refused before anything is read.
	_, _, err = s.DecideCertification(staffCtx(t), c.ID, catalog.CertificationDecision{Status: catalog.CertRejected})
	wantCode(t, err, callmatch.EINVALID)
}

// TestCertificationDecideRace has two advisors decide one certification at
// once: exactly one wins, the other gets a conflict.
func TestCertificationDecideRace(t *testing.T) {
	t.Parallel()
	_, s := newVendorStore(t)
	_, c := vendorWithPending(t, s, "raced", "tcpa_audit")
	var wg sync.WaitGroup
	codes := make([]string, 4)
	for i := range codes {
		wg.Go(func() {
			_, _, err := s.DecideCertification(staffCtx(t), c.ID, catalog.CertificationDecision{Status: catalog.CertVerified})
			codes[i] = callmatch.ErrorCode(err)
		})
	}
	wg.Wait()
	wins := strings.Count(strings.Join(codes, ","), callmatch.ECONFLICT)
	if wins != len(codes)-1 {
		t.Errorf("codes %v: want one success and %d conflicts", codes, len(codes)-1)
	}
}

func TestCertificationAddInvalid(t *testing.T) {
	t.Parallel()
	db, s := newVendorStore(t)
	v := mustCreate(t, s, testVendor("certified"))
	c := pendingCert("pci_dss")
	c.ExpiresOn = c.IssuedOn
	_, err := s.AddCertification(staffCtx(t), v.ID, c)
	wantCode(t, err, callmatch.EINVALID)
	if n := count(t, db, "certifications"); n != 1 {
		t.Errorf("%d certifications, want only the vendor's original one", n)
	}
}
