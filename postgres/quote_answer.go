package postgres

import (
	"context"
	"time"

	"gorm.io/gorm"

	"callmatch"
	"callmatch/quote"
)

// quoteAudit is what the audit log keeps of a quote version.
type quoteAudit struct {
	InvitationID string        `json:"invitation_id"`
	VendorID     string        `json:"vendor_id"`
	Version      int           `json:"version"`
	TotalCents   int64         `json:"total_cents"`
	StartDate    string        `json:"start_date"`
	ValidUntil   string        `json:"valid_until"`
	Seats        quoteSeatsDoc `json:"seats"`
	Pricing      *pricingDoc   `json:"pricing,omitempty"`
	Note         string        `json:"note"`
	ReleasedAt   *time.Time    `json:"released_at,omitempty"`
}

// lockInvitation takes the invitation's row lock and reads it with its
// current quote; a missing one is not_found.
func lockInvitation(tx *gorm.DB, id string) (*quote.Invitation, error) {
	if !validID(id) {
		return nil, quote.ErrInvitationNotFound(id)
	}
	var ids []string
	if err := tx.Raw(`SELECT id FROM quote_requests WHERE id = ? FOR UPDATE`, id).Scan(&ids).Error; err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, quote.ErrInvitationNotFound(id)
	}
	// The answer is checked against the intake's status: a share lock on
	// the intake waits for a status change or an engagement in flight
	// (both hold it FOR UPDATE), so an answer never lands on a program
	// withdrawn or signed a moment before. Writers that lock the intake
	// first never lock an existing invitation, so the order cannot
	// deadlock.
	err := tx.Exec(`SELECT 1 FROM intakes WHERE id = (SELECT intake_id FROM quote_requests WHERE id = ?) FOR SHARE`, id).Error
	if err != nil {
		return nil, err
	}
	invs, err := loadInvitations(tx, "r.id = ?", id)
	if err != nil {
		return nil, err
	}
	return invs[0], nil
}

// onInvitation runs write in a transaction holding the invitation's row
// lock, after check accepted the invitation as read under that lock: a
// refused answer writes nothing, and answers to one invitation take effect
// one after the other.
func (s *QuoteStore) onInvitation(ctx context.Context, op, id string, check func(*quote.Invitation) error,
	write func(tx *gorm.DB, inv *quote.Invitation) error) error {
	return translate(op, s.db.InTx(ctx, func(tx *gorm.DB) error {
		inv, err := lockInvitation(tx, id)
		if err != nil {
			return err
		}
		if err := check(inv); err != nil {
			return err
		}
		return write(tx, inv)
	}))
}

// CreateQuote stores q as the invitation's next version under the
// invitation's row lock, so that two quotes of one vendor sent at once
// get versions n and n+1 and the one committed last is current; nothing
// is overwritten. check refuses before anything is written. The seats are
// holds from this commit (a bookings-only catalog version), and staff are
// mailed, once per version.
func (s *QuoteStore) CreateQuote(ctx context.Context, invitationID string, q quote.Quote, check func(*quote.Invitation) error) (*quote.Quote, error) {
	var out *quote.Quote
	err := s.onInvitation(ctx, "create quote", invitationID, check, func(tx *gorm.DB, inv *quote.Invitation) error {
		var version int
		if err := tx.Raw(`SELECT coalesce(max(version), 0) + 1 FROM quotes WHERE request_id = ?`, inv.ID).Scan(&version).Error; err != nil {
			return err
		}
		id, by, now := newID(), callmatch.ActorFrom(ctx).Label(), s.now()
		seats, pricing := newQuoteSeatsDoc(q.Seats), newPricingDoc(q.Pricing)
		err := tx.Exec(`INSERT INTO quotes (id, request_id, intake_id, vendor_id, version, total_cents, start_date, valid_until,
				seats, pricing, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, inv.ID, inv.IntakeID, inv.VendorID, version, q.TotalCents, q.StartDate.String(), q.ValidUntil.String(),
			seats, pricing, q.Note, by, now).Error
		if err != nil {
			return err
		}
		// A vendor that declined may think again before the deadline: its
		// quote replaces the decline.
		err = tx.Exec(`UPDATE quote_requests SET status = 'quoted', current_quote_id = ?, answered_at = ?,
				decline_reason = NULL, decline_note = '' WHERE id = ?`,
			id, now, inv.ID).Error
		if err != nil {
			return err
		}
		err = writeAudit(ctx, tx, ActionQuoteCreate, objectQuote, id, nil, quoteAudit{InvitationID: inv.ID,
			VendorID: inv.VendorID, Version: version, TotalCents: q.TotalCents, StartDate: q.StartDate.String(),
			ValidUntil: q.ValidUntil.String(), Seats: seats, Pricing: pricing, Note: q.Note})
		if err != nil {
			return err
		}
		qs, err := loadQuotes(tx, "q.id = ?", id)
		if err != nil {
			return err
		}
		out = qs[0]
		if err := queueQuoteReceived(ctx, tx, inv, out); err != nil {
			return err
		}
		_, err = bumpBookingsVersion(tx)
		return err
	})
	return out, err
}

// DeclineInvitation records the vendor's decline under the invitation's
// lock (check refuses a second decline and a late one) and mails staff.
// A quote sent before stays in the record; its holds end.
func (s *QuoteStore) DeclineInvitation(ctx context.Context, invitationID string, d quote.Decline, check func(*quote.Invitation) error) (*quote.Invitation, error) {
	var out *quote.Invitation
	err := s.onInvitation(ctx, "decline invitation", invitationID, check, func(tx *gorm.DB, inv *quote.Invitation) error {
		before := invitationAudit{IntakeID: inv.IntakeID, ShortlistID: inv.ShortlistID, VendorID: inv.VendorID,
			Status: inv.Status, DueAt: inv.DueAt}
		err := tx.Exec(`UPDATE quote_requests SET status = 'declined', decline_reason = ?, decline_note = ?, answered_at = ? WHERE id = ?`,
			d.Reason, d.Note, s.now(), inv.ID).Error
		if err != nil {
			return err
		}
		after := before
		after.Status, after.DeclineReason = quote.StatusDeclined, d.Reason
		if err := writeAudit(ctx, tx, ActionQuoteDecline, objectQuoteRequest, inv.ID, before, after); err != nil {
			return err
		}
		invs, err := loadInvitations(tx, "r.id = ?", inv.ID)
		if err != nil {
			return err
		}
		out = invs[0]
		if err := queueDeclined(ctx, tx, out); err != nil {
			return err
		}
		if inv.Status == quote.StatusQuoted {
			_, err = bumpBookingsVersion(tx) // its holds end
		}
		return err
	})
	return out, err
}
