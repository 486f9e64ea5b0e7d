package postgres

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"callmatch"
	"callmatch/billing"
)

// ApplyEvent handles one verified Stripe event in one transaction: the
// event's id is inserted first, so that a concurrent delivery of the same
// event waits on the key and then finds it (duplicate), and the invoice
// changes, with its audit entry, only if that insert commits with it.
func (s *BillingStore) ApplyEvent(ctx context.Context, ev billing.Event) (billing.Outcome, error) {
	if ev.ID == "" {
		return "", callmatch.Errorf(callmatch.EINVALID, "The event has no id.")
	}
	var outcome billing.Outcome
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		row := stripeEventRow{ID: ev.ID, Type: ev.Type, APIVersion: ev.APIVersion, Outcome: "pending"}
		if !ev.Created.IsZero() {
			row.CreatedAt = &ev.Created
		}
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&row)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			outcome = billing.OutcomeDuplicate
			return nil
		}
		var invoiceID *string
		var err error
		outcome, invoiceID, err = s.applyEvent(ctx, tx, ev)
		if err != nil {
			return err
		}
		return tx.Exec(`UPDATE stripe_events SET outcome = ?, invoice_id = ? WHERE id = ?`,
			string(outcome), invoiceID, ev.ID).Error
	})
	if err != nil {
		return "", translate("apply stripe event", err)
	}
	return outcome, nil
}

func (s *BillingStore) applyEvent(ctx context.Context, tx *gorm.DB, ev billing.Event) (billing.Outcome, *string, error) {
	if ev.Invoice == nil {
		return billing.OutcomeIgnored, nil, nil
	}
	inv, err := s.eventInvoice(tx, ev.Invoice)
	if err != nil || inv == nil {
		return billing.OutcomeUnknownInvoice, nil, err
	}
	if inv.StripeInvoiceID != "" && inv.StripeInvoiceID != ev.Invoice.ID {
		// Metadata naming one of ours on another Stripe invoice: not the
		// invoice Callmatch sent, so it must not move ours.
		return billing.OutcomeUnknownInvoice, nil, nil
	}
	changed, err := s.apply(ctx, tx, inv, func(inv *billing.Invoice) (bool, error) { return inv.Apply(*ev.Invoice) })
	if err != nil {
		return "", nil, err
	}
	if changed {
		return billing.OutcomeApplied, &inv.ID, nil
	}
	return billing.OutcomeUnchanged, &inv.ID, nil
}

// eventInvoice locks the invoice an event is about: by the id Callmatch
// put in the invoice's metadata, which is there before Stripe's id is
// stored here, else by Stripe's id. nil when it is none of ours.
func (s *BillingStore) eventInvoice(tx *gorm.DB, si *billing.StripeInvoice) (*billing.Invoice, error) {
	if validID(si.CallmatchInvoiceID) {
		inv, err := lockInvoice(tx, si.CallmatchInvoiceID)
		if err == nil || callmatch.ErrorCode(err) != callmatch.ENOTFOUND {
			return inv, err
		}
	}
	var row invoiceRow
	err := tx.Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate}).
		Where("stripe_invoice_id = ?", si.ID).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	return row.toInvoice(), nil
}

// PruneStripeEvents deletes the record of webhook events received longer
// than age ago. The record exists to recognise a redelivery, and Stripe
// redelivers for three days (a manual resend, up to 30); keep age well
// above that.
func (db *DB) PruneStripeEvents(ctx context.Context, age time.Duration) (int64, error) {
	res := db.gorm.WithContext(ctx).
		Exec(`DELETE FROM stripe_events WHERE received_at < now() - ? * interval '1 millisecond'`, age.Milliseconds())
	return res.RowsAffected, translate("prune stripe events", res.Error)
}
