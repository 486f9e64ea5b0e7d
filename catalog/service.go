package catalog

import (
	"context"
	"slices"

	"callmatch"
	"callmatch/account"
)

// DocumentStore keeps the evidence a vendor uploads for a certification,
// beside the vendor store.
type DocumentStore interface {
	AddCertificationWithDocument(ctx context.Context, vendorID string, c Certification, doc CertificationDocument) (*Certification, error)
	FindCertificationDocument(ctx context.Context, certID string) (*CertificationDocument, string, error)
	FindPendingCertifications(ctx context.Context) ([]PendingCertification, error)
	CertificationDocumentsFor(ctx context.Context, vendorID string) (map[string]*CertificationDocument, error)
}

// Service is the one way into the vendor catalog for the API and the
// pages. Each method takes the actor from ctx and asks the policy
// (account/policy.go) about the object before touching the store, so no
// edge can forget a check: vendor users reach only their own vendor and
// never its status, slug or metrics; staff reach every vendor.
type Service struct {
	vendors Store
	docs    DocumentStore
	search  Searcher
}

// NewService serves the catalog from vendors. docs may be nil where no
// certification evidence is handled (the API); search may be nil when no
// search index runs, and search then answers unavailable.
func NewService(vendors Store, docs DocumentStore, search Searcher) *Service {
	s := &Service{vendors: vendors, docs: docs, search: search}
	if docs == nil {
		s.docs = noDocuments{}
	}
	if search == nil {
		s.search = noSearch{}
	}
	return s
}

// noSearch stands in for a search index that is not configured.
type noSearch struct{}

func (noSearch) SearchVendors(context.Context, SearchQuery) (*SearchResult, error) {
	return nil, &callmatch.Error{Code: callmatch.EUNAVAILABLE, Message: "Search is not configured on this server."}
}

// noDocuments stands in where certification evidence is not handled.
type noDocuments struct{}

func errNoDocuments() error {
	return &callmatch.Error{Code: callmatch.EUNAVAILABLE, Message: "Certification documents are not handled here."}
}

func (noDocuments) AddCertificationWithDocument(context.Context, string, Certification, CertificationDocument) (*Certification, error) {
	return nil, errNoDocuments()
}

func (noDocuments) FindCertificationDocument(context.Context, string) (*CertificationDocument, string, error) {
	return nil, "", errNoDocuments()
}

func (noDocuments) FindPendingCertifications(context.Context) ([]PendingCertification, error) {
	return nil, errNoDocuments()
}

func (noDocuments) CertificationDocumentsFor(context.Context, string) (map[string]*CertificationDocument, error) {
	return nil, errNoDocuments()
}

// SearchVendors searches the directory (staff only).
func (s *Service) SearchVendors(ctx context.Context, q SearchQuery) (*SearchResult, error) {
	if err := account.CanListVendors(callmatch.ActorFrom(ctx)); err != nil {
		return nil, err
	}
	if err := q.Validate(); err != nil {
		return nil, err
	}
	return s.search.SearchVendors(ctx, q)
}

// FindVendors lists vendors: the whole catalog for staff, a vendor user's
// own vendor and nothing else for a vendor user.
func (s *Service) FindVendors(ctx context.Context, f VendorFilter) ([]*Vendor, int, error) {
	a := callmatch.ActorFrom(ctx)
	if err := account.CanListVendors(a); err != nil {
		if err := account.CanReadVendor(a, a.VendorID); err != nil {
			return nil, 0, err
		}
		f.VendorID = a.VendorID
	}
	if err := f.Validate(); err != nil {
		return nil, 0, err
	}
	return s.vendors.FindVendors(ctx, f)
}

// FindVendorByID reads one vendor the actor may see.
func (s *Service) FindVendorByID(ctx context.Context, id string) (*Vendor, error) {
	if err := account.CanReadVendor(callmatch.ActorFrom(ctx), id); err != nil {
		return nil, err
	}
	return s.vendors.FindVendorByID(ctx, id)
}

// FindVersionedVendor reads one vendor the actor may see with the version
// of what was read, for a form that is to change it only if nobody else
// has meanwhile (VendorUpdate.IfVersion).
func (s *Service) FindVersionedVendor(ctx context.Context, id string) (VersionedVendor, error) {
	if err := account.CanReadVendor(callmatch.ActorFrom(ctx), id); err != nil {
		return VersionedVendor{}, err
	}
	found, err := s.vendors.VendorsByID(ctx, []string{id})
	if err != nil {
		return VersionedVendor{}, err
	}
	v, ok := found[id]
	if !ok {
		return VersionedVendor{}, callmatch.Errorf(callmatch.ENOTFOUND, "Vendor %q was not found.", id)
	}
	return v, nil
}

// FindVendorsByID reads several vendors at once, for a page of search hits:
// staff read any, a vendor user only its own; others are left out, as
// are ids that name no vendor.
func (s *Service) FindVendorsByID(ctx context.Context, ids []string) (map[string]*Vendor, error) {
	a := callmatch.ActorFrom(ctx)
	if err := account.CanListVendors(a); err != nil {
		if err := account.CanReadVendor(a, a.VendorID); err != nil {
			return nil, err
		}
		ids = slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return id != a.VendorID })
	}
	found, err := s.vendors.VendorsByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*Vendor, len(found))
	for id, v := range found {
		out[id] = v.Vendor
	}
	return out, nil
}

// CreateVendor onboards a vendor (staff only). The slug defaults to one
// made from the name and the status to draft; ids are always the store's.
func (s *Service) CreateVendor(ctx context.Context, v *Vendor) error {
	if err := account.CanCreateVendor(callmatch.ActorFrom(ctx)); err != nil {
		return err
	}
	if v.Slug == "" {
		v.Slug = Slugify(v.Name)
	}
	if v.Status == "" {
		v.Status = StatusDraft
	}
	v.ID = ""
	for i := range v.Certifications {
		v.Certifications[i].ID = ""
	}
	return s.vendors.CreateVendor(ctx, v)
}

// UpdateVendor applies a partial change. The status, the slug and the
// metrics are staff's to set: a change naming any of them is refused
// whole for a vendor user, even with today's values.
func (s *Service) UpdateVendor(ctx context.Context, id string, u VendorUpdate) (*Vendor, error) {
	a := callmatch.ActorFrom(ctx)
	if err := account.CanEditVendor(a, id); err != nil {
		return nil, err
	}
	if u.Status != nil {
		if err := account.CanSetVendorStatus(a); err != nil {
			return nil, err
		}
	}
	if u.Slug != nil || u.Metrics != nil {
		if err := account.CanSetVendorStanding(a); err != nil {
			return nil, err
		}
	}
	return s.vendors.UpdateVendor(ctx, id, u)
}

// SetCapacity replaces a vendor's capacity.
func (s *Service) SetCapacity(ctx context.Context, id string, c Capacity) (*Vendor, error) {
	if err := account.CanEditVendor(callmatch.ActorFrom(ctx), id); err != nil {
		return nil, err
	}
	return s.vendors.SetCapacity(ctx, id, c)
}

// AddCertification submits a certification for a vendor. It always waits
// for an advisor as pending, whoever submits it.
func (s *Service) AddCertification(ctx context.Context, vendorID string, c Certification) (*Certification, error) {
	c, err := s.submitted(ctx, vendorID, c)
	if err != nil {
		return nil, err
	}
	return s.vendors.AddCertification(ctx, vendorID, c)
}

// AddCertificationWithDocument submits a certification with its evidence.
func (s *Service) AddCertificationWithDocument(ctx context.Context, vendorID string, c Certification, doc CertificationDocument) (*Certification, error) {
	c, err := s.submitted(ctx, vendorID, c)
	if err != nil {
		return nil, err
	}
	if err := doc.Validate(); err != nil {
		return nil, err
	}
	return s.docs.AddCertificationWithDocument(ctx, vendorID, c, doc)
}

func (s *Service) submitted(ctx context.Context, vendorID string, c Certification) (Certification, error) {
	if err := account.CanSubmitCertification(callmatch.ActorFrom(ctx), vendorID); err != nil {
		return c, err
	}
	c.ID, c.Status, c.Reason = "", CertPending, ""
	return c, c.Validate()
}

// DecideCertification records an advisor's verdict; it returns the
// certification and its vendor's id.
func (s *Service) DecideCertification(ctx context.Context, certID string, d CertificationDecision) (*Certification, string, error) {
	if err := account.CanVerifyCertification(callmatch.ActorFrom(ctx)); err != nil {
		return nil, "", err
	}
	if err := d.Validate(); err != nil {
		return nil, "", err
	}
	return s.vendors.DecideCertification(ctx, certID, d)
}

// FindPendingCertifications is the advisors' verification queue.
func (s *Service) FindPendingCertifications(ctx context.Context) ([]PendingCertification, error) {
	if err := account.CanVerifyCertification(callmatch.ActorFrom(ctx)); err != nil {
		return nil, err
	}
	return s.docs.FindPendingCertifications(ctx)
}

// FindCertificationDocument reads a certification's evidence, for the
// advisors who verify it.
func (s *Service) FindCertificationDocument(ctx context.Context, certID string) (*CertificationDocument, error) {
	if err := account.CanVerifyCertification(callmatch.ActorFrom(ctx)); err != nil {
		return nil, err
	}
	doc, _, err := s.docs.FindCertificationDocument(ctx, certID)
	return doc, err
}

// CertificationDocumentsFor describes the evidence of a vendor's
// certifications, by certification id.
func (s *Service) CertificationDocumentsFor(ctx context.Context, vendorID string) (map[string]*CertificationDocument, error) {
	if err := account.CanReadVendor(callmatch.ActorFrom(ctx), vendorID); err != nil {
		return nil, err
	}
	return s.docs.CertificationDocumentsFor(ctx, vendorID)
}
