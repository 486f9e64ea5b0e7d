package postgres

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"callmatch"
	"callmatch/intake"
)

var _ intake.MessageStore = (*IntakeStore)(nil)

// Campaign messages (migration 00016): audit actions, and the mail each
// advisor of the intake gets.
const (
	ActionCampaignMessage     = "campaign_message.create"
	ActionCampaignMessageRead = "campaign_message.read"
	MailCampaignMessage       = "campaign_message" // each advisor of the intake: the campaign wrote
)

// causeCampaignMessage names the intake first, so that erasing the intake
// finds the queued mail (eraseCampaignMessages).
func causeCampaignMessage(intakeID, messageID, userID string) string {
	return "campaign.message:" + intakeID + ":" + messageID + ":" + userID
}

// adCampaignMessage binds a sealed message text to its row.
const adCampaignMessage = "callmatch/campaign-message/v1:"

// messageAudit is what the audit log keeps of a message: never its text,
// which may carry personal data.
type messageAudit struct {
	MessageID string `json:"message_id"`
	Lang      string `json:"lang"`
	Chars     int    `json:"chars"`
	Mailed    int    `json:"mailed"`              // staff mailed about it
	AllStaff  bool   `json:"all_staff,omitempty"` // nobody worked on the intake: every advisor and admin was
}

// CreateCampaignMessage stores the message sealed, audits it and queues a
// mail with the text to each advisor of the intake, in one transaction.
// The intake's row lock orders concurrent posts; the same key again finds
// the first message and writes nothing, and the unique (intake, key)
// constraint backs that up.
func (s *IntakeStore) CreateCampaignMessage(ctx context.Context, m intake.CampaignMessage, key string) (*intake.CampaignMessage, bool, error) {
	var out *intake.CampaignMessage
	created := false
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		row, err := lockIntake(tx, m.IntakeID)
		if err != nil {
			return err
		}
		if row.ErasedAt != nil {
			// Erased after the service read it: the erasure nulled the
			// texts under this lock, and a text stored now would outlive it.
			return intake.ErrErasedNoMessages()
		}
		var ids []string
		if err := tx.Raw(`SELECT id FROM campaign_messages WHERE intake_id = ? AND client_key = ?`, row.ID, key).
			Scan(&ids).Error; err != nil {
			return err
		}
		if len(ids) > 0 {
			msgs, err := s.openMessages(tx, `id = ?`, ids[0])
			if err == nil {
				out = msgs[0]
			}
			return err
		}
		m.ID, m.IntakeID, m.At = newID(), row.ID, s.now()
		err = tx.Exec(`INSERT INTO campaign_messages (id, intake_id, client_key, lang, sealed, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, m.ID, m.IntakeID, key, m.Lang, s.seal.seal([]byte(m.Body), adCampaignMessage+m.ID), m.At).Error
		if err != nil {
			return err
		}
		out, created = &m, true
		rs, allStaff, err := messageRecipients(tx, row.ID)
		if err != nil {
			return err
		}
		if err := writeAudit(ctx, tx, ActionCampaignMessage, objectIntake, row.ID, nil,
			messageAudit{MessageID: m.ID, Lang: m.Lang, Chars: len([]rune(m.Body)), Mailed: len(rs), AllStaff: allStaff}); err != nil {
			return err
		}
		in, err := row.toIntake()
		if err != nil {
			return err
		}
		data := map[string]string{"intake_id": row.ID, "campaign": in.Form.Campaign.Name, "message": m.Body}
		return queueMail(ctx, tx, staffMail(rs, MailCampaignMessage,
			func(uid string) string { return causeCampaignMessage(row.ID, m.ID, uid) }, data)...)
	})
	if err != nil {
		return nil, false, translate("create campaign message", err)
	}
	return out, created, nil
}

// ReadCampaignMessages opens the intake's messages, newest first, and
// audits that staff read them (which, not what they say). One query reads
// them and tells a missing intake (not found) from one without messages;
// the audit row follows only when there was something to read. The read
// and its audit need no common transaction: messages are only added, and
// the audit names the ones that were shown.
func (s *IntakeStore) ReadCampaignMessages(ctx context.Context, intakeID string) ([]*intake.CampaignMessage, error) {
	if !validID(intakeID) {
		return nil, intake.ErrIntakeNotFound(intakeID)
	}
	db := s.db.gorm.WithContext(ctx)
	var rows []messageRow
	err := db.Raw(childrenOf("intakes", `SELECT `+messageColumns+` FROM campaign_messages WHERE intake_id = p.id`,
		"c.created_at DESC, c.id"), intakeID).Scan(&rows).Error
	if err != nil {
		return nil, translate("read campaign messages", err)
	}
	if len(rows) == 0 {
		return nil, intake.ErrIntakeNotFound(intakeID)
	}
	if rows[0].ID == "" {
		return []*intake.CampaignMessage{}, nil
	}
	out, err := s.openRows(rows)
	if err != nil {
		return nil, translate("read campaign messages", err)
	}
	ids := make([]string, len(out))
	for i, m := range out {
		ids[i] = m.ID
	}
	if err := writeAudit(ctx, db, ActionCampaignMessageRead, objectIntake, intakeID, nil, map[string]any{"messages": ids}); err != nil {
		return nil, translate("read campaign messages", err)
	}
	return out, nil
}

// messageRow is a row of campaign_messages as read (the client key stays
// in the table).
type messageRow struct {
	ID, IntakeID, Lang string
	Sealed             []byte
	CreatedAt          time.Time
}

const messageColumns = `id, intake_id, lang, sealed, created_at`

// openMessages reads and opens the messages where selects, newest first.
func (s *IntakeStore) openMessages(tx *gorm.DB, where string, args ...any) ([]*intake.CampaignMessage, error) {
	var rows []messageRow
	err := tx.Raw(`SELECT `+messageColumns+` FROM campaign_messages WHERE `+where+`
		ORDER BY created_at DESC, id`, args...).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	return s.openRows(rows)
}

// openRows opens each message's sealed text.
func (s *IntakeStore) openRows(rows []messageRow) ([]*intake.CampaignMessage, error) {
	out := make([]*intake.CampaignMessage, len(rows))
	for i, r := range rows {
		m := &intake.CampaignMessage{ID: r.ID, IntakeID: r.IntakeID, Lang: r.Lang, At: r.CreatedAt.UTC()}
		if r.Sealed != nil {
			body, err := s.seal.open(r.Sealed, adCampaignMessage+r.ID)
			if err != nil {
				return nil, fmt.Errorf("campaign message %s: %w", r.ID, err)
			}
			m.Body = string(body)
		}
		out[i] = m
	}
	return out, nil
}

// staffMailEvery is how often at most every advisor and admin is mailed
// about the messages of an intake nobody has worked on yet.
const staffMailEvery = time.Hour

// messageRecipients are whom a new message of the intake is mailed to:
// the advisors who worked on it, each time (the per-intake limit bounds
// them). When nobody has yet, every advisor and admin must hear of it, but
// a campaign writing again and again must not fill every staff inbox: all
// staff are mailed at most once per staffMailEvery per intake, and the
// messages in between are only stored and shown on the desk, where the
// first mail sends them. allStaff says the fallback was mailed, which the
// message's audit row records and the next message reads (under the
// intake's lock, so concurrent posts mail staff once). The audit log's
// clock is the database's, as it is for the interval.
func messageRecipients(tx *gorm.DB, intakeID string) (rs []recipient, allStaff bool, err error) {
	rs, worked, err := intakeAdvisors(tx, intakeID)
	if err != nil || worked {
		return rs, false, err
	}
	var mailed bool
	err = tx.Raw(`SELECT EXISTS (SELECT 1 FROM audit_log WHERE object_type = ? AND object_id = ? AND action = ?
		AND (diff -> 'after' ->> 'all_staff')::boolean AND at > now() - make_interval(secs => ?))`,
		objectIntake, intakeID, ActionCampaignMessage, staffMailEvery.Seconds()).Scan(&mailed).Error
	if err != nil || mailed {
		return nil, false, err
	}
	return rs, len(rs) > 0, nil
}

// intakeAdvisors are the staff who have worked on the intake (anything in
// the audit log on it or its shortlists: a review, a shortlist, a share,
// a contact read), still active and still staff (worked true); when
// nobody has yet, every advisor and admin, since someone must hear of it.
func intakeAdvisors(tx *gorm.DB, intakeID string) (rs []recipient, worked bool, err error) {
	var row struct{ Staff []byte }
	err = tx.Raw(`SELECT (SELECT coalesce(json_agg(json_build_object('id', u.id, 'email', u.email) ORDER BY u.id), '[]')
		FROM users u WHERE u.role IN ('admin', 'advisor') AND `+activeUsers+` AND 'user:' || u.id IN (
			SELECT a.actor FROM audit_log a WHERE (a.object_type = 'intake' AND a.object_id = ?)
			   OR (a.object_type = 'shortlist' AND a.object_id IN (SELECT id::text FROM shortlists WHERE intake_id = ?))
		)) AS staff`, intakeID, intakeID).Scan(&row).Error
	if err != nil {
		return nil, false, fmt.Errorf("intake advisors: %w", err)
	}
	rs, err = decodeRecipients(row.Staff)
	if err != nil || len(rs) > 0 {
		return rs, err == nil, err
	}
	rs, err = staffRecipients(tx)
	return rs, false, err
}

// FindCampaignMessage returns the intake's message stored with key,
// opened: a repeated post finds what it sent without writing or counting
// anything. Not found when there is none (or no such intake).
func (s *IntakeStore) FindCampaignMessage(ctx context.Context, intakeID, key string) (*intake.CampaignMessage, error) {
	if validID(intakeID) {
		msgs, err := s.openMessages(s.db.gorm.WithContext(ctx), `intake_id = ? AND client_key = ?`, intakeID, key)
		if err != nil {
			return nil, translate("find campaign message", err)
		}
		if len(msgs) > 0 {
			return msgs[0], nil
		}
	}
	return nil, callmatch.Errorf(callmatch.ENOTFOUND, "No message of intake %q was sent with this form.", intakeID)
}

// eraseCampaignMessages destroys what an intake's erasure must: the texts
// (NULL, no ciphertext left for any key) and the mail about them and about
// its shared updates, queued or sent.
func eraseCampaignMessages(tx *gorm.DB, intakeID string) error {
	if err := tx.Exec(`UPDATE campaign_messages SET sealed = NULL WHERE intake_id = ?`, intakeID).Error; err != nil {
		return err
	}
	return tx.Exec(`DELETE FROM messages WHERE starts_with(cause, ?)
			OR cause IN (SELECT 'shortlist.updated:' || id FROM shortlist_shares WHERE intake_id = ?)`,
		"campaign.message:"+intakeID+":", intakeID).Error
}
