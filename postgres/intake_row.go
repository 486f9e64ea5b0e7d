package postgres

import (
	"encoding/json"
	"fmt"
	"time"

	"callmatch/intake"
)

// intakeRow is the intakes table. The ciphertext columns are read only by
// the paths that need them (intakeColumns leaves them out).
type intakeRow struct {
	ID                 string
	Status             string
	Version            int64
	Form               []byte // formDoc JSON
	ContactCiphertext  []byte
	TokenHash          []byte
	TokenCiphertext    []byte
	LinkCiphertext     []byte // the private link token, kept until erasure (adLink)
	EmailHash          []byte // keyed hash of the contact's address (emailHash)
	IdempotencyKeyHash []byte
	RequestHash        []byte
	CreatedAt          time.Time
	UpdatedAt          time.Time
	ErasedAt           *time.Time
	// LastMessageAt is read by the queue (FindIntakes) only; never written.
	LastMessageAt *time.Time `gorm:"->"`
}

func (intakeRow) TableName() string { return "intakes" }

// intakeColumns is what reads fetch: never the ciphertexts, so a read that
// does not need the contact cannot leak it; nor the dates, which only the
// urgency sort needs (the form has them too).
const intakeColumns = `id, status, version, form, token_hash, idempotency_key_hash, request_hash,
	created_at, updated_at, erased_at`

func encodeForm(f intake.Form) ([]byte, error) {
	b, err := json.Marshal(newFormDoc(f))
	if err != nil {
		return nil, fmt.Errorf("encode intake form: %w", err)
	}
	return b, nil
}

func (r *intakeRow) toIntake() (*intake.Intake, error) {
	in := &intake.Intake{
		ID: r.ID, Status: r.Status, Version: r.Version,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(), TokenHash: r.TokenHash,
	}
	if r.ErasedAt != nil {
		t := r.ErasedAt.UTC()
		in.ErasedAt = &t
	}
	if r.LastMessageAt != nil {
		t := r.LastMessageAt.UTC()
		in.LastMessageAt = &t
	}
	var doc formDoc
	if err := json.Unmarshal(r.Form, &doc); err != nil {
		return nil, fmt.Errorf("intake %s: decode form: %w", r.ID, err)
	}
	in.Form = doc.toForm() // no contact: only ReadContact fills it in
	return in, nil
}

// intakeAudit is what the audit log keeps of an intake. Never the form:
// the log outlives erasure, and the form names the campaign and, through
// affiliation, a political opinion (DOMAIN.md §1.5).
type intakeAudit struct {
	Status  string `json:"status"`
	Version int64  `json:"version"`
	Contact string `json:"contact"` // "sealed" or "erased"
}

func (r *intakeRow) audit() intakeAudit {
	a := intakeAudit{Status: r.Status, Version: r.Version, Contact: "sealed"}
	if r.ErasedAt != nil {
		a.Contact = "erased"
	}
	return a
}
