package stripe

import (
	"encoding/json"
	"errors"
	"time"

	stripego "github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/webhook"

	"callmatch"
	"callmatch/billing"
)

// Tolerance is how old a delivery's signed timestamp may be: Stripe's
// default, long enough for clock skew and slow retries, short enough that
// a captured delivery cannot be replayed later.
const Tolerance = 300 * time.Second

// Webhooks verifies deliveries to the webhook endpoint.
type Webhooks struct {
	secret string
}

var _ billing.EventVerifier = (*Webhooks)(nil)

// NewWebhooks verifies with the endpoint's signing secret (whsec_…). While
// Stripe rotates the secret it signs each delivery with the old and the
// new one (two v1 entries in the header); either verifies.
func NewWebhooks(secret string) *Webhooks { return &Webhooks{secret: secret} }

// errSignature answers a delivery that is not provably Stripe's: no header,
// a malformed one, a timestamp out of tolerance, or no matching signature.
// The reasons are not told apart to the caller; a forger learns nothing.
var errSignature = callmatch.Errorf(callmatch.EINVALID,
	"The Stripe-Signature header is missing, malformed, too old or does not match the body.")

// VerifyEvent checks the signature over the raw payload and reads the
// event. A signed payload that cannot be read as an event is returned as
// an event with a Problem, not an error: it is Stripe's, and failing it
// would only bring the same bytes back. An event of a type billing handles
// comes back with exactly one of Invoice and Problem.
func (w *Webhooks) VerifyEvent(payload []byte, header string) (*billing.Event, error) {
	ev, err := webhook.ConstructEventWithOptions(payload, header, w.secret, webhook.ConstructEventOptions{
		Tolerance: Tolerance,
		// Versions are billing's policy (billing.Service.HandleWebhook), not
		// a reason to refuse a delivery.
		IgnoreAPIVersionMismatch: true,
	})
	switch {
	case errors.Is(err, webhook.ErrNotSigned), errors.Is(err, webhook.ErrInvalidHeader),
		errors.Is(err, webhook.ErrNoValidSignature), errors.Is(err, webhook.ErrTooOld):
		return nil, errSignature
	case err != nil:
		// Signed, but not JSON shaped like an event, often because
		// data.object is not an object. What can still be read names the
		// event, so that billing logs and records it rather than dropping
		// it unnamed.
		out := readHead(payload)
		out.Problem = "unreadable event: " + err.Error()
		return out, nil
	}
	out := newEvent(ev.ID, string(ev.Type), ev.APIVersion, ev.Created)
	switch {
	case ev.ID == "":
		out.Problem = "event without id"
	case !billing.Handles(out.Type):
		// Acknowledged and ignored for its type; its data is not read.
	case ev.Data == nil || len(ev.Data.Raw) == 0 || string(ev.Data.Raw) == "null":
		out.Problem = "event without data.object"
	default:
		out.Invoice, out.Problem = readInvoice(ev.Data.Raw)
	}
	return out, nil
}

func newEvent(id, typ, apiVersion string, created int64) *billing.Event {
	out := &billing.Event{ID: id, Type: typ, APIVersion: apiVersion, OtherVersion: apiVersion != stripego.APIVersion}
	if created > 0 {
		out.Created = time.Unix(created, 0).UTC()
	}
	return out
}

// readHead reads an event's identity leniently: encoding/json fills the
// fields it can and skips the ones of the wrong type.
func readHead(payload []byte) *billing.Event {
	var h struct {
		ID         string `json:"id"`
		Type       string `json:"type"`
		APIVersion string `json:"api_version"`
		Created    int64  `json:"created"`
	}
	_ = json.Unmarshal(payload, &h) // a payload that is not JSON at all leaves h empty
	return newEvent(h.ID, h.Type, h.APIVersion, h.Created)
}

// invoiceObject holds the only fields billing reads of an invoice. They
// are parsed here rather than through stripego.Invoice so that an event
// rendered for another API version, where unrelated fields may have
// changed shape, is still read for these.
type invoiceObject struct {
	Object            string            `json:"object"`
	ID                string            `json:"id"`
	Status            string            `json:"status"`
	Number            string            `json:"number"`
	HostedInvoiceURL  string            `json:"hosted_invoice_url"`
	DueDate           int64             `json:"due_date"`
	Metadata          map[string]string `json:"metadata"`
	StatusTransitions *struct {
		FinalizedAt           int64 `json:"finalized_at"`
		MarkedUncollectibleAt int64 `json:"marked_uncollectible_at"`
		PaidAt                int64 `json:"paid_at"`
		VoidedAt              int64 `json:"voided_at"`
	} `json:"status_transitions"`
}

// readInvoice returns the invoice, or nil and what is wrong with it.
func readInvoice(raw json.RawMessage) (*billing.StripeInvoice, string) {
	var o invoiceObject
	if err := json.Unmarshal(raw, &o); err != nil {
		return nil, "invoice object unreadable: " + err.Error()
	}
	switch {
	case o.Object != "invoice":
		return nil, "data.object is " + quote(o.Object) + ", not an invoice"
	case o.ID == "":
		return nil, "invoice without id"
	case !billing.Status(o.Status).Valid() || o.Status == string(billing.StatusPending):
		return nil, "invoice status " + quote(o.Status) + " is not one billing knows"
	}
	s := &billing.StripeInvoice{
		ID: o.ID, Status: billing.Status(o.Status), Number: o.Number, HostedURL: o.HostedInvoiceURL,
		DueAt: unix(o.DueDate), CallmatchInvoiceID: o.Metadata[MetaInvoiceID],
		EngagementID: o.Metadata[MetaEngagementID],
	}
	if st := o.StatusTransitions; st != nil {
		s.FinalizedAt, s.PaidAt = unix(st.FinalizedAt), unix(st.PaidAt)
		s.VoidedAt, s.UncollectibleAt = unix(st.VoidedAt), unix(st.MarkedUncollectibleAt)
	}
	return s, ""
}

func quote(s string) string { return `"` + s + `"` }
