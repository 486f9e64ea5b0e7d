package postgres

import (
	"context"
	"strconv"
	"time"

	"gorm.io/gorm"

	"callmatch"
	"callmatch/account"
	"callmatch/mail"
)

// CertReminderDays are how many days before its expiry a verified
// certification's vendor is reminded, nearest last.
var CertReminderDays = []int{60, 30, 7}

// expiringCert is one reminder to one vendor user.
type expiringCert struct {
	ID        string
	Kind      string
	ExpiresOn time.Time
	Days      int // the reminder window: 60, 30 or 7
	VendorID  string
	Vendor    string
	Email     string
}

// MailExpiringCertifications reminds the users of each vendor whose
// verified certification expires within 60 days: once when 60 days or
// fewer are left, again at 30 and at 7. A certification first seen inside
// a window gets only that window's reminder (one found with 25 days left
// is told "30", not "60" and "30"). Not reminded: a certification renewed
// already (a later-expiring one of the kind, verified or waiting for
// verification), disabled users, and addresses that turned reminders off
// (account.TopicReminders, s7's one-click link, which each reminder
// carries).
//
// It is the scheduler's hourly task. Running it again, on one replica or
// several at once, queues nothing new: each reminder's cause is
// cert.expiring:<cert id>:<days>, and a window already queued is not
// even read again (so no opt-out link is made for a reminder that is not
// sent). A user added after their vendor's reminder went out gets the
// next window's.
func (s *VendorStore) MailExpiringCertifications(ctx context.Context) error {
	today := callmatch.DateOf(s.now())
	return translate("mail expiring certifications", s.db.InTx(ctx, func(tx *gorm.DB) error {
		var rows []expiringCert
		err := tx.Raw(`SELECT * FROM (
				SELECT c.id, c.kind, c.expires_on, c.vendor_id, v.name AS vendor, u.email,
					CASE WHEN c.expires_on - ?::date <= ? THEN ?::int WHEN c.expires_on - ?::date <= ? THEN ?::int ELSE ?::int END AS days
				FROM certifications c
				JOIN vendors v ON v.id = c.vendor_id
				JOIN users u ON u.vendor_id = c.vendor_id AND u.role = 'vendor' AND `+activeUsers+`
				WHERE c.status = 'verified' AND c.expires_on BETWEEN ?::date AND ?::date
				  AND NOT EXISTS (SELECT 1 FROM mail_opt_outs o WHERE o.email = u.email AND o.topic = ?)
				  AND NOT EXISTS (SELECT 1 FROM certifications r
				      WHERE r.vendor_id = c.vendor_id AND r.kind = c.kind
				        AND r.status IN ('verified', 'pending') AND r.expires_on > c.expires_on)) due
			WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.cause = 'cert.expiring:' || due.id || ':' || due.days)
			ORDER BY id, email`,
			today.String(), CertReminderDays[2], CertReminderDays[2], today.String(), CertReminderDays[1], CertReminderDays[1],
			CertReminderDays[0], today.String(), today.AddDays(CertReminderDays[0]).String(), account.TopicReminders,
		).Scan(&rows).Error
		if err != nil {
			return err
		}
		msgs := make([]mail.Message, 0, len(rows))
		for _, r := range rows {
			unsubscribe, err := optOutLink(ctx, tx, r.Email, account.TopicReminders)
			if err != nil {
				return err
			}
			expires := callmatch.DateOf(r.ExpiresOn)
			msgs = append(msgs, mail.Message{
				Cause: causeCertExpiring(r.ID, r.Days), To: r.Email, Lang: "en", Kind: MailCertExpiring,
				Data: map[string]string{"cert_id": r.ID, "kind": r.Kind, "vendor_id": r.VendorID,
					"vendor": r.Vendor, "expires_on": expires.String(), "days": strconv.Itoa(r.Days),
					"days_left": strconv.Itoa(int(expires - today)), "unsubscribe_token": unsubscribe},
			})
		}
		return queueMail(ctx, tx, msgs...)
	}))
}
