package postgres

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"callmatch"
	"callmatch/catalog"
)

// auditedCertification is what the audit log keeps of a certification:
// its document plus the vendor it belongs to.
type auditedCertification struct {
	VendorID string `json:"vendor_id"`
	certificationDoc
	DecidedBy string     `json:"decided_by,omitempty"`
	DecidedAt *time.Time `json:"decided_at,omitempty"`
}

// AddCertification stores a submitted certification with a new id. The
// caller decides the status (a vendor's submission is pending); the store
// keeps what it is given.
func (s *VendorStore) AddCertification(ctx context.Context, vendorID string, c catalog.Certification) (*catalog.Certification, error) {
	return s.addCertification(ctx, vendorID, c, nil)
}

// addCertification stores c and, unless nil, its evidence in one
// transaction.
func (s *VendorStore) addCertification(ctx context.Context, vendorID string, c catalog.Certification, doc *catalog.CertificationDocument) (*catalog.Certification, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if !validID(vendorID) {
		return nil, vendorNotFound(vendorID)
	}
	c.ID = newID()
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		row, err := lockVendorRow(tx, vendorID)
		if err != nil {
			return err
		}
		now := s.now()
		if err := insertCertifications(tx, vendorID, []catalog.Certification{c}, now); err != nil {
			return err
		}
		audited := auditedCertification{VendorID: vendorID, certificationDoc: certificationDocOf(c)}
		var after any = audited
		if doc != nil {
			if after, err = insertDocument(tx, c.ID, *doc, now, audited); err != nil {
				return err
			}
		}
		if err := s.certificationWritten(ctx, tx, &row, ActionCertificationAdd, c.ID, nil, after); err != nil {
			return err
		}
		return queueCertReview(ctx, tx, &row, c)
	})
	if isNotFound(err) {
		return nil, vendorNotFound(vendorID)
	}
	if err != nil {
		return nil, translate("add certification", err)
	}
	return &c, nil
}

// queueCertReview tells each advisor that a certification waits for
// verification. Only a pending one does: staff adding a verified one have
// verified it themselves. The cause names the certification, which is
// added once under a new id, so a certification is announced once.
func queueCertReview(ctx context.Context, tx *gorm.DB, vrow *vendorRow, c catalog.Certification) error {
	if c.Status != catalog.CertPending {
		return nil
	}
	staff, err := staffRecipients(tx)
	if err != nil {
		return err
	}
	return queueMail(ctx, tx, staffMail(staff, MailCertReview, func(uid string) string { return causeCertReview(c.ID, uid) },
		map[string]string{"cert_id": c.ID, "vendor_id": vrow.ID, "vendor": vrow.Name, "kind": c.Kind,
			"expires_on": c.ExpiresOn.String()})...)
}

// DecideCertification records an advisor's verdict on a pending
// certification and returns it with its vendor's id. A certification that
// was already decided is a conflict: a second verdict would silently
// overwrite the first advisor's.
func (s *VendorStore) DecideCertification(ctx context.Context, certID string, d catalog.CertificationDecision) (*catalog.Certification, string, error) {
	if err := d.Validate(); err != nil {
		return nil, "", err
	}
	vendorID, err := s.FindCertificationVendorID(ctx, certID)
	if err != nil {
		return nil, "", err
	}
	var out catalog.Certification
	err = s.db.InTx(ctx, func(tx *gorm.DB) error {
		// The vendor's lock comes first, as in every catalog write, so that
		// writers never wait on each other in opposite orders.
		vrow, err := lockVendorRow(tx, vendorID)
		if err != nil {
			return err
		}
		var crow certificationRow
		err = tx.Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate}).
			Where("id = ? AND vendor_id = ?", certID, vendorID).Take(&crow).Error
		if err != nil {
			return err
		}
		if crow.Status != catalog.CertPending {
			return callmatch.Errorf(callmatch.ECONFLICT,
				"Certification %s is already %s; only a pending certification can be decided.", certID, crow.Status)
		}
		before := auditedCertification{VendorID: vendorID, certificationDoc: certificationDocOf(crow.toCertification())}
		now := s.now()
		crow.Status, crow.Reason = d.Status, d.Reason
		crow.DecidedBy, crow.DecidedAt = callmatch.ActorFrom(ctx).Label(), &now
		err = tx.Model(&crow).Select("status", "reason", "decided_by", "decided_at").Updates(&crow).Error
		if err != nil {
			return err
		}
		out = crow.toCertification()
		after := auditedCertification{VendorID: vendorID, certificationDoc: certificationDocOf(out),
			DecidedBy: crow.DecidedBy, DecidedAt: crow.DecidedAt}
		return s.certificationWritten(ctx, tx, &vrow, ActionCertificationDecide, certID, before, after)
	})
	if isNotFound(err) {
		// An import replaced the vendor's certifications meanwhile.
		return nil, "", certificationNotFound(certID)
	}
	if err != nil {
		return nil, "", translate("decide certification", err)
	}
	return &out, vendorID, nil
}

// certificationWritten records a certification change: the vendor gets a
// new version (its search document and matching data changed), an audit
// row, an outbox row and a new catalog version.
func (s *VendorStore) certificationWritten(ctx context.Context, tx *gorm.DB, vrow *vendorRow, action, certID string, before, after any) error {
	if err := s.touchVendor(tx, vrow); err != nil {
		return err
	}
	if err := writeAudit(ctx, tx, action, objectCertification, certID, before, after); err != nil {
		return err
	}
	if err := writeOutbox(tx, AggregateVendor, vrow.ID, vrow.Version, outboxPayload{Action: action}); err != nil {
		return err
	}
	_, err := bumpCatalogVersion(tx)
	return err
}
