package postgres

import (
	"time"

	"callmatch/billing"
)

// feeTermsRow is the fee_terms table.
type feeTermsRow struct {
	VendorID     string `gorm:"primaryKey"`
	RateBPS      int    `gorm:"column:rate_bps"`
	MinimumCents int64
	CapCents     *int64
	UpdatedBy    string
	UpdatedAt    time.Time
}

func (feeTermsRow) TableName() string { return "fee_terms" }

func (r *feeTermsRow) toFeeTerms() *billing.FeeTerms {
	at := r.UpdatedAt.UTC()
	return &billing.FeeTerms{VendorID: r.VendorID, Terms: billing.Terms{RateBPS: r.RateBPS,
		MinimumCents: r.MinimumCents, CapCents: r.CapCents}, UpdatedAt: &at, UpdatedBy: r.UpdatedBy}
}

// invoiceRow is the invoices table.
type invoiceRow struct {
	ID                    string `gorm:"primaryKey"`
	EngagementID          string
	IntakeID              string
	VendorID              string
	ContractValueCents    int64
	RateBPS               int `gorm:"column:rate_bps"`
	MinimumCents          int64
	CapCents              *int64
	FeeCents              int64
	Currency              string
	Status                string
	StripeCustomerID      string
	StripeInvoiceID       *string // NULL until created: the column is unique
	StripeItemID          string
	Number                string
	HostedInvoiceURL      string
	DueAt                 *time.Time
	FinalizedAt           *time.Time
	PaidAt                *time.Time
	VoidedAt              *time.Time
	MarkedUncollectibleAt *time.Time
	PaymentFailedAt       *time.Time
	Version               int64
	CreatedAt             time.Time
	UpdatedAt             time.Time
}

func (invoiceRow) TableName() string { return "invoices" }

func (r *invoiceRow) toInvoice() *billing.Invoice {
	inv := &billing.Invoice{
		ID: r.ID, EngagementID: r.EngagementID, IntakeID: r.IntakeID, VendorID: r.VendorID,
		ContractValueCents: r.ContractValueCents, FeeCents: r.FeeCents, Currency: r.Currency,
		Terms:  billing.Terms{RateBPS: r.RateBPS, MinimumCents: r.MinimumCents, CapCents: r.CapCents},
		Status: billing.Status(r.Status), StripeCustomerID: r.StripeCustomerID, StripeItemID: r.StripeItemID,
		Number: r.Number, HostedURL: r.HostedInvoiceURL, DueAt: utc(r.DueAt), FinalizedAt: utc(r.FinalizedAt),
		PaidAt: utc(r.PaidAt), VoidedAt: utc(r.VoidedAt), UncollectibleAt: utc(r.MarkedUncollectibleAt),
		PaymentFailedAt: utc(r.PaymentFailedAt), Version: r.Version,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
	}
	if r.StripeInvoiceID != nil {
		inv.StripeInvoiceID = *r.StripeInvoiceID
	}
	inv.SetDerived()
	return inv
}

func invoiceRowOf(inv *billing.Invoice) invoiceRow {
	r := invoiceRow{
		ID: inv.ID, EngagementID: inv.EngagementID, IntakeID: inv.IntakeID, VendorID: inv.VendorID,
		ContractValueCents: inv.ContractValueCents, RateBPS: inv.Terms.RateBPS,
		MinimumCents: inv.Terms.MinimumCents, CapCents: inv.Terms.CapCents, FeeCents: inv.FeeCents,
		Currency: inv.Currency, Status: string(inv.Status), StripeCustomerID: inv.StripeCustomerID,
		StripeItemID: inv.StripeItemID, Number: inv.Number, HostedInvoiceURL: inv.HostedURL,
		DueAt: inv.DueAt, FinalizedAt: inv.FinalizedAt, PaidAt: inv.PaidAt, VoidedAt: inv.VoidedAt,
		MarkedUncollectibleAt: inv.UncollectibleAt, PaymentFailedAt: inv.PaymentFailedAt,
		Version: inv.Version, CreatedAt: inv.CreatedAt, UpdatedAt: inv.UpdatedAt,
	}
	if inv.StripeInvoiceID != "" {
		r.StripeInvoiceID = &inv.StripeInvoiceID
	}
	return r
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// stripeEventRow is the stripe_events table.
type stripeEventRow struct {
	ID         string `gorm:"primaryKey"`
	Type       string
	APIVersion string
	InvoiceID  *string
	Outcome    string
	CreatedAt  *time.Time
	ReceivedAt time.Time `gorm:"->"` // the database's now()
}

func (stripeEventRow) TableName() string { return "stripe_events" }

// invoiceAudit is what the audit log keeps of an invoice: money and status,
// no Stripe URLs.
type invoiceAudit struct {
	EngagementID    string     `json:"engagement_id"`
	VendorID        string     `json:"vendor_id"`
	FeeCents        int64      `json:"fee_cents"`
	Terms           any        `json:"fee_terms"`
	Status          string     `json:"status"`
	StripeInvoiceID string     `json:"stripe_invoice_id"`
	StripeItemID    string     `json:"stripe_item_id"`
	PaymentFailedAt *time.Time `json:"payment_failed_at"`
}

func auditOfInvoice(inv *billing.Invoice) invoiceAudit {
	return invoiceAudit{EngagementID: inv.EngagementID, VendorID: inv.VendorID, FeeCents: inv.FeeCents,
		Terms: inv.Terms, Status: string(inv.Status), StripeInvoiceID: inv.StripeInvoiceID,
		StripeItemID: inv.StripeItemID, PaymentFailedAt: inv.PaymentFailedAt}
}
