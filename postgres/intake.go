package postgres

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"

	"callmatch"
	"callmatch/intake"
)

var _ intake.Store = (*IntakeStore)(nil)

// Audit actions and object types of the intake workflow.
const (
	ActionIntakeCreate      = "intake.create"
	ActionIntakeStatus      = "intake.status"
	ActionIntakeContactRead = "intake.contact.read"
	ActionIntakeErase       = "intake.erase"
	ActionShortlistCreate   = "shortlist.create"
	ActionShortlistEvent    = "shortlist.event"
	ActionShortlistShare    = "shortlist.share"
	ActionEngagementCreate  = "engagement.create"
	objectIntake            = "intake"
	objectShortlist         = "shortlist"
	objectEngagement        = "engagement"
)

// IntakeStore keeps intakes, shortlists and engagements (migration 00003).
// Contact details are sealed with AES-256-GCM under the data key before
// they reach the database and opened only by ReadContact, which audits the
// read. Status changes lock the intake row and follow intake.CheckTransition.
type IntakeStore struct {
	db       *DB
	seal     *sealer
	emailKey []byte // of intakes.email_hash (see emailHash)
	// Now is the clock for timestamps the store sets; tests replace it.
	Now func() time.Time
}

// NewIntakeStore returns a store on db sealing personal data with key, which
// must be DataKeySize bytes (see ParseDataKey).
func NewIntakeStore(db *DB, key []byte) (*IntakeStore, error) {
	s, err := newSealer(key)
	if err != nil {
		return nil, fmt.Errorf("postgres: intake store: %w", err)
	}
	return &IntakeStore{db: db, seal: s, emailKey: newEmailKey(key), Now: time.Now}, nil
}

func (s *IntakeStore) now() time.Time { return s.Now().UTC() }

// CreateIntake inserts the intake, or finds the one stored under the same
// idempotency key. ON CONFLICT makes concurrent submissions with one key
// wait for the first to commit and then see its row, so exactly one is
// created however many arrive at once. The new intake's mail (the
// campaign's confirmation, each advisor's notice) is queued in the same
// transaction; a replay queues nothing.
func (s *IntakeStore) CreateIntake(ctx context.Context, sub intake.Submission) (*intake.Intake, string, bool, error) {
	id := newID()
	form, err := encodeForm(sub.Form)
	if err != nil {
		return nil, "", false, err
	}
	contact, err := json.Marshal(newContactDoc(sub.Form.Contact))
	if err != nil {
		return nil, "", false, fmt.Errorf("encode contact: %w", err)
	}
	now := s.now()
	row := intakeRow{
		ID: id, Status: intake.StatusSubmitted, Version: 1, Form: form,
		ContactCiphertext: s.seal.seal(contact, adContact+id), TokenHash: sub.TokenHash,
		LinkCiphertext: s.seal.seal([]byte(sub.Token), adLink+id), EmailHash: s.emailHash(sub.Form.Contact.Email),
		CreatedAt: now, UpdatedAt: now,
	}
	if sub.KeyHash != nil {
		row.IdempotencyKeyHash, row.RequestHash = sub.KeyHash, sub.RequestHash
		row.TokenCiphertext = s.seal.seal([]byte(sub.Token), adToken+id)
	}
	// Everything that can fail in Go is done before the insert, so that a
	// stored intake is always answered 201.
	rec, err := row.toIntake()
	if err != nil {
		return nil, "", false, err
	}
	audit, err := newAuditRow(ctx, ActionIntakeCreate, objectIntake, id, nil, row.audit())
	if err != nil {
		return nil, "", false, err
	}
	// One statement inserts the intake and, only if it went in, its audit
	// row, and reads whom to tell; the mail follows in the same transaction.
	var got []struct {
		ID    string
		Staff []byte
	}
	err = s.db.InTx(ctx, func(tx *gorm.DB) error {
		err := tx.Raw(`WITH ins AS (
			INSERT INTO intakes (id, status, version, form, contact_ciphertext, token_hash,
				token_ciphertext, link_ciphertext, email_hash, idempotency_key_hash, request_hash,
				start_date, end_date, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (idempotency_key_hash) DO NOTHING
			RETURNING id),
		aud AS (
			INSERT INTO audit_log (actor, role, request_id, action, object_type, object_id, diff)
			SELECT ?, ?, ?, ?, ?, ins.id, ? FROM ins)
		SELECT ins.id, `+staffRecipientsJSON+` AS staff FROM ins`,
			row.ID, row.Status, row.Version, string(row.Form), row.ContactCiphertext, row.TokenHash,
			row.TokenCiphertext, row.LinkCiphertext, row.EmailHash, row.IdempotencyKeyHash, row.RequestHash,
			sub.Form.StartDate.String(), sub.Form.EndDate.String(), row.CreatedAt, row.UpdatedAt,
			audit.Actor, audit.Role, audit.RequestID, audit.Action, audit.ObjectType, string(audit.Diff),
		).Scan(&got).Error
		if err != nil || len(got) != 1 {
			return err
		}
		staff, err := decodeRecipients(got[0].Staff)
		if err != nil {
			return err
		}
		return queueIntakeCreated(ctx, tx, id, sub.Form, sub.Token, staff)
	})
	if err != nil {
		return nil, "", false, translate("create intake", err)
	}
	if len(got) == 1 {
		return rec, "", true, nil
	}
	// The idempotency key is taken: answer as the first submission did.
	rec, token, found, err := s.replay(s.db.gorm.WithContext(ctx), sub)
	if err != nil {
		return nil, "", false, translate("create intake", err)
	}
	if !found {
		// The key's row was there a statement ago; intakes are never
		// deleted, so this is a fault worth a plain retry.
		return nil, "", false, callmatch.Errorf(callmatch.ECONFLICT, "This Idempotency-Key is being used by another request; try again.")
	}
	return rec, token, false, nil
}

// FindSubmission answers a submission from the intake its key stored, as
// CreateIntake does when the key is taken, and stores nothing.
func (s *IntakeStore) FindSubmission(ctx context.Context, sub intake.Submission) (*intake.Intake, string, bool, error) {
	if sub.KeyHash == nil {
		return nil, "", false, nil
	}
	rec, token, found, err := s.replay(s.db.gorm.WithContext(ctx), sub)
	if err != nil {
		return nil, "", false, translate("find submission", err)
	}
	return rec, token, found, nil
}

// replay answers a submission whose idempotency key is taken; found is
// false when no intake has the key.
func (s *IntakeStore) replay(tx *gorm.DB, sub intake.Submission) (*intake.Intake, string, bool, error) {
	var rows []intakeRow
	err := tx.Raw(`SELECT `+intakeColumns+`, token_ciphertext FROM intakes WHERE idempotency_key_hash = ?`,
		sub.KeyHash).Scan(&rows).Error
	if err != nil || len(rows) == 0 {
		return nil, "", false, err
	}
	prev := rows[0]
	if !bytes.Equal(prev.RequestHash, sub.RequestHash) {
		return nil, "", true, callmatch.Errorf(callmatch.ECONFLICT,
			"This Idempotency-Key was already used for a different submission; use a new key for a new form.")
	}
	rec, err := prev.toIntake()
	if err != nil {
		return nil, "", true, err
	}
	if prev.TokenCiphertext == nil {
		return rec, "", true, nil
	}
	token, err := s.seal.open(prev.TokenCiphertext, adToken+prev.ID)
	if err != nil {
		return nil, "", true, fmt.Errorf("intake %s: token: %w", prev.ID, err)
	}
	return rec, string(token), true, nil
}

// FindIntakeByID returns the intake without its contact.
func (s *IntakeStore) FindIntakeByID(ctx context.Context, id string) (*intake.Intake, error) {
	if !validID(id) {
		return nil, intake.ErrIntakeNotFound(id)
	}
	row, err := findIntake(s.db.gorm.WithContext(ctx), id, "")
	if err != nil {
		return nil, translate("find intake", err)
	}
	return row.toIntake()
}

// findIntake reads one intake row; lock is "" or a locking clause such as
// "FOR UPDATE".
func findIntake(tx *gorm.DB, id, lock string) (intakeRow, error) {
	var rows []intakeRow
	if err := tx.Raw(`SELECT `+intakeColumns+` FROM intakes WHERE id = ? `+lock, id).Scan(&rows).Error; err != nil {
		return intakeRow{}, err
	}
	if len(rows) == 0 {
		return intakeRow{}, intake.ErrIntakeNotFound(id)
	}
	return rows[0], nil
}

// lockIntake reads an intake and holds its row lock until the transaction
// ends. Every write to an intake or its shortlists and engagements takes
// this lock first, so their checks and versions never interleave.
func lockIntake(tx *gorm.DB, id string) (intakeRow, error) {
	if !validID(id) {
		return intakeRow{}, intake.ErrIntakeNotFound(id)
	}
	return findIntake(tx, id, "FOR UPDATE")
}

// ReadContact opens the sealed contact and writes the audit row of the
// read in the same transaction: if the audit row cannot be written, nobody
// sees the contact.
func (s *IntakeStore) ReadContact(ctx context.Context, id string) (*intake.Intake, error) {
	if !validID(id) {
		return nil, intake.ErrIntakeNotFound(id)
	}
	var rec *intake.Intake
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		var rows []intakeRow
		err := tx.Raw(`SELECT `+intakeColumns+`, contact_ciphertext FROM intakes WHERE id = ?`, id).Scan(&rows).Error
		if err != nil {
			return err
		}
		if len(rows) == 0 {
			return intake.ErrIntakeNotFound(id)
		}
		row := rows[0]
		if row.ErasedAt != nil {
			return callmatch.Errorf(callmatch.ENOTFOUND,
				"The contact details of intake %q were erased on %s.", id, row.ErasedAt.UTC().Format(time.DateOnly))
		}
		contact, err := s.openContact(row.ID, row.ContactCiphertext)
		if err != nil {
			return err
		}
		if rec, err = row.toIntake(); err != nil {
			return err
		}
		rec.Form.Contact = contact.toContact()
		return writeAudit(ctx, tx, ActionIntakeContactRead, objectIntake, id, nil, nil)
	})
	if err != nil {
		return nil, translate("read intake contact", err)
	}
	return rec, nil
}

// SetIntakeStatus moves the intake to status under its row lock, and
// releases its bookings in the same transaction when the move does
// (intake.ReleasesBookings, by the store's clock). A repeated request is
// refused by CheckTransition or, for a status that may repeat, finds no
// bookings left to release.
func (s *IntakeStore) SetIntakeStatus(ctx context.Context, id, status string) (*intake.Intake, error) {
	var row intakeRow
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		var err error
		if row, err = lockIntake(tx, id); err != nil {
			return err
		}
		if err := s.moveIntake(ctx, tx, &row, status); err != nil {
			return err
		}
		in, err := row.toIntake()
		if err != nil || !intake.ReleasesBookings(status, in.Form.StartDate, callmatch.DateOf(s.Now())) {
			return err
		}
		return releaseBookings(ctx, tx, row.ID)
	})
	if err != nil {
		return nil, translate("set intake status", err)
	}
	return row.toIntake()
}

// moveIntake applies a checked status change (or a same-status change such
// as sharing one more shortlist) to a locked row, bumping its version.
func (s *IntakeStore) moveIntake(ctx context.Context, tx *gorm.DB, row *intakeRow, to string) error {
	if err := intake.CheckTransition(row.Status, to); err != nil {
		return err
	}
	before := row.audit()
	row.Status, row.Version, row.UpdatedAt = to, row.Version+1, s.now()
	err := tx.Exec(`UPDATE intakes SET status = ?, version = ?, updated_at = ? WHERE id = ?`,
		row.Status, row.Version, row.UpdatedAt, row.ID).Error
	if err != nil {
		return err
	}
	if err := endHolds(tx, row.ID, to); err != nil { // quote holds end with the open statuses
		return err
	}
	return writeAudit(ctx, tx, ActionIntakeStatus, objectIntake, row.ID, before, row.audit())
}
