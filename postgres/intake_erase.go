package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"

	"callmatch/intake"
)

// EraseIntake destroys the intake's personal data: the sealed contact, the
// sealed tokens and the address's hash go (NULL, not an overwritten ciphertext, so no key can
// ever bring them back), and the form is anonymized. Status, shortlists and
// engagements stay. Erasing an erased intake changes nothing and writes no
// second audit row.
func (s *IntakeStore) EraseIntake(ctx context.Context, id string) (*intake.Intake, error) {
	var row intakeRow
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		var err error
		if row, err = lockIntake(tx, id); err != nil || row.ErasedAt != nil {
			return err
		}
		var doc formDoc
		if err := json.Unmarshal(row.Form, &doc); err != nil {
			return fmt.Errorf("intake %s: decode form: %w", row.ID, err)
		}
		f := doc.toForm()
		f.Anonymize()
		form, err := encodeForm(f)
		if err != nil {
			return err
		}
		before := row.audit()
		now := s.now()
		row.Form, row.Version, row.UpdatedAt, row.ErasedAt = form, row.Version+1, now, &now
		err = tx.Exec(`UPDATE intakes SET form = ?, contact_ciphertext = NULL, token_ciphertext = NULL,
				link_ciphertext = NULL, email_hash = NULL, erased_at = ?, version = ?, updated_at = ?
			WHERE id = ?`, string(form), now, row.Version, now, row.ID).Error
		if err != nil {
			return err
		}
		if err := eraseIntakeMail(tx, row.ID); err != nil {
			return err
		}
		if err := eraseCampaignMessages(tx, row.ID); err != nil {
			return err
		}
		return writeAudit(ctx, tx, ActionIntakeErase, objectIntake, row.ID, before, row.audit())
	})
	if err != nil {
		return nil, translate("erase intake", err)
	}
	return row.toIntake()
}

// PurgeReplayTokens drops the sealed tokens kept for idempotent replays of
// submissions made before t. It is housekeeping of a secret copy, not a
// change to any intake, so it is neither versioned nor audited.
func (s *IntakeStore) PurgeReplayTokens(ctx context.Context, before time.Time) (int64, error) {
	res := s.db.gorm.WithContext(ctx).Exec(`UPDATE intakes SET token_ciphertext = NULL
		WHERE token_ciphertext IS NOT NULL AND created_at < ?`, before)
	return res.RowsAffected, translate("purge intake replay tokens", res.Error)
}
