package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"

	"callmatch/intake"
	"callmatch/mail"
)

// The messages the intake workflow and the catalog cause (templates
// mail/templates/<kind>.<lang>.tmpl). Each is queued by queueMail in the
// transaction of its cause, under a Cause key that names the cause exactly
// once, so that repeating the cause (a retried request, a second run of the
// reminder task) queues nothing new: the queue keeps one message per
// (Cause, To).
const (
	MailIntakeConfirmation = "intake_confirmation" // campaign: its request arrived, with the private link
	MailIntakeLink         = "intake_link"         // campaign: "send me my link again"
	MailShortlistShared    = "shortlist_shared"    // campaign: a shortlist to look at, with the link
	MailIntakeNew          = "intake_new"          // each advisor: a new intake in the queue
	MailCertReview         = "cert_review"         // each advisor: a vendor uploaded a certification
	MailCertExpiring       = "cert_expiring"       // the vendor's users: a certification ends in 60/30/7 days
)

// Cause keys. Per-recipient causes name the recipient's user id, so that a
// user whose address changes is still mailed once.
func causeIntakeConfirmation(intakeID string) string { return "intake.confirmation:" + intakeID }
func causeShortlistShared(shortlistID string) string { return "shortlist.shared:" + shortlistID }
func causeIntakeNew(intakeID, userID string) string  { return "intake.new:" + intakeID + ":" + userID }
func causeCertReview(certID, userID string) string   { return "cert.review:" + certID + ":" + userID }
func causeCertExpiring(certID string, days int) string {
	return "cert.expiring:" + certID + ":" + strconv.Itoa(days)
}

// causeIntakeLink is one resend of an intake's link per window: asking
// again within the window mails nothing more, however often it is asked.
func causeIntakeLink(intakeID string, window time.Time) string {
	return "intake.link:" + intakeID + ":" + strconv.FormatInt(window.Unix(), 10)
}

// recipient is a user mail goes to. Staff and vendor users read English:
// their pages are English only.
type recipient struct {
	ID    string
	Email string
}

// activeUsers is the condition on users (alias u) that may be mailed: a
// disabled user gets nothing.
const activeUsers = `u.disabled_at IS NULL`

// staffRecipientsJSON selects the advisors and admins (both work the
// desk's queue) as one JSON array, for statements that fetch them along
// with something else.
const staffRecipientsJSON = `(SELECT coalesce(json_agg(json_build_object('id', u.id, 'email', u.email) ORDER BY u.id), '[]')
	FROM users u WHERE u.role IN ('admin', 'advisor') AND ` + activeUsers + `)`

// staffRecipients are the advisors and admins.
func staffRecipients(tx *gorm.DB) ([]recipient, error) {
	var row struct{ Staff []byte }
	if err := tx.Raw(`SELECT ` + staffRecipientsJSON + ` AS staff`).Scan(&row).Error; err != nil {
		return nil, fmt.Errorf("staff recipients: %w", err)
	}
	return decodeRecipients(row.Staff)
}

func decodeRecipients(b []byte) ([]recipient, error) {
	var rs []recipient
	if err := json.Unmarshal(b, &rs); err != nil {
		return nil, fmt.Errorf("decode recipients: %w", err)
	}
	return rs, nil
}

// staffMail is one message of kind to each of rs, each with its own cause.
func staffMail(rs []recipient, kind string, cause func(userID string) string, data map[string]string) []mail.Message {
	msgs := make([]mail.Message, len(rs))
	for i, r := range rs {
		msgs[i] = mail.Message{Cause: cause(r.ID), To: r.Email, Lang: "en", Kind: kind, Data: data}
	}
	return msgs
}

// campaignMessage is a message of kind to the campaign of an intake: to
// its contact's address, in its form's language, with its private link.
func campaignMessage(kind, cause, intakeID string, f intake.Form, contact contactDoc, token string) mail.Message {
	lang := f.Lang
	if lang == "" {
		lang = "en"
	}
	return mail.Message{Cause: cause, To: contact.Email, Lang: lang, Kind: kind, Data: map[string]string{
		"intake_id": intakeID, "token": token, "campaign": f.Campaign.Name, "name": contact.Name,
	}}
}

// campaignMail reads what a campaign message needs of intake id within tx
// (the contact and the link, opened with the data key) and builds it. An
// erased intake has nobody to write to: ok is false. An intake from
// before the link was kept gets a message without its link (token "").
func (s *IntakeStore) campaignMail(tx *gorm.DB, id, kind, cause string) (msg mail.Message, ok bool, err error) {
	var rows []struct {
		Form              []byte
		ContactCiphertext []byte
		LinkCiphertext    []byte
	}
	err = tx.Raw(`SELECT form, contact_ciphertext, link_ciphertext FROM intakes WHERE id = ?`, id).Scan(&rows).Error
	if err != nil || len(rows) == 0 || rows[0].ContactCiphertext == nil {
		return mail.Message{}, false, err
	}
	r := rows[0]
	var doc formDoc
	if err := json.Unmarshal(r.Form, &doc); err != nil {
		return mail.Message{}, false, fmt.Errorf("intake %s: decode form: %w", id, err)
	}
	contact, err := s.openContact(id, r.ContactCiphertext)
	if err != nil {
		return mail.Message{}, false, err
	}
	var token []byte
	if r.LinkCiphertext != nil {
		if token, err = s.seal.open(r.LinkCiphertext, adLink+id); err != nil {
			return mail.Message{}, false, fmt.Errorf("intake %s: link: %w", id, err)
		}
	}
	return campaignMessage(kind, cause, id, doc.toForm(), contact, string(token)), true, nil
}

// openContact opens a sealed contact.
func (s *IntakeStore) openContact(id string, sealed []byte) (contactDoc, error) {
	var c contactDoc
	pt, err := s.seal.open(sealed, adContact+id)
	if err != nil {
		return c, fmt.Errorf("intake %s: contact: %w", id, err)
	}
	if err := json.Unmarshal(pt, &c); err != nil {
		return c, fmt.Errorf("intake %s: decode contact: %w", id, err)
	}
	return c, nil
}

// queueIntakeCreated queues what a new intake causes: the campaign's
// confirmation with its link, and one message to each of staff.
func queueIntakeCreated(ctx context.Context, tx *gorm.DB, id string, f intake.Form, token string, staff []recipient) error {
	msgs := staffMail(staff, MailIntakeNew, func(uid string) string { return causeIntakeNew(id, uid) },
		map[string]string{"intake_id": id, "campaign": f.Campaign.Name, "start_date": f.StartDate.String()})
	confirm := campaignMessage(MailIntakeConfirmation, causeIntakeConfirmation(id), id, f,
		newContactDoc(f.Contact), token)
	return queueMail(ctx, tx, append(msgs, confirm)...)
}

// eraseIntakeMail deletes the messages an intake caused, queued or sent:
// they hold its address, its link and its campaign's name (sealed), which
// erasure must not leave behind. Its engagements' mail goes too (pace
// alerts, missing-report reminders, the scorecard request: each names the
// campaign or carries the campaign's link), and the scorecard links are
// used up, so a link mailed before the erasure rates nothing after it.
// A deleted message still queued is not sent (its job finds nothing).
func eraseIntakeMail(tx *gorm.DB, id string) error {
	err := tx.Exec(`DELETE FROM messages WHERE cause = ? OR starts_with(cause, ?) OR starts_with(cause, ?)
			OR cause IN (SELECT 'shortlist.shared:' || s.id FROM shortlists s WHERE s.intake_id = ?)
			OR starts_with(cause, ?) OR EXISTS (SELECT 1 FROM quote_requests r
			    WHERE r.intake_id = ? AND starts_with(cause, 'quote.invited:' || r.id || ':'))
			OR EXISTS (SELECT 1 FROM engagements e WHERE e.intake_id = ?
			    AND (cause = 'scorecard.request:' || e.id OR starts_with(cause, 'pace.behind:' || e.id || ':')
			      OR starts_with(cause, 'report.missing:' || e.id || ':')))`,
		causeIntakeConfirmation(id), "intake.link:"+id+":", "intake.new:"+id+":", id, "quotes.released:"+id+":", id, id).Error
	if err != nil {
		return err
	}
	return tx.Exec(`UPDATE scorecard_requests q SET used_at = now() FROM engagements e
		WHERE e.id = q.engagement_id AND e.intake_id = ? AND q.used_at IS NULL`, id).Error
}
