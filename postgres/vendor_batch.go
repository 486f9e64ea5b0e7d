package postgres

import (
	"context"
	"slices"

	"callmatch/catalog"
)

// Lists of ids go as one text[] parameter (id = ANY(…)), not one
// parameter each: no limit on their number, and a statement short enough
// to read in the slow-query log.

// VendorsByID reads the listed vendors with their certifications and
// versions in one statement, so one snapshot: for the search relay a batch
// of 500 changed vendors is one round trip, each version exactly that of
// the content beside it, and a directory page reads its hits' seats at
// once. Ids that name no vendor (deleted, or not a uuid) are absent from
// the map.
func (s *VendorStore) VendorsByID(ctx context.Context, ids []string) (map[string]catalog.VersionedVendor, error) {
	valid := slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return !validID(id) })
	out := make(map[string]catalog.VersionedVendor, len(valid))
	if len(valid) == 0 {
		return out, nil
	}
	var rows []vendorCertsRow
	err := s.db.gorm.WithContext(ctx).Model(&vendorRow{}).Select("vendors.*, "+certificationsColumn).
		Where("id = ANY(?::uuid[])", textArray(valid)).Scan(&rows).Error
	if err != nil {
		return nil, translate("read vendors", err)
	}
	for i := range rows {
		out[rows[i].Vendor.ID] = catalog.VersionedVendor{Vendor: rows[i].toVendor(), Version: rows[i].Vendor.Version}
	}
	return out, nil
}

// VendorVersions returns the version of each listed vendor, or of every
// vendor when ids is nil, for comparing the search index with the catalog.
// Vendors that do not exist are absent from the map.
func (s *VendorStore) VendorVersions(ctx context.Context, ids []string) (map[string]int64, error) {
	type row struct {
		ID      string
		Version int64
	}
	var rows []row
	q := s.db.gorm.WithContext(ctx).Model(&vendorRow{}).Select("id", "version")
	if ids == nil {
		if err := q.Find(&rows).Error; err != nil {
			return nil, translate("read vendor versions", err)
		}
	} else {
		valid := slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return !validID(id) })
		if err := q.Where("id = ANY(?::uuid[])", textArray(valid)).Find(&rows).Error; err != nil {
			return nil, translate("read vendor versions", err)
		}
	}
	out := make(map[string]int64, len(rows))
	for _, r := range rows {
		out[r.ID] = r.Version
	}
	return out, nil
}
