package postgres

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"callmatch"
	"callmatch/catalog"
)

// Audit actions of catalog writes. Vendor actions are logged against the
// object type "vendor", certification actions against "certification".
const (
	ActionVendorCreate        = "vendor.create"
	ActionVendorUpdate        = "vendor.update"
	ActionVendorCapacity      = "vendor.capacity"
	ActionCertificationAdd    = "certification.add"
	ActionCertificationDecide = "certification.decide"

	objectVendor        = "vendor"
	objectCertification = "certification"
)

// Constraint names from migrations/00001_catalog.sql.
const (
	slugConstraint       = "vendors_slug_key"
	vendorPKeyConstraint = "vendors_pkey"
)

// outboxPayload tells the relay what happened; it indexes the vendor's
// current state, so nothing more is needed.
type outboxPayload struct {
	Action string `json:"action"`
}

// newID returns a time-ordered UUID, which keeps index inserts local.
func newID() string { return uuid.Must(uuid.NewV7()).String() }

// CreateVendor validates v and stores it with its certifications. It
// assigns v.ID when empty and gives every certification a new id.
func (s *VendorStore) CreateVendor(ctx context.Context, v *catalog.Vendor) error {
	if v.ID == "" {
		v.ID = newID()
	} else if !validID(v.ID) {
		return &callmatch.Error{Code: callmatch.EINVALID, Message: "Some fields are not valid.",
			Fields: map[string]string{"id": "must be a UUID, or left out to have one assigned"}}
	}
	normalize(v)
	if err := v.Validate(); err != nil {
		return err
	}
	for i := range v.Certifications {
		v.Certifications[i].ID = newID()
	}
	err := s.db.InTx(ctx, func(tx *gorm.DB) error { return insertVendor(ctx, tx, v, s.now()) })
	return vendorWriteError("create vendor", err, v)
}

// insertVendor stores a validated v in tx: the row, its certifications,
// the audit and outbox rows and the catalog version (also used by a
// vendor application's approval).
func insertVendor(ctx context.Context, tx *gorm.DB, v *catalog.Vendor, now time.Time) error {
	row := toVendorRow(v)
	row.Version, row.CreatedAt, row.UpdatedAt = 1, now, now
	if err := tx.Create(&row).Error; err != nil {
		return err
	}
	if err := insertCertifications(tx, v.ID, v.Certifications, now); err != nil {
		return err
	}
	if err := vendorWritten(ctx, tx, ActionVendorCreate, nil, v, row.Version); err != nil {
		return err
	}
	_, err := bumpCatalogVersion(tx)
	return err
}

// UpdateVendor applies u to the vendor under a row lock, so that concurrent
// patches of one vendor apply one after the other and none is lost. With
// u.IfVersion set, a vendor written since that version (by anyone, its
// certifications included) refuses the change with
// catalog.ErrVendorChanged: of two forms opened on one version, the first
// save wins and the second is refused rather than reverting it. A change
// that alters nothing is no conflict, so a form posted twice (a double
// click, a resent request) stores it once and answers the second as saved.
func (s *VendorStore) UpdateVendor(ctx context.Context, id string, u catalog.VendorUpdate) (*catalog.Vendor, error) {
	return s.modifyVendorAt(ctx, id, ActionVendorUpdate, u.IfVersion, func(v *catalog.Vendor) error {
		u.Apply(v)
		normalize(v)
		return v.Validate()
	})
}

// SetCapacity replaces the vendor's capacity.
func (s *VendorStore) SetCapacity(ctx context.Context, id string, c catalog.Capacity) (*catalog.Vendor, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return s.modifyVendor(ctx, id, ActionVendorCapacity, func(v *catalog.Vendor) error {
		v.Capacity = c
		normalize(v)
		return nil
	})
}

// modifyVendor locks the vendor, lets change edit a copy, and saves the
// copy if it differs. A change that alters nothing writes nothing: there is
// nothing to audit or to reindex.
func (s *VendorStore) modifyVendor(ctx context.Context, id, action string, change func(*catalog.Vendor) error) (*catalog.Vendor, error) {
	return s.modifyVendorAt(ctx, id, action, 0, change)
}

// modifyVendorAt is modifyVendor refusing, when ifVersion is not 0, a
// change that would alter a vendor no longer at ifVersion. The version is
// compared under the row lock, which every writer takes first, so no write
// can slip between the comparison and the save.
func (s *VendorStore) modifyVendorAt(ctx context.Context, id, action string, ifVersion int64, change func(*catalog.Vendor) error) (*catalog.Vendor, error) {
	if !validID(id) {
		return nil, vendorNotFound(id)
	}
	var after *catalog.Vendor
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		row, before, err := lockVendor(tx, id)
		if err != nil {
			return err
		}
		if after, err = cloneVendor(before); err != nil {
			return err
		}
		stale := ifVersion != 0 && row.Version != ifVersion
		if err := change(after); err != nil {
			if stale {
				// What was checked is a stale form; its problems may be
				// someone else's edits seen through it.
				return catalog.ErrVendorChanged
			}
			return err
		}
		same, err := sameJSON(before, after)
		if err != nil || same {
			return err
		}
		if stale {
			return catalog.ErrVendorChanged
		}
		return s.saveVendor(ctx, tx, row, before, after, action)
	})
	if isNotFound(err) {
		return nil, vendorNotFound(id)
	}
	if err != nil {
		return nil, vendorWriteError("update vendor", err, after)
	}
	return after, nil
}

// saveVendor writes after over the locked row, then records the change and
// a new catalog version. Certifications are the caller's business.
func (s *VendorStore) saveVendor(ctx context.Context, tx *gorm.DB, old vendorRow, before, after *catalog.Vendor, action string) error {
	row := toVendorRow(after)
	row.Version, row.CreatedAt, row.UpdatedAt = old.Version+1, old.CreatedAt, s.now()
	if err := tx.Select("*").Omit("id", "created_at").Updates(&row).Error; err != nil {
		return err
	}
	if err := vendorWritten(ctx, tx, action, before, after, row.Version); err != nil {
		return err
	}
	_, err := bumpCatalogVersion(tx)
	return err
}

// vendorWritten records a vendor change for the audit log and the search
// index, in the change's transaction.
func vendorWritten(ctx context.Context, tx *gorm.DB, action string, before, after *catalog.Vendor, version int64) error {
	if err := writeAudit(ctx, tx, action, objectVendor, after.ID, auditOf(before), auditOf(after)); err != nil {
		return err
	}
	return writeOutbox(tx, AggregateVendor, after.ID, version, outboxPayload{Action: action})
}

// lockVendor reads a vendor and its certifications, holding the vendor's
// row lock until the transaction ends. Every catalog write takes this lock
// first, which orders one vendor's writes, their versions and their outbox
// rows the same way.
func lockVendor(tx *gorm.DB, id string) (vendorRow, *catalog.Vendor, error) {
	row, err := lockVendorRow(tx, id)
	if err != nil {
		return row, nil, err
	}
	certs, err := loadCertifications(tx, id)
	if err != nil {
		return row, nil, err
	}
	return row, row.toVendor(certs[id]), nil
}

func lockVendorRow(tx *gorm.DB, id string) (vendorRow, error) {
	var row vendorRow
	err := tx.Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate}).Where("id = ?", id).Take(&row).Error
	return row, err
}

// touchVendor bumps the version of a vendor whose certifications changed,
// so that the outbox row for that change carries a version of its own.
func (s *VendorStore) touchVendor(tx *gorm.DB, row *vendorRow) error {
	row.Version++
	row.UpdatedAt = s.now()
	return tx.Model(&vendorRow{}).Where("id = ?", row.ID).
		Updates(map[string]any{"version": row.Version, "updated_at": row.UpdatedAt}).Error
}

func insertCertifications(tx *gorm.DB, vendorID string, cs []catalog.Certification, now time.Time) error {
	if len(cs) == 0 {
		return nil
	}
	rows := make([]certificationRow, len(cs))
	for i, c := range cs {
		rows[i] = toCertificationRow(vendorID, c)
		rows[i].CreatedAt = now
	}
	return tx.CreateInBatches(rows, 1000).Error
}

// vendorWriteError names the slug or id that is taken, which is the one
// conflict a person can fix by editing the input.
func vendorWriteError(op string, err error, v *catalog.Vendor) error {
	if err == nil || !errors.Is(err, gorm.ErrDuplicatedKey) || v == nil {
		return translate(op, err)
	}
	switch constraint(err) {
	case slugConstraint:
		return callmatch.Errorf(callmatch.ECONFLICT, "A vendor with slug %q already exists.", v.Slug)
	case vendorPKeyConstraint:
		return callmatch.Errorf(callmatch.ECONFLICT, "A vendor with id %q already exists.", v.ID)
	}
	return translate(op, err)
}

// cloneVendor deep-copies through JSON, the one representation every field
// is guaranteed to round-trip through.
func cloneVendor(v *catalog.Vendor) (*catalog.Vendor, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("clone vendor: %w", err)
	}
	var c catalog.Vendor
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("clone vendor: %w", err)
	}
	normalize(&c)
	return &c, nil
}

func sameJSON(a, b any) (bool, error) {
	ja, err := json.Marshal(a)
	if err != nil {
		return false, err
	}
	jb, err := json.Marshal(b)
	if err != nil {
		return false, err
	}
	return bytes.Equal(ja, jb), nil
}
