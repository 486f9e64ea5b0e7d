package postgres

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"

	"gorm.io/gorm"

	"callmatch/mail"
)

// adLink binds a sealed private link token (intakes.link_ciphertext) to
// its row, apart from the replay copy in token_ciphertext.
const adLink = "callmatch/intake.link/v1:"

// emailHashLabel derives the address-hashing key from the data key, so that
// one secret serves both and the hash key is never the encryption key.
const emailHashLabel = "callmatch/intake.email-hash/v1"

// newEmailKey derives the key of intakes.email_hash from the data key.
func newEmailKey(dataKey []byte) []byte {
	m := hmac.New(sha256.New, dataKey)
	m.Write([]byte(emailHashLabel))
	return m.Sum(nil)
}

// emailHash is the keyed hash of an address as people type it: case and
// surrounding spaces do not matter. The keyed hash is findable with an
// index, and a database reader without the data key cannot test a guessed
// address against it (a plain SHA-256 of an address can be).
func (s *IntakeStore) emailHash(addr string) []byte {
	m := hmac.New(sha256.New, s.emailKey)
	m.Write([]byte(strings.ToLower(strings.TrimSpace(addr))))
	return m.Sum(nil)
}

// LinkMailKey is the rate-limit key of an address asking for its links
// again: the keyed hash, so the limiter's table holds no address.
func (s *IntakeStore) LinkMailKey(addr string) string {
	return "intake.link:addr:" + s.AddressKey(addr)
}

// AddressKey names an email address (any case, trimmed) in rate-limit
// keys without holding it: a keyed hash, so that whoever reads the
// limiter's table cannot test guessed addresses against it, as they could
// a plain SHA-256.
func (s *IntakeStore) AddressKey(addr string) string {
	return hex.EncodeToString(s.emailHash(addr)[:16])
}

// MailLinkAgain queues the private link of every intake whose contact
// address is addr, one message per intake and window (see
// causeIntakeLink), and returns how many intakes it wrote to. Erased
// intakes have no hash and are never found; rows whose sealed address is
// not addr (a hash collision, in theory) are skipped.
//
// Concurrent and repeated requests for one address within a window queue
// one message per intake: the queue keeps one per (Cause, To).
func (s *IntakeStore) MailLinkAgain(ctx context.Context, addr string, window time.Time) (int, error) {
	n := 0
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		var ids []string
		err := tx.Raw(`SELECT id FROM intakes WHERE email_hash = ? AND link_ciphertext IS NOT NULL ORDER BY created_at`,
			s.emailHash(addr)).Scan(&ids).Error
		if err != nil {
			return err
		}
		var msgs []mail.Message
		for _, id := range ids {
			msg, ok, err := s.campaignMail(tx, id, MailIntakeLink, causeIntakeLink(id, window))
			if err != nil {
				return err
			}
			if ok && strings.EqualFold(strings.TrimSpace(msg.To), strings.TrimSpace(addr)) {
				msgs = append(msgs, msg)
			}
		}
		n = len(msgs)
		return queueMail(ctx, tx, msgs...)
	})
	return n, translate("mail link again", err)
}
