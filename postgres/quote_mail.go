package postgres

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"

	"callmatch/mail"
	"callmatch/quote"
)

// The messages quotes cause (see mail_causes.go for the rules).
const (
	MailQuoteInvited   = "quote_invited"   // the vendor's users: invited to quote, with the deadline
	MailQuoteReceived  = "quote_received"  // each advisor: a vendor quoted (each version)
	MailQuoteDeclined  = "quote_declined"  // each advisor: a vendor declined, with the reason
	MailQuotesReleased = "quotes_released" // campaign: quotes to look at, with the link
	MailQuoteTalk      = "quote_talk"      // each advisor: the campaign wants to talk to a vendor
)

func causeQuoteInvited(invID, userID string) string { return "quote.invited:" + invID + ":" + userID }
func causeQuoteReceived(quoteID, userID string) string {
	return "quote.received:" + quoteID + ":" + userID
}
func causeQuoteDeclined(invID, userID string) string { return "quote.declined:" + invID + ":" + userID }
func causeQuoteTalk(quoteID, userID string) string   { return "quote.talk:" + quoteID + ":" + userID }
func causeQuotesReleased(intakeID string, released int64) string {
	return "quotes.released:" + intakeID + ":" + strconv.FormatInt(released, 10)
}

// vendorRecipients are the vendor's active users.
func vendorRecipients(tx *gorm.DB, vendorID string) ([]recipient, error) {
	var rs []recipient
	err := tx.Raw(`SELECT u.id, u.email FROM users u WHERE u.vendor_id = ? AND u.role = 'vendor' AND `+activeUsers+` ORDER BY u.id`,
		vendorID).Scan(&rs).Error
	if err != nil {
		return nil, fmt.Errorf("vendor recipients: %w", err)
	}
	return rs, nil
}

// queueInvited mails the users of each vendor newly invited (ids created).
// The message says what the program is, never whose: the campaign's name
// only where it allowed that.
func queueInvited(ctx context.Context, tx *gorm.DB, invs []*quote.Invitation, created []string) error {
	isNew := map[string]bool{}
	for _, id := range created {
		isNew[id] = true
	}
	var msgs []mail.Message
	for _, inv := range invs {
		if !isNew[inv.ID] {
			continue
		}
		rs, err := vendorRecipients(tx, inv.VendorID)
		if err != nil {
			return err
		}
		campaign := inv.Program.CampaignName
		if campaign == "" {
			campaign = "a campaign"
		}
		data := map[string]string{"invitation_id": inv.ID, "vendor": inv.VendorName, "campaign": campaign,
			"start_date": inv.Program.StartDate.String(), "end_date": inv.Program.EndDate.String(),
			"due_at": inv.DueAt.UTC().Format(time.RFC1123)}
		for _, r := range rs {
			msgs = append(msgs, mail.Message{Cause: causeQuoteInvited(inv.ID, r.ID), To: r.Email, Lang: "en",
				Kind: MailQuoteInvited, Data: data})
		}
	}
	return queueMail(ctx, tx, msgs...)
}

// queueQuoteReceived mails staff that inv's vendor quoted q.
func queueQuoteReceived(ctx context.Context, tx *gorm.DB, inv *quote.Invitation, q *quote.Quote) error {
	staff, err := staffRecipients(tx)
	if err != nil {
		return err
	}
	return queueMail(ctx, tx, staffMail(staff, MailQuoteReceived, func(uid string) string { return causeQuoteReceived(q.ID, uid) },
		map[string]string{"intake_id": inv.IntakeID, "vendor": inv.VendorName, "version": strconv.Itoa(q.Version),
			"total": dollarsText(q.TotalCents), "valid_until": q.ValidUntil.String()})...)
}

// queueDeclined mails staff that inv's vendor declined.
func queueDeclined(ctx context.Context, tx *gorm.DB, inv *quote.Invitation) error {
	staff, err := staffRecipients(tx)
	if err != nil {
		return err
	}
	return queueMail(ctx, tx, staffMail(staff, MailQuoteDeclined, func(uid string) string { return causeQuoteDeclined(inv.ID, uid) },
		map[string]string{"intake_id": inv.IntakeID, "vendor": inv.VendorName, "reason": inv.DeclineReason})...)
}

// queueTalk mails staff that the campaign wants to talk to q's vendor.
func queueTalk(ctx context.Context, tx *gorm.DB, q *quote.Quote) error {
	staff, err := staffRecipients(tx)
	if err != nil {
		return err
	}
	return queueMail(ctx, tx, staffMail(staff, MailQuoteTalk, func(uid string) string { return causeQuoteTalk(q.ID, uid) },
		map[string]string{"intake_id": q.IntakeID, "vendor": q.VendorName, "total": dollarsText(q.TotalCents)})...)
}

// dollarsText writes cents as "$12,345.67".
func dollarsText(cents int64) string {
	d, c := cents/100, cents%100
	s := strconv.FormatInt(d, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return fmt.Sprintf("$%s.%02d", s, c)
}
