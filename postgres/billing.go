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

// Audit actions of billing.
const (
	ActionFeeTermsSet   = "fee_terms.set"
	ActionInvoiceCreate = "invoice.create"
	ActionInvoiceUpdate = "invoice.update"
	objectFeeTerms      = "fee_terms"
	objectInvoice       = "invoice"
)

// BillingStore keeps fee terms, Stripe customers, invoices and handled
// Stripe events.
type BillingStore struct {
	db *DB
	// Now is the clock for created_at and updated_at; tests replace it.
	Now func() time.Time
}

var _ billing.Store = (*BillingStore)(nil)

// NewBillingStore returns the store over db.
func NewBillingStore(db *DB) *BillingStore { return &BillingStore{db: db, Now: time.Now} }

func (s *BillingStore) now() time.Time { return s.Now().UTC() }

// vendorExists answers not_found, in the vendor store's words, for a
// vendor that is not there.
func vendorExists(tx *gorm.DB, id string) error {
	if !validID(id) {
		return vendorNotFound(id)
	}
	var n int64
	if err := tx.Raw(`SELECT count(*) FROM vendors WHERE id = ?`, id).Scan(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		return vendorNotFound(id)
	}
	return nil
}

// FindFeeTerms returns the vendor's own terms, or nil if it has none.
func (s *BillingStore) FindFeeTerms(ctx context.Context, vendorID string) (*billing.FeeTerms, error) {
	if !validID(vendorID) {
		return nil, vendorNotFound(vendorID)
	}
	var rows []feeTermsRow
	err := s.db.gorm.WithContext(ctx).Raw(childrenOf("vendors", `SELECT * FROM fee_terms WHERE vendor_id = p.id`, ""),
		vendorID).Scan(&rows).Error
	switch {
	case err != nil:
		return nil, translate("find fee terms", err)
	case len(rows) == 0:
		return nil, vendorNotFound(vendorID)
	case rows[0].VendorID == "":
		return nil, nil // standard terms
	}
	return rows[0].toFeeTerms(), nil
}

// SetFeeTerms records the vendor's terms and audits the change. Invoices
// already opened keep the terms they were opened with.
func (s *BillingStore) SetFeeTerms(ctx context.Context, vendorID string, t billing.Terms) (*billing.FeeTerms, error) {
	if err := t.Validate(); err != nil {
		return nil, err
	}
	var out *billing.FeeTerms
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		if err := vendorExists(tx, vendorID); err != nil {
			return err
		}
		var prev []feeTermsRow
		err := tx.Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate}).
			Where("vendor_id = ?", vendorID).Find(&prev).Error
		if err != nil {
			return err
		}
		var before any
		if len(prev) > 0 {
			before = prev[0].toFeeTerms().Terms
		}
		row := feeTermsRow{VendorID: vendorID, RateBPS: t.RateBPS, MinimumCents: t.MinimumCents,
			CapCents: t.CapCents, UpdatedBy: callmatch.ActorFrom(ctx).Label(), UpdatedAt: s.now()}
		if err := tx.Save(&row).Error; err != nil {
			return err
		}
		out = row.toFeeTerms()
		return writeAudit(ctx, tx, ActionFeeTermsSet, objectFeeTerms, vendorID, before, out.Terms)
	})
	if err != nil {
		return nil, translate("set fee terms", err)
	}
	return out, nil
}

// FindInvoices returns one page of invoices, newest first, and the number
// of matches.
func (s *BillingStore) FindInvoices(ctx context.Context, f billing.InvoiceFilter) ([]*billing.Invoice, int, error) {
	if err := f.Validate(); err != nil {
		return nil, 0, err
	}
	if f.VendorID != "" && !validID(f.VendorID) {
		return []*billing.Invoice{}, 0, nil // names no vendor, so no invoice
	}
	db := s.db.gorm.WithContext(ctx)
	filtered := func() *gorm.DB {
		q := db.Model(&invoiceRow{})
		if f.VendorID != "" {
			q = q.Where("vendor_id = ?", f.VendorID)
		}
		if f.Status != "" {
			q = q.Where("status = ?", string(f.Status))
		}
		return q
	}
	var got []withTotal[invoiceRow]
	err := onePage(db, filtered(), "invoices", []string{"created_at", "id"}, "DESC", f.Page, f.PerPage, "").Scan(&got).Error
	if err != nil {
		return nil, 0, translate("find invoices", err)
	}
	rows, total, err := splitPage(got, f.Page, func() (n int64, err error) {
		err = filtered().Count(&n).Error
		return n, err
	})
	if err != nil {
		return nil, 0, translate("find invoices", err)
	}
	out := make([]*billing.Invoice, len(rows))
	for i := range rows {
		out[i] = rows[i].toInvoice()
	}
	return out, int(total), nil
}

// OpenInvoice returns the engagement's invoice, creating it as pending
// under the vendor's current terms (or standard) when there is none. The
// engagement's unique key makes a second concurrent opener wait for the
// first and find its invoice.
func (s *BillingStore) OpenInvoice(ctx context.Context, ch billing.Charge, standard billing.Terms) (*billing.Invoice, error) {
	if !validID(ch.EngagementID) {
		return nil, callmatch.Errorf(callmatch.ENOTFOUND, "Engagement %q was not found.", ch.EngagementID)
	}
	var out *billing.Invoice
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		var terms []feeTermsRow
		if err := tx.Where("vendor_id = ?", ch.VendorID).Find(&terms).Error; err != nil {
			return err
		}
		t := standard
		if len(terms) > 0 {
			t = terms[0].toFeeTerms().Terms
		}
		inv, err := billing.NewInvoice(newID(), ch, t)
		if err != nil {
			return err
		}
		inv.CreatedAt, inv.UpdatedAt = s.now(), s.now()
		row := invoiceRowOf(inv)
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&row)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			var prev invoiceRow
			if err := tx.Where("engagement_id = ?", ch.EngagementID).Take(&prev).Error; err != nil {
				return err
			}
			out = prev.toInvoice()
			return nil
		}
		out = inv
		return writeAudit(ctx, tx, ActionInvoiceCreate, objectInvoice, inv.ID, nil, auditOfInvoice(inv))
	})
	if err != nil {
		return nil, translate("open invoice", err)
	}
	return out, nil
}

// FindCustomer returns the vendor's name and its Stripe customer id, if any.
func (s *BillingStore) FindCustomer(ctx context.Context, vendorID string) (billing.Customer, error) {
	c := billing.Customer{VendorID: vendorID}
	if !validID(vendorID) {
		return c, vendorNotFound(vendorID)
	}
	var rows []struct {
		Name       string
		CustomerID *string
	}
	err := s.db.gorm.WithContext(ctx).Raw(`SELECT v.name, c.customer_id FROM vendors v
		LEFT JOIN stripe_customers c ON c.vendor_id = v.id WHERE v.id = ?`, vendorID).Scan(&rows).Error
	if err != nil {
		return c, translate("find customer", err)
	}
	if len(rows) == 0 {
		return c, vendorNotFound(vendorID)
	}
	c.Name = rows[0].Name
	if rows[0].CustomerID != nil {
		c.StripeID = *rows[0].CustomerID
	}
	return c, nil
}

// SaveCustomer keeps the first id stored for the vendor and returns it.
func (s *BillingStore) SaveCustomer(ctx context.Context, vendorID, customerID string) (string, error) {
	var stored string
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		err := tx.Exec(`INSERT INTO stripe_customers (vendor_id, customer_id) VALUES (?, ?)
			ON CONFLICT (vendor_id) DO NOTHING`, vendorID, customerID).Error
		if err != nil {
			return err
		}
		return tx.Raw(`SELECT customer_id FROM stripe_customers WHERE vendor_id = ?`, vendorID).Scan(&stored).Error
	})
	return stored, translate("save customer", err)
}

// ApplyInvoiceState merges what Stripe answered into the invoice.
func (s *BillingStore) ApplyInvoiceState(ctx context.Context, invoiceID string, st billing.StripeInvoice) (*billing.Invoice, error) {
	var out *billing.Invoice
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		inv, err := lockInvoice(tx, invoiceID)
		if err != nil {
			return err
		}
		_, err = s.apply(ctx, tx, inv, func(inv *billing.Invoice) (bool, error) { return inv.Apply(st) })
		out = inv
		return err
	})
	if err != nil {
		return nil, translate("update invoice", err)
	}
	return out, nil
}

// RecordInvoiceItem stores the id of the fee's line on the Stripe invoice.
func (s *BillingStore) RecordInvoiceItem(ctx context.Context, invoiceID, itemID string) (*billing.Invoice, error) {
	var out *billing.Invoice
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		inv, err := lockInvoice(tx, invoiceID)
		if err != nil {
			return err
		}
		_, err = s.apply(ctx, tx, inv, func(inv *billing.Invoice) (bool, error) {
			if inv.StripeItemID != "" {
				return false, nil
			}
			inv.StripeItemID = itemID
			return true, nil
		})
		out = inv
		return err
	})
	if err != nil {
		return nil, translate("update invoice", err)
	}
	return out, nil
}

// apply runs change on the locked invoice and, if it changed anything,
// writes the row with the next version and an audit entry.
func (s *BillingStore) apply(ctx context.Context, tx *gorm.DB, inv *billing.Invoice,
	change func(*billing.Invoice) (bool, error)) (bool, error) {
	before := auditOfInvoice(inv)
	changed, err := change(inv)
	if err != nil || !changed {
		return false, err
	}
	inv.Version++
	inv.UpdatedAt = s.now()
	row := invoiceRowOf(inv)
	if err := tx.Select("*").Omit("created_at").Save(&row).Error; err != nil {
		return false, err
	}
	return true, writeAudit(ctx, tx, ActionInvoiceUpdate, objectInvoice, inv.ID, before, auditOfInvoice(inv))
}

func lockInvoice(tx *gorm.DB, id string) (*billing.Invoice, error) {
	if !validID(id) {
		return nil, invoiceNotFound(id)
	}
	var row invoiceRow
	err := tx.Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate}).Where("id = ?", id).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, invoiceNotFound(id)
	} else if err != nil {
		return nil, err
	}
	return row.toInvoice(), nil
}

func invoiceNotFound(id string) error {
	return callmatch.Errorf(callmatch.ENOTFOUND, "Invoice %q was not found.", id)
}
