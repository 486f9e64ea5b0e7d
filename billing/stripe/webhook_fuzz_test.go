package stripe_test

import (
	"testing"
	"time"

	stripego "github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/webhook"

	"callmatch"
	"callmatch/billing"
	billingstripe "callmatch/billing/stripe"
)

const fuzzSecret = "whsec_fuzz"

// FuzzVerifyEvent throws arbitrary deliveries at the webhook parser, the
// one endpoint that takes input from outside without a session. Each
// payload is tried twice: signed correctly, so that the event reader sees
// it, and with the fuzzed header, so that the signature check does. A
// signed payload is always accepted (an unreadable one as an event with a
// Problem, which Stripe then stops retrying); an unsigned one is refused
// with an invalid error; nothing panics. An event of a type billing
// handles carries exactly one of an invoice and a problem.
func FuzzVerifyEvent(f *testing.F) {
	invoice := `{"id": "evt_1", "object": "event", "type": "invoice.paid", "api_version": "` + stripego.APIVersion + `",
		"created": 1790000000, "data": {"object": {"object": "invoice", "id": "in_1", "status": "paid",
		"metadata": {"callmatch_invoice_id": "x"}, "status_transitions": {"paid_at": 1790000000}}}}`
	for _, s := range []string{invoice, `{}`, `null`, `[]`, `{"id": "evt_2", "type": "customer.created", "data": {"object": {}}}`,
		`{"id": "evt_3", "type": "invoice.voided", "data": {"object": {"object": "invoice", "id": "", "status": "void"}}}`,
		`{"id": "evt_4", "type": "invoice.finalized", "data": {"object": "in_1"}}`,
		`{"id": "evt_5", "type": "invoice.paid", "data": {"object": null}}`, `{"id": "evt_6", "type": "invoice.paid", "data": null}`,
	} {
		f.Add([]byte(s), "t=1790000000,v1=00")
	}
	w := billingstripe.NewWebhooks(fuzzSecret)
	f.Fuzz(func(t *testing.T, payload []byte, header string) {
		signed := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: payload, Secret: fuzzSecret, Timestamp: time.Now()})
		ev, err := w.VerifyEvent(payload, signed.Header)
		if err != nil {
			t.Fatalf("a correctly signed delivery was refused: %v", err)
		}
		if ev == nil {
			t.Fatal("no event and no error")
		}
		// Billing logs and records a handled event without an invoice as
		// ignored, giving the problem as the reason, so the reader must
		// always have one (testdata/fuzz/FuzzVerifyEvent/10da0894df9ec6dd is
		// such an event without data).
		if billing.Handles(ev.Type) && (ev.Invoice == nil) == (ev.Problem == "") {
			t.Fatalf("%s event with invoice %+v and problem %q, want exactly one", ev.Type, ev.Invoice, ev.Problem)
		}
		if ev.Invoice != nil && (!billing.Handles(ev.Type) || ev.ID == "") {
			t.Fatalf("invoice read from a %q event with id %q", ev.Type, ev.ID)
		}
		if ev.Invoice != nil && (ev.Invoice.ID == "" || !ev.Invoice.Status.Valid()) {
			t.Fatalf("invoice read with id %q and status %q", ev.Invoice.ID, ev.Invoice.Status)
		}
		if _, err := w.VerifyEvent(payload, header); err != nil && callmatch.ErrorCode(err) != callmatch.EINVALID {
			t.Fatalf("fuzzed header: code %q, want invalid: %v", callmatch.ErrorCode(err), err)
		}
	})
}
