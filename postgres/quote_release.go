package postgres

import (
	"context"
	"fmt"
	"strconv"

	"gorm.io/gorm"

	"callmatch"
	"callmatch/quote"
)

// ReleaseQuotes shows the named current quotes of the intake to the
// campaign, under the intake's row lock, so that concurrent releases count
// the released quotes one after the other. A quote released already stays
// as it was; when any is newly released the campaign is mailed once for
// that release (cause quotes.released:<intake>:<count released>). A quote
// that is not a current one of the intake is refused naming it, and
// nothing is released.
func (s *QuoteStore) ReleaseQuotes(ctx context.Context, intakeID string, quoteIDs []string) ([]*quote.Quote, error) {
	var out []*quote.Quote
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		if !validID(intakeID) {
			return callmatch.Errorf(callmatch.ENOTFOUND, "Intake %q was not found.", intakeID)
		}
		if _, err := lockIntake(tx, intakeID); err != nil {
			return err
		}
		var fe callmatch.FieldErrors
		var ids []string
		for i, id := range quoteIDs {
			var n int64
			if validID(id) {
				if err := tx.Raw(`SELECT count(*) FROM quote_requests WHERE intake_id = ? AND current_quote_id = ? AND status = 'quoted'`,
					intakeID, id).Scan(&n).Error; err != nil {
					return err
				}
			}
			if n == 0 {
				fe.Addf(fmt.Sprintf("quote_ids[%d]", i), "%q is not a current quote of this intake", id)
			}
			ids = append(ids, id)
		}
		if err := fe.Err(); err != nil {
			return err
		}
		var released []string
		err := tx.Raw(`UPDATE quotes SET released_at = ?, released_by = ? WHERE id IN ? AND released_at IS NULL RETURNING id`,
			s.now(), callmatch.ActorFrom(ctx).Label(), ids).Scan(&released).Error
		if err != nil {
			return err
		}
		for _, id := range released {
			if err := writeAudit(ctx, tx, ActionQuoteRelease, objectQuote, id, map[string]any{"released": false},
				map[string]any{"released": true}); err != nil {
				return err
			}
		}
		if out, err = loadQuotes(tx, "q.id IN ?", ids); err != nil {
			return err
		}
		if len(released) == 0 {
			return nil
		}
		var total int64
		if err := tx.Raw(`SELECT count(*) FROM quotes WHERE intake_id = ? AND released_at IS NOT NULL`, intakeID).Scan(&total).Error; err != nil {
			return err
		}
		msg, ok, err := s.campaignMail(tx, intakeID, MailQuotesReleased, causeQuotesReleased(intakeID, total))
		if err != nil || !ok {
			return err
		}
		msg.Data["quotes"] = strconv.Itoa(len(released))
		return queueMail(ctx, tx, msg)
	})
	if err != nil {
		return nil, translate("release quotes", err)
	}
	return out, nil
}

// FindReleasedQuotes lists, per invitation of the intake, its latest
// released version, cheapest first.
func (s *QuoteStore) FindReleasedQuotes(ctx context.Context, intakeID string) ([]*quote.Quote, error) {
	if !validID(intakeID) {
		return []*quote.Quote{}, nil
	}
	out, err := loadQuotes(s.db.gorm.WithContext(ctx), `q.intake_id = ? AND q.released_at IS NOT NULL
		AND q.version = (SELECT max(o.version) FROM quotes o WHERE o.request_id = q.request_id AND o.released_at IS NOT NULL)`, intakeID)
	if err != nil {
		return nil, translate("find released quotes", err)
	}
	return out, nil
}

// RequestTalk records the campaign's "talk to this vendor" on a released
// quote of the intake and mails staff; asking again (or at once, twice)
// inserts nothing the second time (unique quote_id) and mails nobody.
func (s *QuoteStore) RequestTalk(ctx context.Context, intakeID, quoteID string) error {
	notFound := callmatch.Errorf(callmatch.ENOTFOUND, "Quote %q was not found.", quoteID)
	if !validID(quoteID) {
		return notFound
	}
	return translate("request talk", s.db.InTx(ctx, func(tx *gorm.DB) error {
		qs, err := loadQuotes(tx, "q.id = ? AND q.intake_id = ? AND q.released_at IS NOT NULL", quoteID, intakeID)
		if err != nil {
			return err
		}
		if len(qs) == 0 {
			return notFound
		}
		q := qs[0]
		var ids []int64
		err = tx.Raw(`INSERT INTO quote_talks (quote_id, intake_id, vendor_id) VALUES (?, ?, ?)
			ON CONFLICT (quote_id) DO NOTHING RETURNING id`, q.ID, q.IntakeID, q.VendorID).Scan(&ids).Error
		if err != nil || len(ids) == 0 {
			return err
		}
		if err := writeAudit(ctx, tx, ActionQuoteTalk, objectQuote, q.ID, nil, map[string]any{"talk_requested": true}); err != nil {
			return err
		}
		return queueTalk(ctx, tx, q)
	}))
}
