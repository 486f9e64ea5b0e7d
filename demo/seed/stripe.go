package seed

import (
	"context"
	"fmt"
	"strings"
	"time"

	"callmatch/billing"
	"callmatch/demo"
	"callmatch/intake"
	"callmatch/postgres"
)

// biller invoices the demo engagements by billing's own path, with a
// stand-in for Stripe: billing.Service.Bill (what the billing job calls
// for each engagement in the outbox) opens the invoice, creates the
// customer, the draft and its line, and finalizes it; Stripe's later news
// (a payment, a declined card) then arrives as webhook events through the
// store's ApplyEvent, as the webhook handler delivers them.
//
// Why not the real job on stripe-mock: stripe-mock answers every call with
// the same canned invoice and keeps no state, so it can neither mark an
// invoice paid nor give the same answer twice for different engagements,
// and a test or `seed --demo` without Stripe would show no invoices at
// all. The stand-in never reaches a network, so seeding a database whose
// app has a real Stripe key bills no one. Every demo invoice ends issued
// (open or later): when the app's billing job later claims the
// engagement's outbox row, Bill finds the invoice issued and the job
// completes the row without calling Stripe.
type biller struct {
	store *postgres.BillingStore
	svc   *billing.Service
	now   func() time.Time
}

func newBiller(db *postgres.DB, now func() time.Time) *biller {
	store := postgres.NewBillingStore(db)
	store.Now = now
	return &biller{store: store, svc: billing.NewService(store, demoStripe{now: now}, nil, nil), now: now}
}

// bill invoices the engagement and brings its invoice to the planned
// status. Billing again finds the issued invoice, and each event is
// recognised by its id, so a second run changes nothing.
func (b *biller) bill(ctx context.Context, e *intake.Engagement, plan demo.InvoicePlan) (*billing.Invoice, error) {
	inv, err := b.svc.Bill(ctx, billing.Charge{EngagementID: e.ID, IntakeID: e.IntakeID, VendorID: e.VendorID,
		ContractValueCents: e.ContractValueCents, EngagedAt: e.CreatedAt})
	if err != nil {
		return nil, err
	}
	for _, ev := range news(inv, plan, b.now().UTC()) {
		if _, err := b.store.ApplyEvent(ctx, ev); err != nil {
			return nil, fmt.Errorf("%s: %w", ev.Type, err)
		}
	}
	return b.invoice(ctx, e)
}

// news is what Stripe would have told Callmatch since finalizing inv for
// it to reach plan, as events with ids of their own per invoice.
func news(inv *billing.Invoice, plan demo.InvoicePlan, at time.Time) []billing.Event {
	var out []billing.Event
	add := func(typ string, si billing.StripeInvoice) {
		si.ID, si.CallmatchInvoiceID, si.EngagementID = inv.StripeInvoiceID, inv.ID, inv.EngagementID
		out = append(out, billing.Event{ID: "evt_demo_" + compact(inv.ID) + "_" + typ, Type: typ, Created: at, Invoice: &si})
	}
	if plan.PaymentFailed {
		add(billing.EventInvoicePaymentFailed, billing.StripeInvoice{Status: billing.StatusOpen, PaymentFailedAt: &at})
	}
	switch plan.Status {
	case billing.StatusPaid:
		add(billing.EventInvoicePaid, billing.StripeInvoice{Status: billing.StatusPaid, PaidAt: &at})
	case billing.StatusVoid:
		add(billing.EventInvoiceVoided, billing.StripeInvoice{Status: billing.StatusVoid, VoidedAt: &at})
	case billing.StatusUncollectible:
		add(billing.EventInvoiceMarkedUncollectible, billing.StripeInvoice{Status: billing.StatusUncollectible, UncollectibleAt: &at})
	}
	return out
}

// invoice reads the engagement's invoice as stored.
func (b *biller) invoice(ctx context.Context, e *intake.Engagement) (*billing.Invoice, error) {
	for page := 1; ; page++ {
		list, total, err := b.store.FindInvoices(ctx, billing.InvoiceFilter{VendorID: e.VendorID, Page: page, PerPage: 200})
		if err != nil {
			return nil, err
		}
		for _, inv := range list {
			if inv.EngagementID == e.ID {
				return inv, nil
			}
		}
		if page*200 >= total {
			return nil, fmt.Errorf("engagement %s has no invoice after billing", e.ID)
		}
	}
}

// demoStripe answers billing's calls as Stripe would for an invoice sent
// by email and due in 30 days, without a network. Its ids are made from
// Callmatch's own, so that a call made again gets the same answer, as an
// idempotency key gets it from Stripe. No hosted invoice page exists, so
// it gives none and the portal shows the number without a link.
type demoStripe struct{ now func() time.Time }

func (demoStripe) CreateCustomer(_ context.Context, c billing.Customer) (string, error) {
	return "cus_demo_" + compact(c.VendorID), nil
}

func (demoStripe) CreateInvoice(_ context.Context, d billing.Draft) (billing.StripeInvoice, error) {
	return billing.StripeInvoice{ID: "in_demo_" + compact(d.EngagementID), CustomerID: d.CustomerID,
		Status: billing.StatusDraft, CallmatchInvoiceID: d.InvoiceID, EngagementID: d.EngagementID}, nil
}

func (demoStripe) AddInvoiceItem(_ context.Context, d billing.Draft) (string, error) {
	return "ii_demo_" + compact(d.EngagementID), nil
}

func (s demoStripe) FinalizeInvoice(_ context.Context, d billing.Draft) (billing.StripeInvoice, error) {
	at := s.now().UTC()
	due := at.AddDate(0, 0, 30)
	return billing.StripeInvoice{ID: d.StripeInvoiceID, Status: billing.StatusOpen,
		Number: "DEMO-" + strings.ToUpper(tail(compact(d.EngagementID), 8)), FinalizedAt: &at, DueAt: &due}, nil
}

// compact is a UUID without its dashes, as the tail of a Stripe-like id.
func compact(id string) string { return strings.ReplaceAll(id, "-", "") }

// tail is the last n bytes of s: the random end of a UUIDv7, whose head is
// the time and alike for ids made a moment apart.
func tail(s string, n int) string { return s[max(0, len(s)-n):] }
