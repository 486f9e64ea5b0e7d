package catalog_test

import (
	"context"
	"testing"

	"callmatch"
	"callmatch/catalog"
)

// fakeStore records what reached it; every call that gets here was allowed.
type fakeStore struct {
	catalog.Store
	calls  []string
	filter catalog.VendorFilter
}

func (s *fakeStore) FindVendorByID(_ context.Context, id string) (*catalog.Vendor, error) {
	s.calls = append(s.calls, "find "+id)
	return &catalog.Vendor{ID: id}, nil
}

func (s *fakeStore) FindVendors(_ context.Context, f catalog.VendorFilter) ([]*catalog.Vendor, int, error) {
	s.calls, s.filter = append(s.calls, "list"), f
	return nil, 0, nil
}

func (s *fakeStore) UpdateVendor(_ context.Context, id string, _ catalog.VendorUpdate) (*catalog.Vendor, error) {
	s.calls = append(s.calls, "update "+id)
	return &catalog.Vendor{ID: id}, nil
}

func (s *fakeStore) CreateVendor(_ context.Context, v *catalog.Vendor) error {
	s.calls = append(s.calls, "create "+v.Slug+" "+v.Status+" "+v.ID)
	return nil
}

func (s *fakeStore) AddCertification(_ context.Context, id string, c catalog.Certification) (*catalog.Certification, error) {
	s.calls = append(s.calls, "certify "+id+" "+c.Status)
	return &c, nil
}

var (
	advisor   = callmatch.Actor{UserID: "u1", Role: callmatch.RoleAdvisor}
	vendorOwn = callmatch.Actor{UserID: "u2", Role: callmatch.RoleVendor, VendorID: "v1"}
	homeless  = callmatch.Actor{UserID: "u3", Role: callmatch.RoleVendor} // a vendor user without a vendor
	anonymous = callmatch.Actor{}
)

func TestServiceAuthorizesEachObject(t *testing.T) {
	slug, name := "new-slug", "New Name"
	status := catalog.StatusSuspended
	tests := []struct {
		name  string
		actor callmatch.Actor
		call  func(ctx context.Context, s *catalog.Service) error
		code  string // "" allowed
	}{
		{"staff read any", advisor, func(ctx context.Context, s *catalog.Service) error { _, err := s.FindVendorByID(ctx, "v2"); return err }, ""},
		{"vendor reads own", vendorOwn, func(ctx context.Context, s *catalog.Service) error { _, err := s.FindVendorByID(ctx, "v1"); return err }, ""},
		{"vendor reads other", vendorOwn, func(ctx context.Context, s *catalog.Service) error { _, err := s.FindVendorByID(ctx, "v2"); return err }, callmatch.ENOTFOUND},
		{"anonymous reads", anonymous, func(ctx context.Context, s *catalog.Service) error { _, err := s.FindVendorByID(ctx, "v1"); return err }, callmatch.EUNAUTHORIZED},
		{"vendor edits own name", vendorOwn, func(ctx context.Context, s *catalog.Service) error {
			_, err := s.UpdateVendor(ctx, "v1", catalog.VendorUpdate{Name: &name})
			return err
		}, ""},
		{"vendor edits other", vendorOwn, func(ctx context.Context, s *catalog.Service) error {
			_, err := s.UpdateVendor(ctx, "v2", catalog.VendorUpdate{Name: &name})
			return err
		}, callmatch.ENOTFOUND},
		{"vendor sets own slug", vendorOwn, func(ctx context.Context, s *catalog.Service) error {
			_, err := s.UpdateVendor(ctx, "v1", catalog.VendorUpdate{Name: &name, Slug: &slug})
			return err
		}, callmatch.EFORBIDDEN},
		{"vendor sets own metrics", vendorOwn, func(ctx context.Context, s *catalog.Service) error {
			_, err := s.UpdateVendor(ctx, "v1", catalog.VendorUpdate{Metrics: &catalog.Metrics{Verified: true}})
			return err
		}, callmatch.EFORBIDDEN},
		{"vendor sets own status", vendorOwn, func(ctx context.Context, s *catalog.Service) error {
			_, err := s.UpdateVendor(ctx, "v1", catalog.VendorUpdate{Status: &status})
			return err
		}, callmatch.EFORBIDDEN},
		{"staff set slug, metrics, status", advisor, func(ctx context.Context, s *catalog.Service) error {
			_, err := s.UpdateVendor(ctx, "v1", catalog.VendorUpdate{Slug: &slug, Metrics: &catalog.Metrics{Verified: true}, Status: &status})
			return err
		}, ""},
		{"vendor creates", vendorOwn, func(ctx context.Context, s *catalog.Service) error {
			return s.CreateVendor(ctx, &catalog.Vendor{Name: "X"})
		}, callmatch.EFORBIDDEN},
		{"vendor without vendor lists", homeless, func(ctx context.Context, s *catalog.Service) error {
			_, _, err := s.FindVendors(ctx, catalog.VendorFilter{})
			return err
		}, callmatch.ENOTFOUND},
		{"vendor decides", vendorOwn, func(ctx context.Context, s *catalog.Service) error {
			_, _, err := s.DecideCertification(ctx, "c1", catalog.CertificationDecision{Status: catalog.CertVerified})
			return err
		}, callmatch.EFORBIDDEN},
		{"vendor searches", vendorOwn, func(ctx context.Context, s *catalog.Service) error {
			_, err := s.SearchVendors(ctx, catalog.SearchQuery{})
			return err
		}, callmatch.EFORBIDDEN},
		{"staff search without an index", advisor, func(ctx context.Context, s *catalog.Service) error {
			_, err := s.SearchVendors(ctx, catalog.SearchQuery{})
			return err
		}, callmatch.EUNAVAILABLE},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := &fakeStore{}
			err := tt.call(callmatch.WithActor(context.Background(), tt.actor), catalog.NewService(store, nil, nil))
			if got := callmatch.ErrorCode(err); got != tt.code {
				t.Fatalf("error %v (%q), want %q", err, got, tt.code)
			}
			if tt.code != "" && tt.code != callmatch.EUNAVAILABLE && len(store.calls) != 0 {
				t.Errorf("a refused call reached the store: %v", store.calls)
			}
		})
	}
}

func TestServiceListsAVendorUsersOwnVendorOnly(t *testing.T) {
	store := &fakeStore{}
	ctx := callmatch.WithActor(context.Background(), vendorOwn)
	if _, _, err := catalog.NewService(store, nil, nil).FindVendors(ctx, catalog.VendorFilter{VendorID: "v2"}); err != nil {
		t.Fatal(err)
	}
	if store.filter.VendorID != "v1" {
		t.Errorf("a vendor user's list asked the store for vendor %q", store.filter.VendorID)
	}
}

func TestServiceDefaults(t *testing.T) {
	store := &fakeStore{}
	ctx := callmatch.WithActor(context.Background(), advisor)
	s := catalog.NewService(store, nil, nil)
	if err := s.CreateVendor(ctx, &catalog.Vendor{ID: "chosen", Name: "Lone Star Contact"}); err != nil {
		t.Fatal(err)
	}
	// A certification submitted as verified still waits for an advisor.
	if _, err := s.AddCertification(ctx, "v1", catalog.Certification{Kind: "pci_dss", Status: catalog.CertVerified,
		ExpiresOn: callmatch.MustParseDate("2030-01-01")}); err != nil {
		t.Fatal(err)
	}
	want := []string{"create lone-star-contact draft ", "certify v1 pending"}
	if len(store.calls) != 2 || store.calls[0] != want[0] || store.calls[1] != want[1] {
		t.Errorf("calls %q, want %q", store.calls, want)
	}
}
