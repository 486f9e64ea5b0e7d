package postgres

import (
	"errors"
	"sync"
	"testing"

	"callmatch"
	"callmatch/catalog"
)

// A change made against a version of the vendor is refused once anyone
// has written the vendor since, unless it would alter nothing; without a
// version it applies to whatever is stored, as the API's PATCH does.
func TestVendorUpdateIfVersion(t *testing.T) {
	t.Parallel()
	db, s := newVendorStore(t)
	v := mustCreate(t, s, testVendor("two-tabs"))
	read := func() catalog.VersionedVendor {
		t.Helper()
		got, err := s.VendorsByID(t.Context(), []string{v.ID})
		if err != nil {
			t.Fatal(err)
		}
		return got[v.ID]
	}
	opened := read().Version

	// Someone saves the sites against the version both opened.
	dallas := []catalog.Site{{Country: "US", Region: "TX", City: "Dallas", Timezone: "America/Chicago", Seats: 150}}
	if _, err := s.UpdateVendor(staffCtx(t), v.ID, catalog.VendorUpdate{Sites: &dallas, IfVersion: opened}); err != nil {
		t.Fatal(err)
	}
	writes := count(t, db, "outbox")

	// The other form re-posts the old sites with a new rate: refused whole.
	austin, rates := v.Sites, []catalog.Rate{{Service: "gotv", Model: "per_agent_hour", AmountCents: 3175, MinimumCents: 500000}}
	_, err := s.UpdateVendor(staffCtx(t), v.ID, catalog.VendorUpdate{Sites: &austin, Rates: &rates, IfVersion: opened})
	if !errors.Is(err, catalog.ErrVendorChanged) || callmatch.ErrorCode(err) != callmatch.ECONFLICT {
		t.Fatalf("stale change: %v, want ErrVendorChanged", err)
	}
	// Stale and invalid: the conflict is what is said, since what was
	// checked is not what is stored.
	tooMany := []catalog.LanguageSeats{{Code: "es", Seats: 999}}
	if _, err := s.UpdateVendor(staffCtx(t), v.ID, catalog.VendorUpdate{Languages: &tooMany, IfVersion: opened}); !errors.Is(err, catalog.ErrVendorChanged) {
		t.Errorf("stale invalid change: %v, want ErrVendorChanged", err)
	}
	if got := read(); got.Vendor.Sites[0].City != "Dallas" || got.Vendor.Rates[0].AmountCents != 2800 || count(t, db, "outbox") != writes {
		t.Fatalf("a refused change was stored: sites %+v, rates %+v", got.Vendor.Sites, got.Vendor.Rates)
	}
	// The first save posted again alters nothing: no conflict, no write.
	if _, err := s.UpdateVendor(staffCtx(t), v.ID, catalog.VendorUpdate{Sites: &dallas, IfVersion: opened}); err != nil || count(t, db, "outbox") != writes {
		t.Errorf("the repeated save: %v, %d writes (want none)", err, count(t, db, "outbox")-writes)
	}
	// Without a version the change applies to what is stored.
	if _, err := s.UpdateVendor(staffCtx(t), v.ID, catalog.VendorUpdate{Rates: &rates}); err != nil || read().Vendor.Rates[0].AmountCents != 3175 {
		t.Errorf("a change without a version: %v", err)
	}

	// Two saves against one version at once: one is stored, the other refused.
	now := read().Version
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, name := range []string{"First", "Second"} {
		wg.Go(func() {
			_, errs[i] = s.UpdateVendor(staffCtx(t), v.ID, catalog.VendorUpdate{Name: &name, IfVersion: now})
		})
	}
	wg.Wait()
	if (errs[0] == nil) == (errs[1] == nil) || !errors.Is(errors.Join(errs...), catalog.ErrVendorChanged) {
		t.Errorf("concurrent saves on one version: %v, %v; want one stored, one refused", errs[0], errs[1])
	}
	if got := read(); got.Version != now+1 {
		t.Errorf("version %d after one of two concurrent saves, want %d", got.Version, now+1)
	}
}
