package postgres

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"callmatch"
	"callmatch/catalog"
)

// importBatch is how many rows one INSERT carries: large enough to load the
// demo catalog in a few round trips, small enough to stay far below
// PostgreSQL's 65535 parameters per statement.
const importBatch = 500

// UpsertVendors inserts or updates vendors by slug in one transaction:
// every vendor is written or none is. Slug is the key: a vendor whose slug
// exists keeps its id, and its certifications become the input's (equal
// ones keep their ids and decisions). A new vendor keeps its input id when
// it has one. Vendors equal to what is stored are left alone and counted
// neither as created nor as updated, so importing a file twice writes
// nothing the second time. Input vendors are normalized and get their ids.
func (s *VendorStore) UpsertVendors(ctx context.Context, vs []*catalog.Vendor) (created, updated int, err error) {
	if err := validateImport(vs); err != nil {
		return 0, 0, err
	}
	// Locking in slug order means two concurrent imports never wait on
	// each other in opposite orders.
	order := slices.Clone(vs)
	slices.SortFunc(order, func(a, b *catalog.Vendor) int { return strings.Compare(a.Slug, b.Slug) })
	var current *catalog.Vendor
	err = s.db.InTx(ctx, func(tx *gorm.DB) error {
		created, updated = 0, 0
		existing, err := lockVendorsBySlug(tx, order)
		if err != nil {
			return err
		}
		var fresh []*catalog.Vendor
		for _, v := range order {
			current = v
			row, ok := existing[v.Slug]
			if !ok {
				fresh = append(fresh, v)
				continue
			}
			changed, err := s.replaceVendor(ctx, tx, row, v)
			if err != nil {
				return err
			}
			if changed {
				updated++
			}
		}
		current = nil
		if err := s.insertVendors(ctx, tx, fresh); err != nil {
			return err
		}
		created = len(fresh)
		if created+updated == 0 {
			return nil
		}
		_, err = bumpCatalogVersion(tx)
		return err
	})
	if current == nil && constraint(err) == slugConstraint {
		// Only a concurrent writer can have taken a slug after the locks.
		return 0, 0, callmatch.Errorf(callmatch.ECONFLICT,
			"Some of these vendors were created by someone else during the import; nothing was imported. Import again.")
	}
	if err != nil {
		return 0, 0, vendorWriteError("import vendors", err, current)
	}
	if created+updated >= analyzeAfter {
		s.db.analyze(ctx, "vendors", "outbox")
	}
	return created, updated, nil
}

// analyzeAfter is the import size after which the tables it grew get fresh
// planner statistics at once rather than whenever autovacuum comes by: a
// large import leaves as many pending outbox rows, and the relay claims
// them right away.
const analyzeAfter = 1000

// validateImport checks every vendor before anything is written, naming
// problems by position ("vendors[3].sites[0].region").
func validateImport(vs []*catalog.Vendor) error {
	var fe callmatch.FieldErrors
	slugs := map[string]int{}
	for i, v := range vs {
		p := fmt.Sprintf("vendors[%d]", i)
		if v.ID != "" && !validID(v.ID) {
			fe.Add(p+".id", "must be a UUID, or left out to have one assigned")
		}
		normalize(v)
		if err := v.Validate(); err != nil {
			if ce, ok := err.(*callmatch.Error); ok {
				for k, m := range ce.Fields {
					fe.Add(p+"."+k, m)
				}
			}
		}
		if j, dup := slugs[v.Slug]; dup {
			fe.Addf(p+".slug", "%s is also the slug of vendors[%d]; each slug may appear once", v.Slug, j)
		}
		slugs[v.Slug] = i
	}
	return fe.Err()
}

// lockVendorsBySlug locks the stored vendors that the input names, by slug.
func lockVendorsBySlug(tx *gorm.DB, vs []*catalog.Vendor) (map[string]vendorRow, error) {
	slugs := make([]string, len(vs))
	for i, v := range vs {
		slugs[i] = v.Slug
	}
	out := map[string]vendorRow{}
	for chunk := range slices.Chunk(slugs, 5000) {
		var rows []vendorRow
		err := tx.Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate}).
			Where("slug IN ?", chunk).Order("slug").Find(&rows).Error
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			out[r.Slug] = r
		}
	}
	return out, nil
}

// replaceVendor overwrites a stored vendor with v, reporting whether
// anything changed.
func (s *VendorStore) replaceVendor(ctx context.Context, tx *gorm.DB, row vendorRow, v *catalog.Vendor) (bool, error) {
	certs, err := loadCertifications(tx, row.ID)
	if err != nil {
		return false, err
	}
	before := row.toVendor(certs[row.ID])
	v.ID = row.ID
	drop := matchCertifications(before.Certifications, v)
	if same, err := sameJSON(before, v); err != nil || same {
		return false, err
	}
	if len(drop) > 0 {
		if err := tx.Where("id IN ?", drop).Delete(&certificationRow{}).Error; err != nil {
			return false, err
		}
	}
	var added []catalog.Certification
	for _, c := range v.Certifications {
		if !slices.ContainsFunc(before.Certifications, func(b catalog.Certification) bool { return b.ID == c.ID }) {
			added = append(added, c)
		}
	}
	if err := insertCertifications(tx, v.ID, added, s.now()); err != nil {
		return false, err
	}
	row2 := toVendorRow(v)
	row2.Version, row2.CreatedAt, row2.UpdatedAt = row.Version+1, row.CreatedAt, s.now()
	if err := tx.Select("*").Omit("id", "created_at").Updates(&row2).Error; err != nil {
		return false, err
	}
	return true, vendorWritten(ctx, tx, ActionVendorUpdate, before, v, row2.Version)
}

// matchCertifications gives v's certifications the ids of equal stored ones
// (same kind, status, dates and reason; each stored one used once) and new
// ids otherwise, and returns the ids of stored ones no longer present. The
// result is ordered as the store will read it back: kept ones in their
// stored order, then new ones in input order.
func matchCertifications(stored []catalog.Certification, v *catalog.Vendor) (drop []string) {
	used := make([]bool, len(stored))
	var kept, added []catalog.Certification
	keptAt := map[string]int{}
	for _, c := range v.Certifications {
		j := -1
		for k, sc := range stored {
			sc.ID = c.ID // compare everything but the id
			if !used[k] && sc == c {
				j = k
				break
			}
		}
		if j < 0 {
			c.ID = newID()
			added = append(added, c)
			continue
		}
		used[j] = true
		c.ID = stored[j].ID
		keptAt[c.ID] = j
		kept = append(kept, c)
	}
	slices.SortFunc(kept, func(a, b catalog.Certification) int { return keptAt[a.ID] - keptAt[b.ID] })
	for k, sc := range stored {
		if !used[k] {
			drop = append(drop, sc.ID)
		}
	}
	v.Certifications = append(kept, added...)
	normalize(v)
	return drop
}

// insertVendors creates new vendors in batches, with their certifications,
// audit rows and outbox rows.
func (s *VendorStore) insertVendors(ctx context.Context, tx *gorm.DB, vs []*catalog.Vendor) error {
	if len(vs) == 0 {
		return nil
	}
	now := s.now()
	rows := make([]vendorRow, len(vs))
	var certs []certificationRow
	for i, v := range vs {
		if v.ID == "" {
			v.ID = newID()
		}
		for j := range v.Certifications {
			v.Certifications[j].ID = newID()
			c := toCertificationRow(v.ID, v.Certifications[j])
			c.CreatedAt = now
			certs = append(certs, c)
		}
		rows[i] = toVendorRow(v)
		rows[i].Version, rows[i].CreatedAt, rows[i].UpdatedAt = 1, now, now
	}
	if err := checkIDsFree(tx, vs); err != nil {
		return err
	}
	if err := tx.CreateInBatches(rows, importBatch).Error; err != nil {
		return err
	}
	if len(certs) > 0 {
		if err := tx.CreateInBatches(certs, importBatch).Error; err != nil {
			return err
		}
	}
	audits := make([]auditRow, len(vs))
	outbox := make([]outboxRow, len(vs))
	for i, v := range vs {
		a, err := newAuditRow(ctx, ActionVendorCreate, objectVendor, v.ID, nil, auditOf(v))
		if err != nil {
			return err
		}
		audits[i] = a
		if outbox[i], err = newOutboxRow(AggregateVendor, v.ID, 1, outboxPayload{Action: ActionVendorCreate}); err != nil {
			return err
		}
	}
	if err := tx.CreateInBatches(audits, importBatch).Error; err != nil {
		return err
	}
	return tx.Omit(outboxDefaults...).CreateInBatches(outbox, importBatch).Error
}

// checkIDsFree refuses new vendors whose input id belongs to a stored
// vendor under another slug, naming both: a batch insert could only say
// that some key was taken.
func checkIDsFree(tx *gorm.DB, vs []*catalog.Vendor) error {
	slugByID := map[string]string{}
	for _, v := range vs {
		slugByID[v.ID] = v.Slug
	}
	for chunk := range slices.Chunk(slices.Collect(maps.Keys(slugByID)), 5000) {
		var taken []vendorRow
		if err := tx.Select("id", "slug").Where("id IN ?", chunk).Limit(1).Find(&taken).Error; err != nil {
			return err
		}
		if len(taken) > 0 {
			t := taken[0]
			return callmatch.Errorf(callmatch.ECONFLICT,
				"Vendor %q has id %s, which already belongs to vendor %q.", slugByID[t.ID], t.ID, t.Slug)
		}
	}
	return nil
}
