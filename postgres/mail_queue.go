package postgres

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"gorm.io/gorm"

	"callmatch/mail"
)

// MailJob is the River job that sends one message. Its only argument is the
// message's id, so River's tables (and River's logs) hold no address and
// no template data.
type MailJob struct {
	MessageID string `json:"message_id"`
}

// Kind names the job in River's tables.
func (MailJob) Kind() string { return "mail.send" }

// MailQueueName is River's queue for mail, apart from the periodic and
// billing work, so that neither waits behind the other.
const MailQueueName = "mail"

// MailMaxAttempts bounds the tries of one message. River waits attempt⁴
// seconds (±10 %) between them, so ten tries span about four hours of a
// relay being down before the message is marked failed.
const MailMaxAttempts = 10

// InsertOpts puts every mail job on the mail queue with its attempts.
func (MailJob) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: MailQueueName, MaxAttempts: MailMaxAttempts}
}

// mailQueue is what queueMail needs: the sealer, the recipient-hash key and
// River's client for inserting jobs in a transaction. EnableMail registers
// it on the DB's GORM instance as a plugin, which every transaction begun
// from the DB shares (gorm.Config.Plugins): so queueMail, called with only
// the cause's tx, finds it there, and finds nothing when mail is off.
type mailQueue struct {
	seal    *sealer
	hashKey []byte
	river   *river.Client[*sql.Tx]
}

const mailQueuePlugin = "callmatch:mail-queue"

func (*mailQueue) Name() string              { return mailQueuePlugin }
func (*mailQueue) Initialize(*gorm.DB) error { return nil }

// EnableMail turns the mail queue on: from now on a cause's transaction
// queues its messages. Without it (no SMTP configured) queueMail queues
// nothing, so no message piles up that no worker would ever send. Call it
// once, before serving.
func (db *DB) EnableMail(key []byte) error {
	seal, err := newSealer(key)
	if err != nil {
		return fmt.Errorf("postgres: mail queue: %w", err)
	}
	// An insert-only client: it has no workers and is never started.
	rc, err := river.NewClient(riverdatabasesql.New(db.sql), &river.Config{})
	if err != nil {
		return fmt.Errorf("postgres: mail queue: %w", err)
	}
	return db.gorm.Use(&mailQueue{seal: seal, hashKey: recipientHashKey(key), river: rc})
}

// MailEnabled reports whether EnableMail was called.
func (db *DB) MailEnabled() bool { return mailQueueOf(db.gorm) != nil }

func mailQueueOf(tx *gorm.DB) *mailQueue {
	q, _ := tx.Config.Plugins[mailQueuePlugin].(*mailQueue)
	return q
}

// QueueMail queues msgs in a transaction of their own, for a cause that
// writes nothing else (and for tests).
func (db *DB) QueueMail(ctx context.Context, msgs ...mail.Message) error {
	return db.InTx(ctx, func(tx *gorm.DB) error { return queueMail(ctx, tx, msgs...) })
}

// queueMail queues msgs in tx, the transaction of their cause: a message
// row and its River job commit or roll back with the cause. A message
// whose (Cause, To) is already queued is skipped, so a repeated cause (a
// retried request, a job run twice) queues nothing more; two transactions
// queueing the same pair at once meet on the unique index, the second
// waits for the first and then skips. With mail off it does nothing.
func queueMail(ctx context.Context, tx *gorm.DB, msgs ...mail.Message) error {
	q := mailQueueOf(tx)
	if q == nil || len(msgs) == 0 {
		return nil
	}
	sqlTx, ok := tx.Statement.ConnPool.(*sql.Tx)
	if !ok {
		return fmt.Errorf("postgres: queueMail called outside a transaction")
	}
	jobs := make([]river.InsertManyParams, 0, len(msgs))
	for _, m := range msgs {
		if err := m.Validate(); err != nil {
			return fmt.Errorf("postgres: queue mail %q: %w", m.Kind, err)
		}
		payload, err := json.Marshal(sealedMessage{To: m.To, Data: m.Data})
		if err != nil {
			return err
		}
		id := newID()
		res := tx.WithContext(ctx).Exec(`
			INSERT INTO messages (id, cause, recipient_hash, kind, lang, sealed)
			VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (cause, recipient_hash) DO NOTHING`,
			id, m.Cause, q.recipientHash(m.To), m.Kind, m.Language(), q.seal.seal(payload, adMessage+id))
		if res.Error != nil {
			return translate("queue mail", res.Error)
		}
		if res.RowsAffected == 1 {
			jobs = append(jobs, river.InsertManyParams{Args: MailJob{MessageID: id}})
		}
	}
	if len(jobs) == 0 {
		return nil
	}
	if _, err := q.river.InsertManyTx(ctx, sqlTx, jobs); err != nil {
		return translate("queue mail job", err)
	}
	return nil
}

// sealedMessage is what messages.sealed holds.
type sealedMessage struct {
	To   string            `json:"to"`
	Data map[string]string `json:"data,omitempty"`
}

// adMessage binds a sealed message to its row.
const adMessage = "callmatch/message/v1:"

// recipientHashKey derives the key of recipient hashes from the data key,
// so that the hash is no use for guessing addresses without the key and
// the data key itself never serves two purposes.
func recipientHashKey(key []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("callmatch/message.recipient/v1"))
	return m.Sum(nil)
}

// recipientHash is the HMAC of the address as mail systems compare it
// (case-insensitive in practice), so that Bob@x and bob@x are one recipient.
func (q *mailQueue) recipientHash(to string) []byte {
	m := hmac.New(sha256.New, q.hashKey)
	m.Write([]byte(strings.ToLower(strings.TrimSpace(to))))
	return m.Sum(nil)
}
