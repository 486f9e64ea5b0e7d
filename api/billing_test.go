package api_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"callmatch/api"
	"callmatch/billing"
	billingstripe "callmatch/billing/stripe"
	"callmatch/devstack"
	"callmatch/postgres"
)

// TestInvoiceListIsScoped: staff see every invoice, a vendor user its own,
// even when it asks for another vendor's.
func TestInvoiceListIsScoped(t *testing.T) {
	f := newFixture(t)
	a := f.newInvoice(f.vendorA)
	b := f.newInvoice(f.vendorB)
	list := func(role, query string) []string {
		rec := f.do(role, http.MethodGet, "/api/v1/invoices"+query, "")
		if rec.Code != http.StatusOK {
			t.Fatalf("%s %s: %d %s", role, query, rec.Code, rec.Body.String())
		}
		var ids []string
		for _, inv := range decode[api.InvoiceList](t, rec).Invoices {
			ids = append(ids, inv.ID)
		}
		return ids
	}
	for _, tc := range []struct {
		role, query string
		want        []string
	}{
		{"advisor", "", []string{b.ID, a.ID}}, // newest first
		{"admin", "", []string{b.ID, a.ID}},
		{"admin", "?vendor_id=" + f.vendorA.ID, []string{a.ID}},
		{"admin", "?status=paid", nil},
		{"vendor_own", "", []string{a.ID}},
		{"vendor_own", "?vendor_id=" + f.vendorB.ID, []string{a.ID}},
		{"vendor_other", "", []string{b.ID}},
	} {
		if got := list(tc.role, tc.query); strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("%s %q: %v, want %v", tc.role, tc.query, got, tc.want)
		}
	}
	if rec := f.do("admin", http.MethodGet, "/api/v1/invoices?status=refunded", ""); rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("unknown status: %d", rec.Code)
	}
}

func TestFeeTermsAdmin(t *testing.T) {
	f := newFixture(t)
	path := "/api/v1/vendors/" + f.vendorA.ID + "/fee-terms"
	got := decode[billing.FeeTerms](t, f.do("admin", http.MethodGet, path, ""))
	if !got.Standard || got.Terms.RateBPS != billing.StandardTerms.RateBPS {
		t.Fatalf("before: %+v", got)
	}
	for body, want := range map[string]int{
		`{}`:                 422, // rate_bps is required
		`{"rate_bps": 6000}`: 422,
		`{"rate_bps": 500, "cap_cents": 100, "minimum_cents": 200}`: 422,
		`{"rate_bps": "5%"}`:               422,
		`{"rate_bps": 500, "discount": 1}`: 422,
		`not json`:                         400,
	} {
		if rec := f.do("admin", http.MethodPut, path, body); rec.Code != want {
			t.Errorf("PUT %s: %d, want %d: %s", body, rec.Code, want, rec.Body.String())
		}
	}
	rec := f.do("admin", http.MethodPut, path, `{"rate_bps": 750, "minimum_cents": 40000, "cap_cents": 2000000}`)
	if rec.Code != http.StatusOK {
		t.Fatalf("PUT: %d %s", rec.Code, rec.Body.String())
	}
	got = decode[billing.FeeTerms](t, f.do("admin", http.MethodGet, path, ""))
	if got.Standard || got.RateBPS != 750 || got.MinimumCents != 40_000 || got.CapCents == nil || *got.CapCents != 2_000_000 ||
		!strings.HasPrefix(got.UpdatedBy, "user:") {
		t.Fatalf("after: %+v", got)
	}
	if rec := f.do("admin", http.MethodGet, "/api/v1/vendors/00000000-0000-0000-0000-000000000000/fee-terms", ""); rec.Code != 404 {
		t.Errorf("unknown vendor: %d", rec.Code)
	}
	// The invoice opened now bills 7.5% of $50,000: $3,750.
	if inv := f.newInvoice(f.vendorA); inv.FeeCents != 375_000 || inv.Terms.RateBPS != 750 {
		t.Fatalf("invoice %+v", inv)
	}
	entries, err := f.db.AuditFor(context.Background(), "fee_terms", f.vendorA.ID)
	if err != nil || len(entries) != 1 || entries[0].Action != "fee_terms.set" || entries[0].Role != "admin" {
		t.Fatalf("audit %+v, %v", entries, err)
	}
}

// counter counts the calls that reached Stripe (an answer came back),
// by method and path, around the real transport to the real stripe-mock.
type counter struct {
	next http.RoundTripper
	mu   sync.Mutex
	hits map[string]int
	keys map[string][]string // POST path → idempotency keys sent, answered or not
}

func (c *counter) RoundTrip(req *http.Request) (*http.Response, error) {
	res, err := c.next.RoundTrip(req)
	path := req.URL.Path
	if strings.HasPrefix(path, "/v1/invoices/") {
		path = "/v1/invoices/{id}" + path[strings.LastIndex(path, "/"):]
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if req.Method == http.MethodPost {
		c.keys[path] = append(c.keys[path], req.Header.Get("Idempotency-Key"))
	}
	if err == nil {
		c.hits[req.Method+" "+path]++
	}
	return res, err
}

func (c *counter) count(key string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits[key]
}

// TestStripeDownDuringEngagement: with Stripe down the engagement is still
// recorded and its invoice waits; once Stripe is back the job bills it,
// and exactly one invoice exists, here and on Stripe (counted as the
// create calls that reached stripe-mock, which keeps no state of its own).
func TestStripeDownDuringEngagement(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	stack, err := devstack.Start(ctx, devstack.Options{StripeMock: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stack.Stop() })
	calls := &counter{next: http.DefaultTransport, hits: map[string]int{}, keys: map[string][]string{}}
	sc, err := billingstripe.New(billingstripe.Config{SecretKey: devstack.StripeMockKey, APIBase: stack.StripeMock.URL(),
		HTTPClient: &http.Client{Transport: calls, Timeout: 5 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	svc := billing.NewService(f.billing, sc, nil, nil)
	job := billing.NewJob(svc, postgres.NewBillingQueue(f.db), billing.JobConfig{Timeout: 5 * time.Second})

	if err := stack.StripeMock.Kill(); err != nil {
		t.Fatal(err)
	}
	intakeID, slID := f.newShortlist()
	if rec := f.do("advisor", http.MethodPost, "/api/v1/shortlists/"+slID+"/share", ""); rec.Code != 200 {
		t.Fatalf("share: %d %s", rec.Code, rec.Body.String())
	}
	rec := f.do("advisor", http.MethodPost, "/api/v1/intakes/"+intakeID+"/engagements",
		`{"vendor_id": "`+f.vendorA.ID+`", "contract_value_cents": 12000000}`)
	if rec.Code != http.StatusCreated {
		t.Fatalf("engage with Stripe down: %d %s", rec.Code, rec.Body.String())
	}
	if n, err := job.Step(ctx); n != 1 || err == nil {
		t.Fatalf("step with Stripe down: %d, %v", n, err)
	}
	invoices := func() []*billing.Invoice {
		return decode[api.InvoiceList](t, f.do("advisor", http.MethodGet, "/api/v1/invoices", "")).Invoices
	}
	if got := invoices(); len(got) != 1 || got[0].Status != billing.StatusPending || got[0].FeeCents != 600_000 {
		t.Fatalf("while down: %+v", got)
	}

	if err := stack.StripeMock.Start(ctx); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for len(invoices()) == 0 || invoices()[0].StripeInvoiceID == "" {
		if time.Now().After(deadline) {
			t.Fatalf("not billed 30 s after Stripe came back: %+v", invoices())
		}
		_, _ = job.Step(ctx) // claims nothing until the backoff is over
		time.Sleep(100 * time.Millisecond)
	}
	billed := invoices()
	if len(billed) != 1 || billed[0].Status == billing.StatusPending || billed[0].StripeCustomerID == "" {
		t.Fatalf("after: %+v", billed)
	}

	// Billing the same engagement again (a redelivered outbox row) makes
	// no new invoice, here or on Stripe.
	if _, err := f.db.SQL().Exec(`UPDATE outbox SET done_at = NULL, next_attempt_at = now(), claim_token = NULL
		WHERE aggregate = 'engagement'`); err != nil {
		t.Fatal(err)
	}
	if n, err := job.Step(ctx); n != 1 || err != nil {
		t.Fatalf("replay: %d, %v", n, err)
	}
	if got := invoices(); len(got) != 1 || got[0].ID != billed[0].ID {
		t.Fatalf("after replay: %+v", got)
	}
	for _, key := range []string{"POST /v1/customers", "POST /v1/invoices", "POST /v1/invoiceitems"} {
		if n := calls.count(key); n != 1 {
			t.Errorf("%s reached Stripe %d times, want once", key, n)
		}
	}
	// Every attempt at a step, answered or not, carried the same key.
	for path, keys := range calls.keys {
		for _, k := range keys[1:] {
			if k != keys[0] || k == "" {
				t.Errorf("%s sent keys %v", path, keys)
				break
			}
		}
	}
	if n := len(calls.keys["/v1/customers"]); n < 2 {
		t.Errorf("customer creation attempted %d times; the outage should have cost one attempt", n)
	}
}

// faulty fails one call to path once: before it reaches Stripe (the
// request is lost) or after (Stripe acted, the answer is lost).
type faulty struct {
	next      http.RoundTripper
	path      string // a suffix of the URL path
	afterSend bool
	mu        sync.Mutex
	failed    bool
}

func (f *faulty) RoundTrip(req *http.Request) (*http.Response, error) {
	f.mu.Lock()
	fail := !f.failed && req.Method == http.MethodPost && strings.HasSuffix(req.URL.Path, f.path)
	f.failed = f.failed || fail
	f.mu.Unlock()
	if !fail {
		return f.next.RoundTrip(req)
	}
	if f.afterSend {
		if res, err := f.next.RoundTrip(req); err == nil {
			res.Body.Close()
		}
	}
	return nil, errLost
}

var errLost = &net.OpError{Op: "read", Net: "tcp", Err: errors.New("connection reset by peer")}

// TestBillingResumesAfterAnyStep: whichever Stripe call fails, and whether
// Stripe saw it or not, the next attempt resumes from the step that failed
// and the engagement ends with one invoice. A step Stripe never saw is
// made once; a step whose answer was lost is repeated with the same
// idempotency key, which Stripe answers with the first result.
func TestBillingResumesAfterAnyStep(t *testing.T) {
	stack, err := devstack.Start(t.Context(), devstack.Options{StripeMock: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stack.Stop() })
	for _, step := range []string{"/v1/customers", "/v1/invoices", "/v1/invoiceitems", "/finalize"} {
		for _, afterSend := range []bool{false, true} {
			f := newFixture(t)
			calls := &counter{hits: map[string]int{}, keys: map[string][]string{}}
			calls.next = &faulty{next: http.DefaultTransport, path: step, afterSend: afterSend}
			sc, err := billingstripe.New(billingstripe.Config{SecretKey: devstack.StripeMockKey,
				APIBase: stack.StripeMock.URL(), HTTPClient: &http.Client{Transport: calls}})
			if err != nil {
				t.Fatal(err)
			}
			job := billing.NewJob(billing.NewService(f.billing, sc, nil, nil), postgres.NewBillingQueue(f.db), billing.JobConfig{})
			inv := f.newInvoice(f.vendorA) // opened; the job finds it
			if _, err := job.Step(t.Context()); err == nil {
				t.Fatalf("%s (after send %v): the fault did not fail the step", step, afterSend)
			}
			f.db.SQL().Exec(`UPDATE outbox SET next_attempt_at = now() WHERE aggregate = 'engagement'`)
			if n, err := job.Step(t.Context()); n != 1 || err != nil {
				t.Fatalf("%s (after send %v): retry %d, %v", step, afterSend, n, err)
			}
			got := f.invoice(inv.ID)
			list, total, _ := f.billing.FindInvoices(t.Context(), billing.InvoiceFilter{})
			if total != 1 || len(list) != 1 || got.StripeInvoiceID == "" || got.StripeItemID == "" || got.Status == billing.StatusPending {
				t.Errorf("%s (after send %v): %d invoices, %+v", step, afterSend, total, got)
			}
			for path, keys := range calls.keys {
				want := 1
				if strings.HasSuffix(path, step) {
					want = 2
				}
				if len(keys) != want || keys[0] == "" || keys[len(keys)-1] != keys[0] {
					t.Errorf("%s (after send %v): %s sent keys %v, want the same key %d times", step, afterSend, path, keys, want)
				}
			}
		}
	}
}
