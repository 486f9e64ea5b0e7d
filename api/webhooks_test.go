package api_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v76/webhook"

	"callmatch"
	"callmatch/api"
	"callmatch/billing"
	"callmatch/catalog"
)

// testWebhookSecret is the fixture's endpoint secret; rotatedSecret plays
// the one it replaced.
const (
	testWebhookSecret = "whsec_test_callmatch_current"
	rotatedSecret     = "whsec_test_callmatch_previous"
)

// newInvoice records an engagement with vendor and opens its invoice, as
// the billing job would before calling Stripe.
func (f *fixture) newInvoice(vendor *catalog.Vendor) *billing.Invoice {
	f.t.Helper()
	ctx := callmatch.WithActor(context.Background(), callmatch.Actor{UserID: "test", Role: callmatch.RoleAdvisor})
	intakeID, slID := f.newShortlist()
	if _, err := f.intakes.Share(ctx, slID); err != nil {
		f.t.Fatal(err)
	}
	e, err := f.intakes.Engage(ctx, intakeID, vendor.ID, 5_000_000)
	if err != nil {
		f.t.Fatal(err)
	}
	inv, err := f.billing.OpenInvoice(ctx, billing.Charge{EngagementID: e.ID, IntakeID: e.IntakeID,
		VendorID: e.VendorID, ContractValueCents: e.ContractValueCents}, billing.StandardTerms)
	if err != nil {
		f.t.Fatal(err)
	}
	return inv
}

var t0 = time.Date(2026, 11, 4, 15, 0, 0, 0, time.UTC).Unix()

// invoiceObject is a Stripe invoice as an event carries it. transitions
// names the status_transitions that have happened, as minutes after t0.
func invoiceObject(stripeID, ours string, status billing.Status, transitions map[string]int) map[string]any {
	st := map[string]any{"finalized_at": nil, "marked_uncollectible_at": nil, "paid_at": nil, "voided_at": nil}
	for k, m := range transitions {
		st[k] = t0 + int64(m*60)
	}
	meta := map[string]string{}
	if ours != "" {
		meta["callmatch_invoice_id"] = ours
	}
	return map[string]any{"object": "invoice", "id": stripeID, "customer": "cus_test", "status": string(status),
		"collection_method": "send_invoice", "currency": "usd", "amount_due": 250_000, "number": "CM-0042",
		"hosted_invoice_url": "https://invoice.stripe.com/i/acct_test/in_test", "due_date": t0 + 30*86400,
		"metadata": meta, "status_transitions": st}
}

func eventJSON(id, typ, apiVersion string, created int64, object any) []byte {
	b, err := json.Marshal(map[string]any{"id": id, "object": "event", "type": typ, "api_version": apiVersion,
		"created": created, "livemode": false, "pending_webhooks": 1,
		"request": map[string]any{"id": nil, "idempotency_key": nil}, "data": map[string]any{"object": object}})
	if err != nil {
		panic(err)
	}
	return b
}

func sign(body []byte, secret string, at time.Time) string {
	return webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: body, Secret: secret, Timestamp: at}).Header
}

// postWebhook delivers body and checks the answer against the OpenAPI
// document.
func (f *fixture) postWebhook(body []byte, header string) *httptest.ResponseRecorder {
	req, rec := f.deliver(body, header)
	checkAgainstOpenAPI(f.t, req, rec, "")
	return rec
}

// deliver is postWebhook without the document check, which costs more
// than the delivery, for tests that deliver by the thousand.
func (f *fixture) deliver(body []byte, header string) (*http.Request, *httptest.ResponseRecorder) {
	req := httptest.NewRequest(http.MethodPost, "/webhooks/stripe", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	if header != "" {
		req.Header.Set("Stripe-Signature", header)
	}
	rec := httptest.NewRecorder()
	f.srv.ServeHTTP(rec, req)
	return req, rec
}

func (f *fixture) invoice(id string) *billing.Invoice {
	f.t.Helper()
	list, _, err := f.billing.FindInvoices(context.Background(), billing.InvoiceFilter{PerPage: 200})
	if err != nil {
		f.t.Fatal(err)
	}
	for _, inv := range list {
		if inv.ID == id {
			return inv
		}
	}
	f.t.Fatalf("invoice %s not found", id)
	return nil
}

// TestWebhookTable: what each kind of delivery gets, in order, against one
// invoice, and where the invoice stands after it.
func TestWebhookTable(t *testing.T) {
	f := newFixture(t)
	inv := f.newInvoice(f.vendorA)
	now := time.Now()
	ev := func(id, typ string, status billing.Status, tr map[string]int) []byte {
		return eventJSON(id, typ, "2023-10-16", now.Unix(), invoiceObject("in_test", inv.ID, status, tr))
	}
	finalized := ev("evt_finalized", billing.EventInvoiceFinalized, billing.StatusOpen, map[string]int{"finalized_at": 0})
	paid := ev("evt_paid", billing.EventInvoicePaid, billing.StatusPaid, map[string]int{"finalized_at": 0, "paid_at": 90})
	paidHeader := sign(paid, testWebhookSecret, now)
	sig := func(b []byte, secret string) string {
		return hex.EncodeToString(webhook.ComputeSignature(now, b, secret))
	}
	tampered := bytes.Replace(finalized, []byte(`"status":"open"`), []byte(`"status":"paid"`), 1)
	if bytes.Equal(tampered, finalized) {
		t.Fatal("tampering changed nothing")
	}
	otherVersion := eventJSON("evt_uncollectible", billing.EventInvoiceMarkedUncollectible, "2024-06-20", now.Unix(),
		invoiceObject("in_test", inv.ID, billing.StatusUncollectible, map[string]int{"finalized_at": 0, "marked_uncollectible_at": 60}))
	unreadable := invoiceObject("in_test", inv.ID, billing.StatusVoid, nil)
	unreadable["status"] = map[string]any{"value": "void"} // a shape no version of ours has
	otherShape := eventJSON("evt_basil", billing.EventInvoiceVoided, "2025-03-31.basil", now.Unix(), unreadable)

	for _, tc := range []struct {
		name    string
		body    []byte
		header  string
		status  int
		outcome billing.Outcome
		after   billing.Status
	}{
		{"missing header", finalized, "", 400, "", billing.StatusPending},
		{"garbled header", finalized, "this is not a signature", 400, "", billing.StatusPending},
		{"garbled timestamp", finalized, "t=yesterday,v1=" + sig(finalized, testWebhookSecret), 400, "", billing.StatusPending},
		{"garbled signature", finalized, fmt.Sprintf("t=%d,v1=zz-not-hex", now.Unix()), 400, "", billing.StatusPending},
		{"wrong secret", finalized, sign(finalized, "whsec_someone_else", now), 400, "", billing.StatusPending},
		{"tampered body", tampered, sign(finalized, testWebhookSecret, now), 400, "", billing.StatusPending},
		{"older than 300 s", finalized, sign(finalized, testWebhookSecret, now.Add(-301*time.Second)), 400, "", billing.StatusPending},
		{"two signatures, neither ours", finalized, fmt.Sprintf("t=%d,v1=%s,v1=%s", now.Unix(),
			sig(finalized, rotatedSecret), sig(finalized, "whsec_other")), 400, "", billing.StatusPending},
		{"two signatures after rotation", finalized, fmt.Sprintf("t=%d,v1=%s,v1=%s", now.Unix(),
			sig(finalized, rotatedSecret), sig(finalized, testWebhookSecret)), 200, billing.OutcomeApplied, billing.StatusOpen},
		{"just under 300 s old", ev("evt_failed", billing.EventInvoicePaymentFailed, billing.StatusOpen, map[string]int{"finalized_at": 0}),
			"", 200, billing.OutcomeApplied, billing.StatusOpen},
		{"other API version, fields present", otherVersion, sign(otherVersion, testWebhookSecret, now),
			200, billing.OutcomeApplied, billing.StatusUncollectible},
		{"other API version, fields changed", otherShape, sign(otherShape, testWebhookSecret, now),
			200, billing.OutcomeIgnored, billing.StatusUncollectible},
		{"unknown event type", eventJSON("evt_customer", "customer.created", "2023-10-16", now.Unix(),
			map[string]any{"object": "customer", "id": "cus_test"}), "", 200, billing.OutcomeIgnored, billing.StatusUncollectible},
		{"signed, not JSON", []byte("not json at all"), "", 200, billing.OutcomeIgnored, billing.StatusUncollectible},
		{"not our invoice", eventJSON("evt_stranger", billing.EventInvoicePaid, "2023-10-16", now.Unix(),
			invoiceObject("in_stranger", "", billing.StatusPaid, nil)), "", 200, billing.OutcomeUnknownInvoice, billing.StatusUncollectible},
		{"paid", paid, paidHeader, 200, billing.OutcomeApplied, billing.StatusPaid},
		{"paid again, same delivery", paid, paidHeader, 200, billing.OutcomeDuplicate, billing.StatusPaid},
		{"older news after paid", ev("evt_finalized_late", billing.EventInvoiceFinalized, billing.StatusOpen,
			map[string]int{"finalized_at": 0}), "", 200, billing.OutcomeUnchanged, billing.StatusPaid},
		{"void after paid", ev("evt_voided", billing.EventInvoiceVoided, billing.StatusVoid,
			map[string]int{"finalized_at": 0, "voided_at": 120}), "", 200, billing.OutcomeUnchanged, billing.StatusPaid},
	} {
		header := tc.header
		if header == "" && tc.status == 200 {
			at := time.Now()
			if tc.name == "just under 300 s old" {
				at = at.Add(-298 * time.Second) // the header holds whole seconds
			}
			header = sign(tc.body, testWebhookSecret, at)
		}
		rec := f.postWebhook(tc.body, header)
		if rec.Code != tc.status {
			t.Errorf("%s: status %d, want %d: %s", tc.name, rec.Code, tc.status, rec.Body.String())
			continue
		}
		if tc.status == 200 {
			if got := decode[api.WebhookAck](t, rec); got.Outcome != tc.outcome || !got.Received {
				t.Errorf("%s: outcome %+v, want %s", tc.name, got, tc.outcome)
			}
		} else if code := decode[api.ErrorBody](t, rec).Error.Code; code != callmatch.EINVALID {
			t.Errorf("%s: error code %s", tc.name, code)
		}
		if got := f.invoice(inv.ID).Status; got != tc.after {
			t.Errorf("%s: invoice %s, want %s", tc.name, got, tc.after)
		}
	}
	got := f.invoice(inv.ID)
	if got.StripeInvoiceID != "in_test" || got.Number != "CM-0042" || got.PaidAt == nil || got.VoidedAt != nil ||
		got.PaymentFailedAt == nil || got.PaymentFailed {
		t.Errorf("final invoice %+v", got)
	}
}

// TestWebhookWithoutSecretIsUnavailable: a server without the signing
// secret refuses deliveries with 503, which Stripe retries, rather than
// accepting what it cannot verify.
func TestWebhookWithoutSecretIsUnavailable(t *testing.T) {
	f := newFixture(t)
	srv := api.New(api.Config{Logger: slog.New(slog.DiscardHandler), Billing: billing.NewService(f.billing, nil, nil, nil)})
	body := eventJSON("evt_1", billing.EventInvoicePaid, "2023-10-16", time.Now().Unix(), map[string]any{})
	req := httptest.NewRequest(http.MethodPost, "/webhooks/stripe", bytes.NewReader(body))
	req.Header.Set("Stripe-Signature", sign(body, testWebhookSecret, time.Now()))
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
	}
}

// TestSameEventTenTimesConcurrently: ten simultaneous deliveries of one
// event change the invoice once.
func TestSameEventTenTimesConcurrently(t *testing.T) {
	f := newFixture(t)
	inv := f.newInvoice(f.vendorA)
	body := eventJSON("evt_paid_once", billing.EventInvoicePaid, "2023-10-16", time.Now().Unix(),
		invoiceObject("in_once", inv.ID, billing.StatusPaid, map[string]int{"finalized_at": 0, "paid_at": 5}))
	header := sign(body, testWebhookSecret, time.Now())
	var (
		mu       sync.Mutex
		outcomes = map[billing.Outcome]int{}
		wg       sync.WaitGroup
	)
	for range 10 {
		wg.Go(func() {
			_, rec := f.deliver(body, header)
			var ack api.WebhookAck
			if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &ack) != nil {
				t.Errorf("delivery: %d %s", rec.Code, rec.Body.String())
			}
			mu.Lock()
			outcomes[ack.Outcome]++
			mu.Unlock()
		})
	}
	wg.Wait()
	if outcomes[billing.OutcomeApplied] != 1 || outcomes[billing.OutcomeDuplicate] != 9 {
		t.Fatalf("outcomes %v, want 1 applied and 9 duplicates", outcomes)
	}
	got := f.invoice(inv.ID)
	if got.Status != billing.StatusPaid || got.Version != inv.Version+1 {
		t.Fatalf("invoice %+v: status %s version %d, want paid at version %d", got, got.Status, got.Version, inv.Version+1)
	}
	entries, err := f.db.AuditFor(context.Background(), "invoice", inv.ID)
	if err != nil || len(entries) != 2 || entries[1].Action != "invoice.update" || entries[1].Actor != "stripe" {
		t.Fatalf("audit %+v, %v", entries, err)
	}
}

// TestTwoHundredOrderings: one invoice's events, delivered in two hundred
// random orders (with one of them delivered twice), end where they end in
// order, for an invoice that is paid and for one that is voided.
func TestTwoHundredOrderings(t *testing.T) {
	f := newFixture(t)
	inv := f.newInvoice(f.vendorA)
	charge := billing.Charge{EngagementID: inv.EngagementID, IntakeID: inv.IntakeID, VendorID: inv.VendorID,
		ContractValueCents: inv.ContractValueCents}
	type delivery struct {
		typ    string
		status billing.Status
		tr     map[string]int
		at     int // event created, minutes after t0
	}
	life := func(final string) []delivery {
		d := []delivery{
			{billing.EventInvoiceFinalized, billing.StatusOpen, map[string]int{"finalized_at": 0}, 0},
			{billing.EventInvoicePaymentFailed, billing.StatusOpen, map[string]int{"finalized_at": 0}, 30},
			{billing.EventInvoicePaymentFailed, billing.StatusOpen, map[string]int{"finalized_at": 0}, 45},
			{billing.EventInvoiceMarkedUncollectible, billing.StatusUncollectible, map[string]int{"finalized_at": 0, "marked_uncollectible_at": 60}, 60},
		}
		if final == "paid" {
			return append(d, delivery{billing.EventInvoicePaid, billing.StatusPaid,
				map[string]int{"finalized_at": 0, "marked_uncollectible_at": 60, "paid_at": 90}, 90})
		}
		return append(d, delivery{billing.EventInvoiceVoided, billing.StatusVoid,
			map[string]int{"finalized_at": 0, "marked_uncollectible_at": 60, "voided_at": 90}, 90})
	}
	now := time.Now()
	run := func(run string, order []int, ds []delivery) string {
		t.Helper()
		for _, table := range []string{"stripe_events", "invoices"} {
			if _, err := f.db.SQL().Exec("DELETE FROM " + table); err != nil {
				t.Fatal(err)
			}
		}
		fresh, err := f.billing.OpenInvoice(context.Background(), charge, billing.StandardTerms)
		if err != nil {
			t.Fatal(err)
		}
		for _, i := range order {
			d := ds[i]
			body := eventJSON(fmt.Sprintf("evt_%s_%d", run, i), d.typ, "2023-10-16", t0+int64(d.at*60),
				invoiceObject("in_order", fresh.ID, d.status, d.tr))
			if _, rec := f.deliver(body, sign(body, testWebhookSecret, now)); rec.Code != 200 {
				t.Fatalf("%s: %d %s", run, rec.Code, rec.Body.String())
			}
		}
		return stateOf(f.invoice(fresh.ID))
	}
	r := rand.New(rand.NewPCG(200, 6))
	for _, final := range []string{"paid", "void"} {
		ds := life(final)
		inOrder := make([]int, len(ds))
		for i := range inOrder {
			inOrder[i] = i
		}
		want := run(final+"_in_order", inOrder, ds)
		if !strings.Contains(want, "status="+final) {
			t.Fatalf("in order: %s", want)
		}
		for n := range 200 {
			order := append(r.Perm(len(ds)), r.IntN(len(ds))) // one event delivered twice
			r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
			if got := run(fmt.Sprintf("%s_%d", final, n), order, ds); got != want {
				t.Fatalf("%s, order %v:\n got %s\nwant %s", final, order, got, want)
			}
		}
	}
}

// stateOf is everything an invoice says about its standing; the version
// counts changes and so depends on the order.
func stateOf(inv *billing.Invoice) string {
	ts := func(t *time.Time) string {
		if t == nil {
			return "-"
		}
		return t.UTC().Format(time.RFC3339)
	}
	return fmt.Sprintf("status=%s payment_failed=%v stripe=%s number=%s url=%s due=%s finalized=%s paid=%s voided=%s uncollectible=%s failed=%s",
		inv.Status, inv.PaymentFailed, inv.StripeInvoiceID, inv.Number, inv.HostedURL, ts(inv.DueAt), ts(inv.FinalizedAt),
		ts(inv.PaidAt), ts(inv.VoidedAt), ts(inv.UncollectibleAt), ts(inv.PaymentFailedAt))
}
