package stripe_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"

	stripego "github.com/stripe/stripe-go/v76"

	"callmatch/billing"
	billingstripe "callmatch/billing/stripe"
	"callmatch/devstack"
)

// call is one request the client made and what came back.
type call struct {
	method, path, key, version string
	status                     int // 0: no answer
}

// recorder wraps the real transport: the calls still go to stripe-mock,
// and the test sees each one.
type recorder struct {
	next  http.RoundTripper
	mu    sync.Mutex
	calls []call
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	res, err := r.next.RoundTrip(req)
	c := call{method: req.Method, path: req.URL.Path, key: req.Header.Get("Idempotency-Key"),
		version: req.Header.Get("Stripe-Version")}
	if err == nil {
		c.status = res.StatusCode
	}
	r.mu.Lock()
	r.calls = append(r.calls, c)
	r.mu.Unlock()
	return res, err
}

func startStripeMock(t *testing.T) *devstack.Stack {
	t.Helper()
	st, err := devstack.Start(context.Background(), devstack.Options{StripeMock: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Stop() })
	return st
}

// TestEveryCallIsAcceptedByStripeMock runs each call billing makes against
// stripe-mock v0.183.0, whose OpenAPI spec is API 2023-10-16 (v76's): an
// unknown parameter or a wrong type would be refused with a 400.
func TestEveryCallIsAcceptedByStripeMock(t *testing.T) {
	st := startStripeMock(t)
	rec := &recorder{next: http.DefaultTransport}
	c, err := billingstripe.New(billingstripe.Config{SecretKey: devstack.StripeMockKey, APIBase: st.StripeMock.URL(),
		HTTPClient: &http.Client{Transport: rec}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	cust, err := c.CreateCustomer(ctx, billing.Customer{VendorID: "0190aaaa-0000-7000-8000-000000000001", Name: "Lone Star Contact"})
	if err != nil || !strings.HasPrefix(cust, "cus_") {
		t.Fatalf("create customer: %q, %v", cust, err)
	}
	d := billing.Draft{InvoiceID: "0190aaaa-0000-7000-8000-0000000000a1", EngagementID: "0190aaaa-0000-7000-8000-0000000000e1",
		VendorID: "0190aaaa-0000-7000-8000-000000000001", CustomerID: cust, AmountCents: 250_000,
		Description: "Callmatch referral fee"}
	inv, err := c.CreateInvoice(ctx, d)
	if err != nil || !strings.HasPrefix(inv.ID, "in_") || inv.Status != billing.StatusDraft {
		t.Fatalf("create invoice: %+v, %v", inv, err)
	}
	d.StripeInvoiceID = inv.ID
	item, err := c.AddInvoiceItem(ctx, d)
	if err != nil || !strings.HasPrefix(item, "ii_") {
		t.Fatalf("add invoice item: %q, %v", item, err)
	}
	final, err := c.FinalizeInvoice(ctx, d)
	if err != nil || final.ID != inv.ID || !final.Status.Valid() {
		t.Fatalf("finalize: %+v, %v", final, err)
	}
	if err := c.Ping(ctx); err != nil {
		t.Fatalf("ping: %v", err)
	}

	want := []call{
		{"POST", "/v1/customers", billing.CustomerIdempotencyKey(d.VendorID), stripego.APIVersion, 200},
		{"POST", "/v1/invoices", billing.IdempotencyKey(d.EngagementID, "invoice"), stripego.APIVersion, 200},
		{"GET", "/v1/invoiceitems", "", stripego.APIVersion, 200},
		{"POST", "/v1/invoiceitems", billing.IdempotencyKey(d.EngagementID, "item"), stripego.APIVersion, 200},
		{"POST", "/v1/invoices/" + inv.ID + "/finalize", billing.IdempotencyKey(d.EngagementID, "finalize"), stripego.APIVersion, 200},
		{"GET", "/v1/customers", "", stripego.APIVersion, 200},
	}
	if len(rec.calls) != len(want) {
		t.Fatalf("calls %+v, want %+v", rec.calls, want)
	}
	for i, w := range want {
		if rec.calls[i] != w {
			t.Errorf("call %d: %+v, want %+v", i, rec.calls[i], w)
		}
	}
	if stripego.APIVersion != "2023-10-16" {
		t.Errorf("stripe-go pins API %s; stripe-mock v0.183.0 speaks 2023-10-16", stripego.APIVersion)
	}
}

// TestUnreachableStripeIsUnavailable: a call that gets no answer is an
// unavailable error, which the job retries, and says nothing of the key.
func TestUnreachableStripeIsUnavailable(t *testing.T) {
	c, err := billingstripe.New(billingstripe.Config{SecretKey: "sk_test_secret_never_shown", APIBase: "http://127.0.0.1:1"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CreateCustomer(t.Context(), billing.Customer{VendorID: "v", Name: "n"})
	if err == nil || strings.Contains(err.Error(), "sk_test") || !strings.Contains(err.Error(), "unavailable") {
		t.Fatalf("error %v", err)
	}
	if _, err := billingstripe.New(billingstripe.Config{}); err == nil {
		t.Fatal("a client without a key")
	}
}
