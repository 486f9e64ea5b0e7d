package postgres

import (
	"context"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"callmatch"
	"callmatch/catalog"
)

// VendorStore keeps the vendor catalog. Every write also records an audit
// row, an outbox row for the search index and a new catalog version, all in
// the write's own transaction.
type VendorStore struct {
	db *DB
	// Now is the clock for the default certification as-of date and for
	// timestamps the store sets itself; tests replace it.
	Now func() time.Time
}

var _ catalog.Store = (*VendorStore)(nil)

// NewVendorStore returns a store on db using the wall clock.
func NewVendorStore(db *DB) *VendorStore {
	return &VendorStore{db: db, Now: time.Now}
}

func (s *VendorStore) now() time.Time { return s.Now().UTC() }

// today is the date certifications are judged on when a filter names none.
func (s *VendorStore) today() callmatch.Date { return callmatch.DateOf(s.Now()) }

func vendorNotFound(id string) error {
	return callmatch.Errorf(callmatch.ENOTFOUND, "Vendor %q was not found.", id)
}

func certificationNotFound(id string) error {
	return callmatch.Errorf(callmatch.ENOTFOUND, "Certification %q was not found.", id)
}

// validID reports whether id can be a row id. Asking PostgreSQL about a
// malformed uuid is an error there, while for the caller it simply names
// nothing.
func validID(id string) bool {
	_, err := uuid.Parse(id)
	return err == nil
}

// FindVendorByID returns the vendor with its certifications, in one
// statement.
func (s *VendorStore) FindVendorByID(ctx context.Context, id string) (*catalog.Vendor, error) {
	if !validID(id) {
		return nil, vendorNotFound(id)
	}
	var rows []vendorCertsRow
	err := s.db.gorm.WithContext(ctx).Model(&vendorRow{}).Select("vendors.*, "+certificationsColumn).
		Where("id = ?", id).Scan(&rows).Error
	if err != nil {
		return nil, translate("find vendor", err)
	}
	if len(rows) == 0 {
		return nil, vendorNotFound(id)
	}
	return rows[0].toVendor(), nil
}

// FindVendors returns one page of the vendors matching f, ordered by name
// (then id, so that pages never overlap), and the number of matches, in
// one statement.
func (s *VendorStore) FindVendors(ctx context.Context, f catalog.VendorFilter) ([]*catalog.Vendor, int, error) {
	if err := f.Validate(); err != nil {
		return nil, 0, err
	}
	if f.AsOf.IsZero() {
		f.AsOf = s.today()
	}
	if f.VendorID != "" && !validID(f.VendorID) {
		return []*catalog.Vendor{}, 0, nil
	}
	db := s.db.gorm.WithContext(ctx)
	var got []withTotal[vendorCertsRow]
	err := onePage(db, filterVendors(db.Model(&vendorRow{}), f), "vendors", []string{"name", "id"}, "",
		f.Page, f.PerPage, ", "+certificationsColumn).Scan(&got).Error
	if err != nil {
		return nil, 0, translate("find vendors", err)
	}
	rows, total, err := splitPage(got, f.Page, func() (n int64, err error) {
		err = filterVendors(db.Model(&vendorRow{}), f).Count(&n).Error
		return n, err
	})
	if err != nil {
		return nil, 0, translate("find vendors", err)
	}
	out := make([]*catalog.Vendor, len(rows))
	for i := range rows {
		out[i] = rows[i].toVendor()
	}
	return out, int(total), nil
}

// certificationsColumn reads a vendor's certifications into its own row,
// in submission order, so that a vendor and its certifications come from
// one statement: one round trip, and one snapshot without a transaction.
// The keys are certificationsDoc's; JSON renders dates as YYYY-MM-DD
// whatever the session's DateStyle.
const certificationsColumn = `(SELECT coalesce(json_agg(json_build_object(
		'id', c.id, 'kind', c.kind, 'status', c.status, 'issued_on', c.issued_on,
		'expires_on', c.expires_on, 'reason', c.reason) ORDER BY c.seq), '[]')
	FROM certifications c WHERE c.vendor_id = vendors.id) AS certifications`

// vendorCertsRow is a vendor row with certificationsColumn beside it.
type vendorCertsRow struct {
	Vendor         vendorRow         `gorm:"embedded"`
	Certifications certificationsDoc `gorm:"->;type:json"` // read only, never written
}

func (r *vendorCertsRow) toVendor() *catalog.Vendor {
	certs := make([]certificationRow, len(r.Certifications))
	for i, c := range r.Certifications {
		certs[i] = toCertificationRow(r.Vendor.ID, catalog.Certification(c))
	}
	return r.Vendor.toVendor(certs)
}

// certificationsDoc is certificationsColumn as read.
type certificationsDoc []certificationDoc

func (d *certificationsDoc) Scan(src any) error { return scanJSON(src, d) }

// filterVendors adds f's conditions. Array filters use containment (@>),
// which the GIN indexes serve.
func filterVendors(q *gorm.DB, f catalog.VendorFilter) *gorm.DB {
	for _, a := range []struct{ column, value string }{
		{"languages", f.Language}, {"services", f.Service}, {"states", f.State}, {"serves", f.Serves},
	} {
		if a.value != "" {
			q = q.Where(a.column+" @> ARRAY[?]::text[]", a.value)
		}
	}
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if f.UnionShop != nil {
		q = q.Where("union_shop = ?", *f.UnionShop)
	}
	if f.Onshore != nil {
		q = q.Where("onshore = ?", *f.Onshore)
	}
	if f.VendorID != "" {
		q = q.Where("id = ?", f.VendorID)
	}
	// Experience lives in doc only: these filters serve the list and the
	// directory while search is down, not a hot path worth an index.
	if f.IssueArea != "" {
		q = q.Where("doc->'issue_experience' @> jsonb_build_array(?::text)", f.IssueArea)
	}
	if f.Audience != "" {
		q = q.Where("doc->'audience_experience' @> jsonb_build_array(?::text)", f.Audience)
	}
	if f.Certification != "" {
		// Same rule as catalog.Certification.ValidOver for the single day AsOf.
		q = q.Where(`EXISTS (SELECT 1 FROM certifications c
			WHERE c.vendor_id = vendors.id AND c.kind = ? AND c.status = 'verified'
			  AND c.expires_on >= ? AND (c.issued_on IS NULL OR c.issued_on <= ?))`,
			f.Certification, f.AsOf.String(), f.AsOf.String())
	}
	return q
}

// Snapshot returns every vendor and the catalog version they belong to,
// read in one repeatable-read transaction so that the two agree.
func (s *VendorStore) Snapshot(ctx context.Context) ([]*catalog.Vendor, string, error) {
	var (
		out     []*catalog.Vendor
		version string
	)
	err := s.db.inTx(ctx, readOnly, func(tx *gorm.DB) error {
		var err error
		if version, err = readCatalogVersion(tx); err != nil {
			return err
		}
		var rows []vendorRow
		if err := tx.Order("name, id").Find(&rows).Error; err != nil {
			return err
		}
		var certs []certificationRow
		if err := tx.Order("vendor_id, seq").Find(&certs).Error; err != nil {
			return err
		}
		byVendor := groupCertifications(certs)
		out = make([]*catalog.Vendor, len(rows))
		for i, r := range rows {
			out[i] = r.toVendor(byVendor[r.ID])
		}
		return nil
	})
	if err != nil {
		return nil, "", translate("snapshot catalog", err)
	}
	return out, version, nil
}

// FindCertificationVendorID returns the vendor a certification belongs to,
// so that callers can authorize a decision before making it.
func (s *VendorStore) FindCertificationVendorID(ctx context.Context, certID string) (string, error) {
	if !validID(certID) {
		return "", certificationNotFound(certID)
	}
	var row certificationRow
	err := s.db.gorm.WithContext(ctx).Select("vendor_id").Where("id = ?", certID).Take(&row).Error
	if isNotFound(err) {
		return "", certificationNotFound(certID)
	}
	return row.VendorID, translate("find certification", err)
}

// withCertifications converts rows to vendors with one extra query for all
// their certifications.
func withCertifications(tx *gorm.DB, rows []vendorRow) ([]*catalog.Vendor, error) {
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	certs, err := loadCertifications(tx, ids...)
	if err != nil {
		return nil, err
	}
	out := make([]*catalog.Vendor, len(rows))
	for i, r := range rows {
		out[i] = r.toVendor(certs[r.ID])
	}
	return out, nil
}

// loadCertifications returns the certifications of the given vendors by
// vendor id, each list in submission order.
func loadCertifications(tx *gorm.DB, vendorIDs ...string) (map[string][]certificationRow, error) {
	if len(vendorIDs) == 0 {
		return map[string][]certificationRow{}, nil
	}
	var rows []certificationRow
	// One text[] parameter: any number of ids, and a short statement.
	if err := tx.Where("vendor_id = ANY(?::uuid[])", textArray(vendorIDs)).Order("vendor_id, seq").Find(&rows).Error; err != nil {
		return nil, err
	}
	return groupCertifications(rows), nil
}

func groupCertifications(rows []certificationRow) map[string][]certificationRow {
	byVendor := map[string][]certificationRow{}
	for _, r := range rows {
		byVendor[r.VendorID] = append(byVendor[r.VendorID], r)
	}
	return byVendor
}
