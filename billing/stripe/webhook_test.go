package stripe_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"

	stripego "github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/webhook"

	"callmatch/billing"
	billingstripe "callmatch/billing/stripe"
)

var handledTypes = []string{billing.EventInvoiceFinalized, billing.EventInvoicePaid, billing.EventInvoicePaymentFailed,
	billing.EventInvoiceVoided, billing.EventInvoiceMarkedUncollectible}

// eventStore records what billing hands the store; no other method is
// called while handling a webhook.
type eventStore struct {
	billing.Store
	events []billing.Event
}

func (s *eventStore) ApplyEvent(_ context.Context, ev billing.Event) (billing.Outcome, error) {
	s.events = append(s.events, ev)
	if ev.Invoice == nil {
		return billing.OutcomeIgnored, nil
	}
	return billing.OutcomeApplied, nil
}

func signed(payload string) ([]byte, string) {
	p := []byte(payload)
	return p, webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: p, Secret: fuzzSecret, Timestamp: time.Now()}).Header
}

// TestEventWithoutInvoiceData: a signed event of a handled type whose data
// or data.object is missing, null or not an object is read with a problem
// that says so and no invoice. Billing then does what it does with any
// signed event it cannot use: acknowledges it as ignored (a 200, so that
// Stripe does not redeliver bytes that will never read), logs the problem
// and records the event id.
func TestEventWithoutInvoiceData(t *testing.T) {
	w := billingstripe.NewWebhooks(fuzzSecret)
	for _, tc := range []struct {
		name    string
		data    string // the event's data member, if any
		problem string // part of the Problem
	}{
		{"no data", ``, "event without data.object"},
		{"data null", `"data": null`, "event without data.object"},
		{"data.object missing", `"data": {}`, "unreadable event"},
		{"previous_attributes only", `"data": {"previous_attributes": {"status": "open"}}`, "unreadable event"},
		{"data.object null", `"data": {"object": null}`, "event without data.object"},
		{"data.object null, spaced", `"data": { "object" :  null }`, "event without data.object"},
		{"data.object a string", `"data": {"object": "in_1"}`, "unreadable event"},
		{"data.object a number", `"data": {"object": 42}`, "unreadable event"},
		{"data.object true", `"data": {"object": true}`, "unreadable event"},
		{"data.object an array", `"data": {"object": [{"object": "invoice"}]}`, "unreadable event"},
		{"data a string", `"data": "in_1"`, "unreadable event"},
		{"data an array", `"data": [{"object": {"object": "invoice"}}]`, "unreadable event"},
		{"data.object empty", `"data": {"object": {}}`, `data.object is "", not an invoice`},
		{"data.object a customer", `"data": {"object": {"object": "customer", "id": "cus_1"}}`, `data.object is "customer", not an invoice`},
	} {
		for _, typ := range handledTypes {
			body := `{"id": "evt_1", "object": "event", "type": "` + typ + `", "api_version": "` + stripego.APIVersion +
				`", "created": 1790000000`
			if tc.data != "" {
				body += ", " + tc.data
			}
			payload, header := signed(body + "}")

			ev, err := w.VerifyEvent(payload, header)
			if err != nil {
				t.Errorf("%s, %s: refused: %v", tc.name, typ, err)
				continue
			}
			if ev.Invoice != nil || !strings.Contains(ev.Problem, tc.problem) {
				t.Errorf("%s, %s: invoice %+v, problem %q; want none and %q", tc.name, typ, ev.Invoice, ev.Problem, tc.problem)
			}
			if ev.ID != "evt_1" || ev.Type != typ || ev.APIVersion != stripego.APIVersion || ev.Created.Unix() != 1790000000 {
				t.Errorf("%s, %s: event read as %+v", tc.name, typ, ev)
			}

			store := &eventStore{}
			var log bytes.Buffer
			svc := billing.NewService(store, nil, w, slog.New(slog.NewJSONHandler(&log, nil)))
			outcome, err := svc.HandleWebhook(context.Background(), payload, header)
			if err != nil || outcome != billing.OutcomeIgnored {
				t.Errorf("%s, %s: handled as %q, %v; want ignored", tc.name, typ, outcome, err)
			}
			if len(store.events) != 1 || store.events[0].ID != "evt_1" {
				t.Errorf("%s, %s: recorded %+v, want the event once", tc.name, typ, store.events)
			}
			var line struct{ Msg, Event, Problem string }
			if err := json.Unmarshal(log.Bytes(), &line); err != nil || line.Msg != "stripe event ignored" ||
				line.Event != "evt_1" || line.Problem != ev.Problem {
				t.Errorf("%s, %s: log does not give the problem:\n%s", tc.name, typ, log.String())
			}
		}
	}
}

// TestEventWithInvoice is the table's counterpart: with an invoice in
// data.object, the event carries it and no problem.
func TestEventWithInvoice(t *testing.T) {
	w := billingstripe.NewWebhooks(fuzzSecret)
	for _, typ := range handledTypes {
		ev, err := w.VerifyEvent(signed(`{"id": "evt_1", "type": "` + typ + `", "data": {"object": {"object": "invoice",
			"id": "in_1", "status": "open", "metadata": {"callmatch_invoice_id": "inv_1"}}}}`))
		if err != nil || ev.Problem != "" || ev.Invoice == nil || ev.Invoice.ID != "in_1" || ev.Invoice.CallmatchInvoiceID != "inv_1" {
			t.Errorf("%s: %+v, %v", typ, ev, err)
		}
	}
}
