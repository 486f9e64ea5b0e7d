package postgres

import (
	"context"

	"gorm.io/gorm"

	"callmatch/account"
)

var _ account.PreferenceStore = (*PreferenceStore)(nil)

// PreferenceStore keeps mail opt-outs (mail_opt_outs) and the one-click
// links that set them (opt_out_links), migration 00011.
type PreferenceStore struct {
	db *DB
}

// NewPreferenceStore returns a store on db.
func NewPreferenceStore(db *DB) *PreferenceStore { return &PreferenceStore{db: db} }

// optOutLink makes a fresh one-click link turning topic off for email and
// returns its token for the mail (Data "unsubscribe_token"; the template
// links to {{.Base}}/unsubscribe/{{.Data.unsubscribe_token}}). Call it in
// the transaction that queues the mail, so that a rolled back mail leaves
// no link behind. Only the token's hash is stored.
func optOutLink(ctx context.Context, tx *gorm.DB, email, topic string) (token string, err error) {
	plain, hash := account.NewToken()
	err = tx.WithContext(ctx).Exec(`INSERT INTO opt_out_links (token_hash, email, topic) VALUES (?, ?, ?)`,
		hashArg(hash), account.NormalizeEmail(email), topic).Error
	return plain, translate("create opt-out link", err)
}

// optedOut reports, inside tx, whether email turned topic off: a sender
// checks it in the transaction that would queue the mail and queues
// nothing when it is true.
func optedOut(ctx context.Context, tx *gorm.DB, email, topic string) (bool, error) {
	var n int64
	err := tx.WithContext(ctx).Raw(`SELECT count(*) FROM mail_opt_outs WHERE email = ? AND topic = ?`,
		account.NormalizeEmail(email), topic).Scan(&n).Error
	return n > 0, translate("find opt-out", err)
}

// FindOptOutLink returns what the link turns off and whether it is off.
func (s *PreferenceStore) FindOptOutLink(ctx context.Context, tokenHash []byte) (*account.OptOutLink, error) {
	var rows []account.OptOutLink
	err := s.db.gorm.WithContext(ctx).Raw(`SELECT l.email, l.topic, o.email IS NOT NULL AS off
		FROM opt_out_links l LEFT JOIN mail_opt_outs o ON o.email = l.email AND o.topic = l.topic
		WHERE l.token_hash = ?`, hashArg(tokenHash)).Scan(&rows).Error
	if err != nil {
		return nil, translate("find opt-out link", err)
	} else if len(rows) == 0 {
		return nil, account.ErrLinkUnknown()
	}
	return &rows[0], nil
}

// SetOptOut inserts or deletes the opt-out, idempotently, and audits a
// change against the topic, never the address.
func (s *PreferenceStore) SetOptOut(ctx context.Context, email, topic string, off bool) error {
	email = account.NormalizeEmail(email)
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		q := `DELETE FROM mail_opt_outs WHERE email = ? AND topic = ?`
		if off {
			q = `INSERT INTO mail_opt_outs (email, topic) VALUES (?, ?) ON CONFLICT DO NOTHING`
		}
		res := tx.Exec(q, email, topic)
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		return writeAudit(ctx, tx, "mail_opt_out.set", "mail_opt_out", topic, nil, map[string]any{"off": off})
	})
	return translate("set opt-out", err)
}

// OptedOut reports whether email turned topic off.
func (s *PreferenceStore) OptedOut(ctx context.Context, email, topic string) (bool, error) {
	return optedOut(ctx, s.db.gorm, email, topic)
}
