package postgres

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"callmatch"
	"callmatch/catalog"
)

// importFile is what a catalog file decodes to: fresh values every call,
// as when a file is read again.
// mustUpsert imports vs as staff.
func mustUpsert(t *testing.T, s *VendorStore, vs []*catalog.Vendor) {
	t.Helper()
	if _, _, err := s.UpsertVendors(staffCtx(t), vs); err != nil {
		t.Fatal(err)
	}
}

func importFile(n int) []*catalog.Vendor {
	vs := make([]*catalog.Vendor, n)
	for i := range vs {
		vs[i] = testVendor(fmt.Sprintf("vendor-%03d", i))
		if i%3 == 0 {
			vs[i].Certifications = append(vs[i].Certifications, catalog.Certification{Kind: "soc2_type2",
				Status: catalog.CertPending, ExpiresOn: callmatch.MustParseDate("2027-05-01")})
		}
	}
	return vs
}

func TestUpsertVendorsIsIdempotent(t *testing.T) {
	t.Parallel()
	db, s := newVendorStore(t)
	ctx := callmatch.WithActor(t.Context(), callmatch.Actor{System: "cli", RequestID: "import-1"})
	created, updated, err := s.UpsertVendors(ctx, importFile(40))
	if err != nil || created != 40 || updated != 0 {
		t.Fatalf("first import: created %d updated %d, %v", created, updated, err)
	}
	snap1, v1, _ := s.Snapshot(ctx)
	audits, outbox := count(t, db, "audit_log"), count(t, db, "outbox")
	if audits != 40 || outbox != 40 {
		t.Errorf("first import wrote %d audit and %d outbox rows, want 40 each", audits, outbox)
	}

	created, updated, err = s.UpsertVendors(ctx, importFile(40))
	if err != nil || created != 0 || updated != 0 {
		t.Fatalf("second import: created %d updated %d, %v", created, updated, err)
	}
	snap2, v2, _ := s.Snapshot(ctx)
	if jsonOf(t, snap1) != jsonOf(t, snap2) || v1 != v2 {
		t.Error("importing the same file twice changed the catalog")
	}
	if count(t, db, "vendors") != 40 || count(t, db, "certifications") != 54 ||
		count(t, db, "audit_log") != audits || count(t, db, "outbox") != outbox {
		t.Error("the second import wrote rows")
	}
	entries, _ := db.AuditFor(ctx, "vendor", snap1[0].ID)
	if len(entries) != 1 || entries[0].Actor != "cli" || entries[0].RequestID != "import-1" {
		t.Errorf("audit of an imported vendor: %+v", entries)
	}
}

func TestUpsertVendorsUpdatesBySlugAndReplacesCertifications(t *testing.T) {
	t.Parallel()
	db, s := newVendorStore(t)
	ctx := staffCtx(t)
	mustUpsert(t, s, importFile(3))
	before, _, _ := s.Snapshot(ctx)
	// vendor-000 keeps its pci_dss and its soc2 is decided meanwhile.
	soc2 := before[0].Certifications[1]
	if _, _, err := s.DecideCertification(ctx, soc2.ID, catalog.CertificationDecision{Status: catalog.CertVerified}); err != nil {
		t.Fatal(err)
	}

	file := importFile(4)
	file[0].Certifications[1].Status = catalog.CertVerified // the same soc2, as the file now says
	file[1].Name = "Renamed In File"
	file[1].ID = "6f1c1b8e-3f1d-4c59-9a57-3d2b1f0a6e11" // ignored: the slug is the key
	file[2].Certifications = nil
	created, updated, err := s.UpsertVendors(ctx, file)
	if err != nil || created != 1 || updated != 2 {
		t.Fatalf("created %d updated %d, %v; want 1 and 2 (vendor-000 is unchanged)", created, updated, err)
	}
	after, _, _ := s.Snapshot(ctx)
	if len(after) != 4 {
		t.Fatalf("%d vendors", len(after))
	}
	byslug := map[string]*catalog.Vendor{}
	for _, v := range after {
		byslug[v.Slug] = v
	}
	v0, v1, v2 := byslug["vendor-000"], byslug["vendor-001"], byslug["vendor-002"]
	if v0.Certifications[1].ID != soc2.ID || v0.Certifications[0].ID != before[0].Certifications[0].ID {
		t.Errorf("unchanged certifications lost their ids: %+v", v0.Certifications)
	}
	if v1.ID != before[1].ID || v1.Name != "Renamed In File" {
		t.Errorf("vendor-001 after import: id %s name %q", v1.ID, v1.Name)
	}
	if len(v2.Certifications) != 0 || count(t, db, "certifications") != 2+1+0+2 {
		t.Errorf("vendor-002 certifications not replaced: %+v", v2.Certifications)
	}
	if entries, _ := db.AuditFor(ctx, "vendor", v1.ID); len(entries) != 2 || entries[1].Action != ActionVendorUpdate ||
		len(entries[1].After) != 1 {
		t.Errorf("vendor-001 audit: %+v", entries)
	}
}

func TestUpsertVendorsIsAllOrNothing(t *testing.T) {
	t.Parallel()
	db, s := newVendorStore(t)
	ctx := staffCtx(t)
	mustUpsert(t, s, importFile(2))
	snap, version, _ := s.Snapshot(ctx)
	audits, outbox := count(t, db, "audit_log"), count(t, db, "outbox")
	unchanged := func(t *testing.T) {
		t.Helper()
		now, v, _ := s.Snapshot(ctx)
		if jsonOf(t, now) != jsonOf(t, snap) || v != version ||
			count(t, db, "audit_log") != audits || count(t, db, "outbox") != outbox {
			t.Error("a failed import changed something")
		}
	}

	t.Run("invalid vendor", func(t *testing.T) {
		file := importFile(5)
		file[0].Name = "Changed"
		file[3].Languages[0].Code = "xx"
		_, _, err := s.UpsertVendors(ctx, file)
		var ce *callmatch.Error
		if !errors.As(err, &ce) || ce.Code != callmatch.EINVALID || ce.Fields["vendors[3].languages[0].code"] == "" {
			t.Fatalf("want a field error for vendors[3].languages[0].code, got %v", err)
		}
		unchanged(t)
	})
	t.Run("slug twice", func(t *testing.T) {
		file := importFile(3)
		file[2].Slug = file[0].Slug
		_, _, err := s.UpsertVendors(ctx, file)
		wantCode(t, err, callmatch.EINVALID)
		unchanged(t)
	})
	t.Run("id of another vendor", func(t *testing.T) {
		file := importFile(3)
		file[0].Name = "Changed"
		file[2].ID = snap[1].ID
		_, _, err := s.UpsertVendors(ctx, file)
		wantCode(t, err, callmatch.ECONFLICT)
		if !strings.Contains(callmatch.ErrorMessage(err), "vendor-002") {
			t.Errorf("message should name the input vendor: %q", callmatch.ErrorMessage(err))
		}
		unchanged(t)
	})
}

// TestUpsertVendorsConcurrentImports runs overlapping imports at once: the
// slug-ordered locking must neither deadlock nor duplicate.
func TestUpsertVendorsConcurrentImports(t *testing.T) {
	t.Parallel()
	db, s := newVendorStore(t)
	ctx := staffCtx(t)
	mustUpsert(t, s, importFile(20))
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			file := importFile(20)
			for _, v := range file {
				v.Description = fmt.Sprintf("import %d", i)
			}
			// Reverse order in half the imports: input order must not matter.
			if i%2 == 1 {
				for l, r := 0, len(file)-1; l < r; l, r = l+1, r-1 {
					file[l], file[r] = file[r], file[l]
				}
			}
			if _, _, err := s.UpsertVendors(ctx, file); err != nil {
				t.Errorf("import %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	if n := count(t, db, "vendors"); n != 20 {
		t.Errorf("%d vendors, want 20", n)
	}
}
