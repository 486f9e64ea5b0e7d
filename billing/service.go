package billing

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"callmatch"
)

// Store keeps fee terms, Stripe customers, invoices and handled webhook
// events. Every method is one transaction.
type Store interface {
	// FindFeeTerms returns the vendor's own terms, or nil when it has none;
	// not_found when there is no such vendor.
	FindFeeTerms(ctx context.Context, vendorID string) (*FeeTerms, error)
	// SetFeeTerms records the vendor's terms and audits the change.
	SetFeeTerms(ctx context.Context, vendorID string, t Terms) (*FeeTerms, error)
	FindInvoices(ctx context.Context, f InvoiceFilter) ([]*Invoice, int, error)
	// OpenInvoice returns the engagement's invoice, creating it (pending,
	// under the vendor's terms or else standard) if there is none yet.
	OpenInvoice(ctx context.Context, ch Charge, standard Terms) (*Invoice, error)
	// FindCustomer returns the vendor's name and Stripe customer id ("" if
	// it has none yet).
	FindCustomer(ctx context.Context, vendorID string) (Customer, error)
	// SaveCustomer stores the vendor's Stripe customer id unless one is
	// stored already, and returns the stored one.
	SaveCustomer(ctx context.Context, vendorID, customerID string) (string, error)
	// ApplyInvoiceState merges s into the invoice (Invoice.Apply) and
	// audits a change.
	ApplyInvoiceState(ctx context.Context, invoiceID string, s StripeInvoice) (*Invoice, error)
	RecordInvoiceItem(ctx context.Context, invoiceID, itemID string) (*Invoice, error)
	// ApplyEvent records the event id and applies its invoice in the same
	// transaction; an id seen before changes nothing (OutcomeDuplicate).
	ApplyEvent(ctx context.Context, ev Event) (Outcome, error)
}

// Customer is a vendor as Stripe's customer.
type Customer struct {
	VendorID string
	Name     string
	StripeID string // "" until the vendor is first billed
}

// Draft is everything Stripe is told about one invoice. Its calls carry
// idempotency keys derived from the engagement, so that a retried call
// returns what the first one created instead of billing again.
type Draft struct {
	InvoiceID       string // Callmatch's, sent as metadata
	EngagementID    string
	VendorID        string
	CustomerID      string
	StripeInvoiceID string // once created
	AmountCents     int64
	Description     string
}

// IdempotencyKey names one step of billing an engagement ("invoice",
// "item", "finalize"). Stripe keeps keys for 24 hours; the store keeps
// each step's result, so a later retry skips the steps already done.
func IdempotencyKey(engagementID, step string) string {
	return "callmatch-engagement-" + engagementID + "-" + step
}

// CustomerIdempotencyKey makes creating a vendor's customer idempotent.
func CustomerIdempotencyKey(vendorID string) string {
	return "callmatch-vendor-" + vendorID + "-customer"
}

// Stripe is what billing needs of Stripe (billing/stripe implements it).
type Stripe interface {
	CreateCustomer(ctx context.Context, c Customer) (string, error)
	// CreateInvoice creates the draft, to be sent by email (send_invoice)
	// and due 30 days after finalizing.
	CreateInvoice(ctx context.Context, d Draft) (StripeInvoice, error)
	// AddInvoiceItem puts the fee on the draft unless it is there already.
	AddInvoiceItem(ctx context.Context, d Draft) (string, error)
	FinalizeInvoice(ctx context.Context, d Draft) (StripeInvoice, error)
}

// EventVerifier checks a webhook delivery's signature and reads it. It
// returns an invalid error for a delivery that is not Stripe's.
type EventVerifier interface {
	VerifyEvent(payload []byte, signatureHeader string) (*Event, error)
}

// Service is the billing workflow. Authorization is the caller's: handlers
// check account policy (CanManageFees, CanListInvoices) first.
type Service struct {
	store  Store
	stripe Stripe
	events EventVerifier
	log    *slog.Logger

	// Standard are the terms of vendors without their own.
	Standard Terms
}

// NewService returns the workflow. stripe nil leaves engagements waiting
// to be billed; events nil refuses webhooks.
func NewService(store Store, stripe Stripe, events EventVerifier, log *slog.Logger) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{store: store, stripe: stripe, events: events, log: log, Standard: StandardTerms}
}

// FeeTerms returns the terms that apply to the vendor: its own, or the
// standard ones.
func (s *Service) FeeTerms(ctx context.Context, vendorID string) (*FeeTerms, error) {
	t, err := s.store.FindFeeTerms(ctx, vendorID)
	if err != nil || t != nil {
		return t, err
	}
	return &FeeTerms{VendorID: vendorID, Terms: s.Standard, Standard: true}, nil
}

// SetFeeTerms records terms for the vendor's future invoices.
func (s *Service) SetFeeTerms(ctx context.Context, vendorID string, t Terms) (*FeeTerms, error) {
	if err := t.Validate(); err != nil {
		return nil, err
	}
	return s.store.SetFeeTerms(ctx, vendorID, t)
}

// Invoices returns one page of invoices and the number of matches.
func (s *Service) Invoices(ctx context.Context, f InvoiceFilter) ([]*Invoice, int, error) {
	if err := f.Validate(); err != nil {
		return nil, 0, err
	}
	return s.store.FindInvoices(ctx, f)
}

// errStripeOff answers when no Stripe key is configured.
var errStripeOff = callmatch.Errorf(callmatch.EUNAVAILABLE, "Stripe is not configured; invoices wait.")

// Bill puts the engagement's invoice on Stripe, step by step: the invoice
// record, the vendor's customer, the draft, its line, finalization. Each
// step's result is stored before the next, and each Stripe call carries an
// idempotency key, so Bill may fail anywhere and be called again, any
// number of times, and the vendor is still billed once.
func (s *Service) Bill(ctx context.Context, ch Charge) (*Invoice, error) {
	if s.stripe == nil {
		return nil, errStripeOff
	}
	ctx = asSystem(ctx, "billing")
	inv, err := s.store.OpenInvoice(ctx, ch, s.Standard)
	if err != nil || inv.Status.Issued() {
		return inv, err
	}
	cust, err := s.customer(ctx, inv.VendorID)
	if err != nil {
		return nil, err
	}
	d := Draft{InvoiceID: inv.ID, EngagementID: inv.EngagementID, VendorID: inv.VendorID,
		CustomerID: cust, StripeInvoiceID: inv.StripeInvoiceID, AmountCents: inv.FeeCents,
		Description: describe(inv)}
	if d.StripeInvoiceID == "" {
		created, err := s.stripe.CreateInvoice(ctx, d)
		if err != nil {
			return nil, err
		}
		if inv, err = s.store.ApplyInvoiceState(ctx, inv.ID, created); err != nil {
			return nil, err
		}
		d.StripeInvoiceID = inv.StripeInvoiceID
	}
	if inv.StripeItemID == "" {
		item, err := s.stripe.AddInvoiceItem(ctx, d)
		if err != nil {
			return nil, err
		}
		if inv, err = s.store.RecordInvoiceItem(ctx, inv.ID, item); err != nil {
			return nil, err
		}
	}
	final, err := s.stripe.FinalizeInvoice(ctx, d)
	if err != nil {
		return nil, err
	}
	return s.store.ApplyInvoiceState(ctx, inv.ID, final)
}

// customer returns the vendor's Stripe customer, creating it on its first
// invoice.
func (s *Service) customer(ctx context.Context, vendorID string) (string, error) {
	c, err := s.store.FindCustomer(ctx, vendorID)
	if err != nil || c.StripeID != "" {
		return c.StripeID, err
	}
	id, err := s.stripe.CreateCustomer(ctx, c)
	if err != nil {
		return "", err
	}
	return s.store.SaveCustomer(ctx, vendorID, id)
}

// describe is the invoice line the vendor reads.
func describe(inv *Invoice) string {
	return "Callmatch referral fee for engagement " + inv.EngagementID +
		" (contract " + dollars(inv.ContractValueCents) + ")"
}

func dollars(cents int64) string { return fmt.Sprintf("$%d.%02d", cents/100, cents%100) }

// asSystem labels an anonymous caller for audit rows.
func asSystem(ctx context.Context, label string) context.Context {
	a := callmatch.ActorFrom(ctx)
	if a.UserID == "" && a.System == "" {
		a.System = label
		ctx = callmatch.WithActor(ctx, a)
	}
	return ctx
}

// HandleWebhook verifies and applies one Stripe delivery.
//
// API versions. The adapter is pinned to stripe-go v76's API version
// (2023-10-16), and the endpoint should be created with it. An event
// rendered for another version is still handled when its invoice object
// has the fields billing reads (object, id, status with a known value,
// and, where present, metadata, number, hosted_invoice_url, due_date,
// status_transitions), which have kept their meaning across versions; the
// mismatch is logged so that operators fix the endpoint. An event whose
// invoice lacks them is acknowledged (200), logged and recorded as
// ignored, never failed: Stripe would only redeliver the same bytes.
func (s *Service) HandleWebhook(ctx context.Context, payload []byte, signature string) (Outcome, error) {
	if s.events == nil {
		return "", callmatch.Errorf(callmatch.EUNAVAILABLE, "Stripe webhooks are not configured.")
	}
	ev, err := s.events.VerifyEvent(payload, signature)
	if err != nil {
		return "", err
	}
	if !Handles(ev.Type) {
		return OutcomeIgnored, nil
	}
	if ev.OtherVersion {
		s.log.Warn("stripe event for another API version", slog.String("event", ev.ID),
			slog.String("type", ev.Type), slog.String("api_version", ev.APIVersion),
			slog.Bool("readable", ev.Invoice != nil))
	}
	if ev.Invoice == nil {
		s.log.Warn("stripe event ignored", slog.String("event", ev.ID), slog.String("type", ev.Type),
			slog.String("api_version", ev.APIVersion), slog.String("problem", ev.Problem))
		if ev.ID == "" {
			return OutcomeIgnored, nil
		}
	} else if ev.Type == EventInvoicePaymentFailed {
		at := ev.Created
		if at.IsZero() {
			at = time.Now()
		}
		ev.Invoice.PaymentFailedAt = &at
	}
	return s.store.ApplyEvent(asSystem(ctx, "stripe"), *ev)
}
