package billing

import "time"

// The Stripe event types that move an invoice. Others are acknowledged and
// ignored: Stripe sends what the endpoint subscribes to, and a subscription
// widened by hand must not make deliveries fail.
const (
	EventInvoiceFinalized           = "invoice.finalized"
	EventInvoicePaid                = "invoice.paid"
	EventInvoicePaymentFailed       = "invoice.payment_failed"
	EventInvoiceVoided              = "invoice.voided"
	EventInvoiceMarkedUncollectible = "invoice.marked_uncollectible"
)

// Handles reports whether billing acts on events of type t.
func Handles(t string) bool {
	switch t {
	case EventInvoiceFinalized, EventInvoicePaid, EventInvoicePaymentFailed,
		EventInvoiceVoided, EventInvoiceMarkedUncollectible:
		return true
	}
	return false
}

// Event is a verified Stripe webhook event, reduced to what billing reads.
type Event struct {
	ID         string
	Type       string
	APIVersion string
	Created    time.Time
	// OtherVersion is true when the event was rendered for an API version
	// other than the one the adapter is pinned to (see Service.HandleWebhook
	// for what that means).
	OtherVersion bool
	// Invoice is the event's invoice object, nil when the event carries
	// none or it lacks a field billing reads; Problem then says why.
	Invoice *StripeInvoice
	Problem string
}

// Outcome is what handling one webhook delivery did.
type Outcome string

const (
	OutcomeApplied        Outcome = "applied"         // the invoice changed
	OutcomeUnchanged      Outcome = "unchanged"       // nothing new: older or repeated news
	OutcomeDuplicate      Outcome = "duplicate"       // this event id was handled before
	OutcomeIgnored        Outcome = "ignored"         // a type billing does not handle, or unreadable
	OutcomeUnknownInvoice Outcome = "unknown_invoice" // not an invoice Callmatch created
)
