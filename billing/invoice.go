package billing

import (
	"fmt"
	"time"

	"callmatch"
)

// Status is where an invoice stands. Apart from pending, which is ours (the
// invoice is recorded but not yet on Stripe), the statuses are Stripe's.
type Status string

const (
	StatusPending       Status = "pending"
	StatusDraft         Status = "draft"
	StatusOpen          Status = "open"
	StatusUncollectible Status = "uncollectible"
	StatusPaid          Status = "paid"
	StatusVoid          Status = "void"
)

// rank orders the statuses along Stripe's lifecycle: draft → open →
// uncollectible → paid or void, where an uncollectible invoice may still be
// paid or voided and nothing leaves paid or void. A status moves only to a
// higher rank, so that events applied in any order, or twice, end where
// they would have in order.
var rank = map[Status]int{
	StatusPending: 0, StatusDraft: 1, StatusOpen: 2, StatusUncollectible: 3,
	StatusPaid: 4, StatusVoid: 4,
}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { _, ok := rank[s]; return ok }

// Final reports whether s is paid or void, which an invoice never leaves.
func (s Status) Final() bool { return s == StatusPaid || s == StatusVoid }

// Issued reports whether the invoice has been finalized on Stripe, after
// which there is nothing left for Callmatch to send.
func (s Status) Issued() bool { return rank[s] >= rank[StatusOpen] }

// CanMoveTo reports whether an invoice in s may take status to.
func (s Status) CanMoveTo(to Status) bool {
	return to.Valid() && !s.Final() && rank[to] > rank[s]
}

// Currency is the one currency Callmatch bills in (DOMAIN.md: money is
// integer cents in USD). Stripe spells it in lower case.
const Currency = "USD"

// Invoice is the referral fee billed for one engagement.
type Invoice struct {
	ID                 string `json:"id"`
	EngagementID       string `json:"engagement_id"`
	IntakeID           string `json:"intake_id"`
	VendorID           string `json:"vendor_id"`
	ContractValueCents int64  `json:"contract_value_cents"`
	// Terms are the fee terms as they were when the invoice was opened;
	// later changes to the vendor's terms do not touch it.
	Terms    Terms  `json:"fee_terms"`
	FeeCents int64  `json:"fee_cents"`
	Currency string `json:"currency"`
	Status   Status `json:"status"`
	// PaymentFailed is true while a payment attempt has failed and the
	// invoice is neither paid nor void.
	PaymentFailed bool `json:"payment_failed"`

	StripeCustomerID string `json:"stripe_customer_id,omitempty"`
	StripeInvoiceID  string `json:"stripe_invoice_id,omitempty"`
	StripeItemID     string `json:"-"`
	Number           string `json:"number,omitempty"`
	HostedURL        string `json:"hosted_invoice_url,omitempty"`

	DueAt           *time.Time `json:"due_at,omitempty"`
	FinalizedAt     *time.Time `json:"finalized_at,omitempty"`
	PaidAt          *time.Time `json:"paid_at,omitempty"`
	VoidedAt        *time.Time `json:"voided_at,omitempty"`
	UncollectibleAt *time.Time `json:"marked_uncollectible_at,omitempty"`
	PaymentFailedAt *time.Time `json:"payment_failed_at,omitempty"` // the latest failure

	Version   int64     `json:"version"` // +1 per change
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Charge is an engagement as billing sees it: what to invoice whom for.
type Charge struct {
	EngagementID       string
	IntakeID           string
	VendorID           string
	ContractValueCents int64
	EngagedAt          time.Time
}

// NewInvoice is the pending invoice for ch under terms t.
func NewInvoice(id string, ch Charge, t Terms) (*Invoice, error) {
	fee, err := t.Fee(ch.ContractValueCents)
	if err != nil {
		return nil, err
	}
	return &Invoice{
		ID: id, EngagementID: ch.EngagementID, IntakeID: ch.IntakeID, VendorID: ch.VendorID,
		ContractValueCents: ch.ContractValueCents, Terms: t, FeeCents: fee, Currency: Currency,
		Status: StatusPending, Version: 1,
	}, nil
}

// StripeInvoice is what Stripe said about an invoice at one moment: in an
// API response or in the invoice object of a webhook event. Empty fields
// say nothing.
type StripeInvoice struct {
	ID              string
	CustomerID      string
	Status          Status
	Number          string
	HostedURL       string
	DueAt           *time.Time
	FinalizedAt     *time.Time
	PaidAt          *time.Time
	VoidedAt        *time.Time
	UncollectibleAt *time.Time
	PaymentFailedAt *time.Time // from an invoice.payment_failed event

	// Set from the metadata Callmatch gives every invoice it creates.
	CallmatchInvoiceID string
	EngagementID       string
}

// errOtherInvoice is returned when a Stripe invoice is applied to a record
// already tied to a different one.
func errOtherInvoice(ours, theirs string) error {
	return callmatch.Errorf(callmatch.ECONFLICT, "Invoice is tied to Stripe invoice %q, not %q.", ours, theirs)
}

// Apply merges what Stripe said into the record and reports whether
// anything changed. The merge is the same whatever the order of the
// reports and however often each comes: the status only moves forward
// (see rank), a timestamp or number once set stays, and the latest payment
// failure wins.
func (inv *Invoice) Apply(s StripeInvoice) (bool, error) {
	if s.ID != "" && inv.StripeInvoiceID != "" && s.ID != inv.StripeInvoiceID {
		return false, errOtherInvoice(inv.StripeInvoiceID, s.ID)
	}
	if s.Status != "" && !s.Status.Valid() {
		return false, fmt.Errorf("billing: unknown invoice status %q", s.Status)
	}
	if inv.Status.Final() && s.Status.Final() && s.Status != inv.Status {
		// Paid and void exclude each other; the first to arrive stands and
		// the other says nothing about this invoice.
		return false, nil
	}
	before := *inv
	setOnce(&inv.StripeInvoiceID, s.ID)
	setOnce(&inv.StripeCustomerID, s.CustomerID)
	setOnce(&inv.Number, s.Number)
	setOnce(&inv.HostedURL, s.HostedURL)
	if inv.Status.CanMoveTo(s.Status) {
		inv.Status = s.Status
	}
	changed := inv.Status != before.Status || inv.StripeInvoiceID != before.StripeInvoiceID ||
		inv.StripeCustomerID != before.StripeCustomerID || inv.Number != before.Number ||
		inv.HostedURL != before.HostedURL
	for _, f := range []struct {
		dst  **time.Time
		src  *time.Time
		only Status // kept only when the invoice has this status
	}{
		{&inv.DueAt, s.DueAt, ""}, {&inv.FinalizedAt, s.FinalizedAt, ""},
		{&inv.PaidAt, s.PaidAt, StatusPaid}, {&inv.VoidedAt, s.VoidedAt, StatusVoid},
		{&inv.UncollectibleAt, s.UncollectibleAt, ""},
	} {
		if *f.dst == nil && f.src != nil && (f.only == "" || inv.Status == f.only) {
			t := f.src.UTC()
			*f.dst, changed = &t, true
		}
	}
	if s.PaymentFailedAt != nil && (inv.PaymentFailedAt == nil || s.PaymentFailedAt.After(*inv.PaymentFailedAt)) {
		t := s.PaymentFailedAt.UTC()
		inv.PaymentFailedAt, changed = &t, true
	}
	inv.SetDerived()
	return changed, nil
}

// SetDerived fills in the fields computed from the others, for stores that
// load an invoice.
func (inv *Invoice) SetDerived() {
	inv.PaymentFailed = inv.PaymentFailedAt != nil && !inv.Status.Final()
}

func setOnce(dst *string, src string) {
	if *dst == "" {
		*dst = src
	}
}

// InvoiceFilter selects a page of invoices, newest first.
type InvoiceFilter struct {
	VendorID string // "" for every vendor's
	Status   Status
	Page     int // from 1
	PerPage  int // default 50, at most 200
}

// Validate checks the filter and fills in the defaults.
func (f *InvoiceFilter) Validate() error {
	var fe callmatch.FieldErrors
	if f.Status != "" && !f.Status.Valid() {
		fe.Add("status", "must be one of pending, draft, open, uncollectible, paid, void")
	}
	callmatch.CheckPage(&fe, &f.Page, &f.PerPage, 200)
	return fe.Err()
}
