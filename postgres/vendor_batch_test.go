package postgres

import (
	"reflect"
	"testing"

	"github.com/google/uuid"

	"callmatch/catalog"
	"callmatch/demo"
)

// The relay reads a batch of vendors at once; each must come back as
// FindVendorByID gives it, with the version of that content, and ids that
// name nothing are simply absent.
func TestVendorsByIDAndVersions(t *testing.T) {
	t.Parallel()
	_, s := newVendorStore(t)
	ctx := staffCtx(t)
	mustUpsert(t, s, demo.Vendors(30))
	all, _, err := s.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	edited := all[3].ID
	name := "Renamed Calling Co"
	if _, err := s.UpdateVendor(ctx, edited, catalog.VendorUpdate{Name: &name}); err != nil {
		t.Fatal(err)
	}
	missing, malformed := uuid.NewString(), "not-a-uuid"
	ids := []string{all[0].ID, edited, missing, all[7].ID, malformed, all[29].ID}

	got, err := s.VendorsByID(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	versions, err := s.VendorVersions(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 || len(versions) != 4 {
		t.Fatalf("read %d vendors and %d versions, want 4 each (no missing or malformed ids)", len(got), len(versions))
	}
	for _, id := range []string{all[0].ID, edited, all[7].ID, all[29].ID} {
		want, err := s.FindVendorByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got[id].Vendor, want) {
			t.Errorf("vendor %s read in a batch differs from FindVendorByID", id)
		}
		if got[id].Version != versions[id] {
			t.Errorf("vendor %s: batch version %d, VendorVersions %d", id, got[id].Version, versions[id])
		}
	}
	if got[edited].Vendor.Name != name || got[edited].Version != got[all[0].ID].Version+1 {
		t.Errorf("edited vendor: %q at version %d; want %q one version past the others (%d)",
			got[edited].Vendor.Name, got[edited].Version, name, got[all[0].ID].Version)
	}
	every, err := s.VendorVersions(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(every) != 30 || every[edited] != versions[edited] {
		t.Errorf("VendorVersions(nil) gave %d vendors (edited at %d); want all 30 (edited at %d)", len(every), every[edited], versions[edited])
	}
	if empty, err := s.VendorsByID(ctx, []string{malformed}); err != nil || len(empty) != 0 {
		t.Errorf("only a malformed id: %v, %v; want nothing and no error", empty, err)
	}
}
