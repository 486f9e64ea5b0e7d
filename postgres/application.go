package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"callmatch"
	"callmatch/account"
	"callmatch/catalog"
	"callmatch/mail"
)

var _ catalog.ApplicationStore = (*ApplicationStore)(nil)

// adApplication binds a sealed applicant contact to its application row.
const adApplication = "callmatch/vendor_application.contact/v1:"

// ApplicationStore keeps vendor applications (migration 00011); the
// applicant's name, email and phone are sealed with the data key.
type ApplicationStore struct {
	db   *DB
	seal *sealer
	Now  func() time.Time
}

// NewApplicationStore returns a store on db sealing contacts with key.
func NewApplicationStore(db *DB, key []byte) (*ApplicationStore, error) {
	s, err := newSealer(key)
	if err != nil {
		return nil, err
	}
	return &ApplicationStore{db: db, seal: s, Now: time.Now}, nil
}

// applicationContact is the sealed part.
type applicationContact struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Phone string `json:"phone"`
}

type applicationRow struct {
	ID        string
	Company   string
	Contact   []byte
	Website   string
	Services  textArray
	Languages textArray
	States    textArray
	Seats     int
	Lang      string
	Status    string
	Reason    string
	VendorID  *string
	DecidedBy string
	CreatedAt time.Time
}

const applicationColumns = `id, company, contact, website, services, languages, states, seats, lang, status, reason, vendor_id, decided_by, created_at`

func (s *ApplicationStore) toApplication(r applicationRow) (*catalog.Application, error) {
	plain, err := s.seal.open(r.Contact, adApplication+r.ID)
	if err != nil {
		return nil, fmt.Errorf("postgres: application %s contact: %w", r.ID, err)
	}
	var c applicationContact
	if err := json.Unmarshal(plain, &c); err != nil {
		return nil, fmt.Errorf("postgres: application %s contact: %w", r.ID, err)
	}
	a := &catalog.Application{ID: r.ID, Company: r.Company, ContactName: c.Name, Email: c.Email, Phone: c.Phone,
		Website: r.Website, Services: r.Services, Languages: r.Languages, States: r.States, Seats: r.Seats, Lang: r.Lang,
		Status: r.Status, Reason: r.Reason, DecidedBy: r.DecidedBy, CreatedAt: r.CreatedAt}
	if r.VendorID != nil {
		a.VendorID = *r.VendorID
	}
	return a, nil
}

// applicationAudit is what the log keeps: never the contact.
func applicationAudit(r applicationRow) map[string]any {
	return map[string]any{"company": r.Company, "status": r.Status, "reason": r.Reason, "vendor_id": r.VendorID, "contact": "sealed"}
}

// CreateApplication seals the contact and inserts a pending application.
func (s *ApplicationStore) CreateApplication(ctx context.Context, a *catalog.Application) error {
	a.ID = newID()
	contact, err := json.Marshal(applicationContact{Name: a.ContactName, Email: a.Email, Phone: a.Phone})
	if err != nil {
		return err
	}
	var row applicationRow
	err = s.db.InTx(ctx, func(tx *gorm.DB) error {
		err := tx.Raw(`INSERT INTO vendor_applications (id, company, contact, website, services, languages, states, seats, lang)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING `+applicationColumns,
			a.ID, a.Company, s.seal.seal(contact, adApplication+a.ID), a.Website, textArray(a.Services), textArray(a.Languages),
			textArray(a.States), a.Seats, a.Lang).Scan(&row).Error
		if err != nil {
			return err
		}
		return writeAudit(ctx, tx, "vendor_application.create", "vendor_application", a.ID, nil, applicationAudit(row))
	})
	if err != nil {
		return translate("create application", err)
	}
	a.Status, a.CreatedAt = row.Status, row.CreatedAt
	return nil
}

// ActionApplicationContactRead is audited for each application whose
// contact a reader was shown, as for a campaign's contact.
const ActionApplicationContactRead = "vendor_application.contact.read"

// FindApplications lists applications, pending first, then newest. The
// list is what one desk reviews by hand, so it is bounded rather than
// paged. Each contact shown is audited in the same transaction.
func (s *ApplicationStore) FindApplications(ctx context.Context) ([]*catalog.Application, error) {
	var out []*catalog.Application
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		var rows []applicationRow
		err := tx.Raw(`SELECT ` + applicationColumns + ` FROM vendor_applications
			ORDER BY status = 'pending' DESC, created_at DESC, id LIMIT 500`).Scan(&rows).Error
		if err != nil {
			return err
		}
		out = make([]*catalog.Application, len(rows))
		audits := make([]auditRow, len(rows))
		for i, r := range rows {
			if out[i], err = s.toApplication(r); err != nil {
				return err
			}
			if audits[i], err = newAuditRow(ctx, ActionApplicationContactRead, "vendor_application", r.ID, nil, nil); err != nil {
				return err
			}
		}
		if len(audits) == 0 {
			return nil
		}
		return tx.CreateInBatches(audits, 500).Error
	})
	if err != nil {
		return nil, translate("find applications", err)
	}
	return out, nil
}

// FindApplication returns one application or not_found, auditing the
// contact read.
func (s *ApplicationStore) FindApplication(ctx context.Context, id string) (*catalog.Application, error) {
	var a *catalog.Application
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		var err error
		if a, err = s.find(tx, id, ""); err != nil {
			return err
		}
		return writeAudit(ctx, tx, ActionApplicationContactRead, "vendor_application", id, nil, nil)
	})
	return a, translate("find application", err)
}

func (s *ApplicationStore) find(tx *gorm.DB, id, lock string) (*catalog.Application, error) {
	if uuid.Validate(id) != nil {
		return nil, errApplicationNotFound()
	}
	var rows []applicationRow
	if err := tx.Raw(`SELECT `+applicationColumns+` FROM vendor_applications WHERE id = ? `+lock, id).Scan(&rows).Error; err != nil {
		return nil, translate("find application", err)
	} else if len(rows) == 0 {
		return nil, errApplicationNotFound()
	}
	return s.toApplication(rows[0])
}

// ApproveApplication decides under the row lock: of two approvals (a
// double click, two advisors) the second waits, sees the decision and
// returns it; it creates no second vendor and sends no second mail.
func (s *ApplicationStore) ApproveApplication(ctx context.Context, id string,
	approve func(a *catalog.Application, vendorID string) (*catalog.Vendor, *account.Invitation, []byte, mail.Message, error)) (*catalog.Application, error) {
	return s.decide(ctx, id, func(tx *gorm.DB, a *catalog.Application) error {
		v, inv, hash, m, err := approve(a, newID())
		if err != nil {
			return err
		}
		var taken int64
		if err := tx.Raw(`SELECT count(*) FROM vendors WHERE slug = ?`, v.Slug).Scan(&taken).Error; err != nil {
			return err
		} else if taken > 0 {
			v.Slug += "-" + v.ID[len(v.ID)-6:] // another vendor has the name: the desk may rename
		}
		normalize(v)
		if err := v.Validate(); err != nil {
			return err
		}
		if err := insertVendor(ctx, tx, v, s.Now().UTC()); err != nil {
			return vendorWriteError("approve application", err, v)
		}
		if err := insertInvitation(ctx, tx, inv, hash, m); err != nil {
			return err
		}
		a.Status, a.VendorID = catalog.ApplicationApproved, v.ID
		return nil
	})
}

// RejectApplication records the reason and queues the applicant's mail,
// under the row lock like approval.
func (s *ApplicationStore) RejectApplication(ctx context.Context, id, reason string, m func(a *catalog.Application) mail.Message) (*catalog.Application, error) {
	return s.decide(ctx, id, func(tx *gorm.DB, a *catalog.Application) error {
		a.Status, a.Reason = catalog.ApplicationRejected, reason
		return queueMail(ctx, tx, m(a))
	})
}

// decide locks a pending application, lets change decide it (setting
// Status, Reason, VendorID) and saves the decision with its audit. A
// decided application is returned as it is.
func (s *ApplicationStore) decide(ctx context.Context, id string, change func(tx *gorm.DB, a *catalog.Application) error) (*catalog.Application, error) {
	var out *catalog.Application
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		a, err := s.find(tx, id, "FOR UPDATE")
		if err != nil || a.Status != catalog.ApplicationPending {
			out = a
			return err
		}
		if err := change(tx, a); err != nil {
			return err
		}
		by := callmatch.ActorFrom(ctx).Label()
		var row applicationRow
		if err := tx.Raw(`UPDATE vendor_applications SET status = ?, reason = ?, vendor_id = ?, decided_by = ?, decided_at = now()
			WHERE id = ? RETURNING `+applicationColumns, a.Status, a.Reason, nullableUUID(a.VendorID), by, id).Scan(&row).Error; err != nil {
			return err
		}
		a.DecidedBy = by
		out = a
		return writeAudit(ctx, tx, "vendor_application.decide", "vendor_application", id, nil, applicationAudit(row))
	})
	if err != nil {
		return nil, translate("decide application", err)
	}
	return out, nil
}

func errApplicationNotFound() error {
	return callmatch.Errorf(callmatch.ENOTFOUND, "Application not found.")
}
