package postgres

import (
	"context"
	"strconv"
	"time"

	"gorm.io/gorm"

	"callmatch"
	"callmatch/mail"
)

// CertReminderDays are how many days before its expiry a verified
// certification's vendor is reminded, nearest last.
var CertReminderDays = []int{60, 30, 7}

// vendorWantsReminders is the condition on vendors (alias v) that keeps
// their optional reminders on. SEAM (s7): the vendor's reminder preference
// goes here when it exists; until then every vendor is reminded.
const vendorWantsReminders = `true`

// expiringCert is one reminder to one vendor user.
type expiringCert struct {
	ID        string
	Kind      string
	ExpiresOn time.Time
	VendorID  string
	Vendor    string
	UserID    string
	Email     string
}

// MailExpiringCertifications reminds the users of each vendor whose
// verified certification expires within 60 days: once when 60 days or
// fewer are left, again at 30 and at 7. A certification first seen inside
// a window gets only that window's reminder (one found with 25 days left
// is told "30", not "60" and "30"). One renewed already (a later-expiring
// certification of the kind, verified or waiting for verification) is not
// a reason to write. It is the scheduler's hourly task; running it again,
// on one replica or several at once, queues nothing new, since each
// reminder's cause is cert.expiring:<cert id>:<days>.
func (s *VendorStore) MailExpiringCertifications(ctx context.Context) error {
	today := callmatch.DateOf(s.now())
	horizon := CertReminderDays[0]
	return translate("mail expiring certifications", s.db.InTx(ctx, func(tx *gorm.DB) error {
		var rows []expiringCert
		err := tx.Raw(`SELECT c.id, c.kind, c.expires_on, c.vendor_id, v.name AS vendor, u.id AS user_id, u.email
			FROM certifications c
			JOIN vendors v ON v.id = c.vendor_id
			JOIN users u ON u.vendor_id = c.vendor_id AND u.role = 'vendor' AND `+activeUsers+`
			WHERE c.status = 'verified' AND c.expires_on BETWEEN ?::date AND ?::date
			  AND `+vendorWantsReminders+`
			  AND NOT EXISTS (SELECT 1 FROM certifications r
			      WHERE r.vendor_id = c.vendor_id AND r.kind = c.kind
			        AND r.status IN ('verified', 'pending') AND r.expires_on > c.expires_on)
			ORDER BY c.id, u.id`,
			today.String(), today.AddDays(horizon).String()).Scan(&rows).Error
		if err != nil {
			return err
		}
		msgs := make([]mail.Message, 0, len(rows))
		for _, r := range rows {
			expires := callmatch.DateOf(r.ExpiresOn)
			days := reminderDays(int(expires - today))
			msgs = append(msgs, mail.Message{
				Cause: causeCertExpiring(r.ID, days), To: r.Email, Lang: "en", Kind: MailCertExpiring,
				Data: map[string]string{"cert_id": r.ID, "kind": r.Kind, "vendor_id": r.VendorID,
					"vendor": r.Vendor, "expires_on": expires.String(), "days": strconv.Itoa(days),
					"days_left": strconv.Itoa(int(expires - today))},
			})
		}
		return queueMail(ctx, tx, msgs...)
	}))
}

// reminderDays is the nearest reminder window that left days fall in.
func reminderDays(left int) int {
	w := CertReminderDays[0]
	for _, d := range CertReminderDays {
		if left <= d {
			w = d
		}
	}
	return w
}
