// Package stripe is billing's adapter to Stripe on stripe-go v76, pinned to
// API version 2023-10-16 (stripego.APIVersion): customers, invoices and
// their items, and the verification of webhook deliveries. It implements
// billing.Stripe and billing.EventVerifier.
package stripe

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	stripego "github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/client"

	"callmatch"
	"callmatch/billing"
	"callmatch/metrics"
)

// Config configures the client.
type Config struct {
	SecretKey string
	// APIBase is another API base URL (stripe-mock); empty means Stripe.
	APIBase string
	// HTTPClient defaults to one with a 20 s timeout. Tests wrap its
	// transport to watch the calls.
	HTTPClient *http.Client
	// NetworkRetries are stripe-go's own retries of a call that failed in
	// transit, with the same idempotency key. The billing job retries
	// anyway, so 0 is fine; the default is 0.
	NetworkRetries int64
	// DaysUntilDue defaults to 30.
	DaysUntilDue int64
}

// Client is the Stripe API as billing uses it.
type Client struct {
	api          *client.API
	daysUntilDue int64

	mu        sync.Mutex // guards the cached readiness below
	checkedAt time.Time
	checkErr  error
}

var _ billing.Stripe = (*Client)(nil)

// New returns a client; it makes no call.
func New(cfg Config) (*Client, error) {
	if cfg.SecretKey == "" {
		return nil, errors.New("stripe: no secret key")
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 20 * time.Second}
	}
	bc := &stripego.BackendConfig{
		HTTPClient:        hc,
		MaxNetworkRetries: stripego.Int64(cfg.NetworkRetries),
		// Errors come back as values and are logged by the caller; the SDK's
		// own logger would print them a second time on stderr.
		LeveledLogger: &stripego.LeveledLogger{Level: stripego.LevelNull},
	}
	if cfg.APIBase != "" {
		bc.URL = stripego.String(strings.TrimRight(cfg.APIBase, "/"))
	}
	backends := &stripego.Backends{
		API:     stripego.GetBackendWithConfig(stripego.APIBackend, bc),
		Connect: stripego.GetBackendWithConfig(stripego.ConnectBackend, bc),
		Uploads: stripego.GetBackendWithConfig(stripego.UploadsBackend, bc),
	}
	days := cfg.DaysUntilDue
	if days <= 0 {
		days = 30
	}
	return &Client{api: client.New(cfg.SecretKey, backends), daysUntilDue: days}, nil
}

// Metadata keys on every object Callmatch creates, so that webhook events
// find their invoice even before its Stripe id is stored, and so that
// people reading Stripe's dashboard can trace an object back.
const (
	MetaInvoiceID    = "callmatch_invoice_id"
	MetaEngagementID = "callmatch_engagement_id"
	MetaVendorID     = "callmatch_vendor_id"
)

// stripeCurrency is billing.Currency as Stripe spells it.
var stripeCurrency = strings.ToLower(billing.Currency)

// CreateCustomer creates the vendor's customer. The idempotency key is the
// vendor's, so two attempts within Stripe's 24 hours create one customer;
// after that the stored id prevents a second attempt.
func (c *Client) CreateCustomer(ctx context.Context, cu billing.Customer) (string, error) {
	p := &stripego.CustomerParams{
		Name:     stripego.String(cu.Name),
		Metadata: map[string]string{MetaVendorID: cu.VendorID},
	}
	p.Context = ctx
	p.SetIdempotencyKey(billing.CustomerIdempotencyKey(cu.VendorID))
	got, err := c.api.Customers.New(p)
	if err != nil {
		return "", wrap("create customer", err)
	}
	return got.ID, nil
}

// CreateInvoice creates the draft. It is sent by email rather than charged
// (send_invoice), due DaysUntilDue after finalizing. auto_advance is off
// until Bill finalizes it: Stripe would otherwise finalize a draft left
// without its line an hour later, as a $0 invoice. Pending items of the
// customer are excluded so that two engagements never share an invoice.
func (c *Client) CreateInvoice(ctx context.Context, d billing.Draft) (billing.StripeInvoice, error) {
	p := &stripego.InvoiceParams{
		Customer:                    stripego.String(d.CustomerID),
		CollectionMethod:            stripego.String(string(stripego.InvoiceCollectionMethodSendInvoice)),
		DaysUntilDue:                stripego.Int64(c.daysUntilDue),
		Currency:                    stripego.String(stripeCurrency),
		AutoAdvance:                 stripego.Bool(false),
		PendingInvoiceItemsBehavior: stripego.String("exclude"),
		Description:                 stripego.String(d.Description),
		Metadata:                    metadata(d),
	}
	p.Context = ctx
	p.SetIdempotencyKey(billing.IdempotencyKey(d.EngagementID, "invoice"))
	got, err := c.api.Invoices.New(p)
	if err != nil {
		return billing.StripeInvoice{}, wrap("create invoice", err)
	}
	return stateOf(got), nil
}

// AddInvoiceItem puts the fee on the draft. The idempotency key covers
// retries within 24 hours; beyond them, the line is looked for on the
// invoice first, so a late retry never adds the fee twice.
func (c *Client) AddInvoiceItem(ctx context.Context, d billing.Draft) (string, error) {
	lp := &stripego.InvoiceItemListParams{Invoice: stripego.String(d.StripeInvoiceID)}
	lp.Context = ctx
	lp.Limit = stripego.Int64(100)
	lp.Single = true
	it := c.api.InvoiceItems.List(lp)
	for it.Next() {
		if item := it.InvoiceItem(); item.Metadata[MetaInvoiceID] == d.InvoiceID {
			return item.ID, nil
		}
	}
	if err := it.Err(); err != nil {
		return "", wrap("list invoice items", err)
	}
	p := &stripego.InvoiceItemParams{
		Customer:    stripego.String(d.CustomerID),
		Invoice:     stripego.String(d.StripeInvoiceID),
		Amount:      stripego.Int64(d.AmountCents),
		Currency:    stripego.String(stripeCurrency),
		Description: stripego.String(d.Description),
		Metadata:    metadata(d),
	}
	p.Context = ctx
	p.SetIdempotencyKey(billing.IdempotencyKey(d.EngagementID, "item"))
	got, err := c.api.InvoiceItems.New(p)
	if err != nil {
		return "", wrap("create invoice item", err)
	}
	return got.ID, nil
}

// FinalizeInvoice finalizes the draft and turns automatic collection on,
// so that Stripe emails it and chases it. Finalizing an invoice that is no
// longer a draft fails; that happens when an earlier attempt succeeded but
// its answer was lost and the idempotency key has expired, and then the
// invoice as it stands is the answer.
func (c *Client) FinalizeInvoice(ctx context.Context, d billing.Draft) (billing.StripeInvoice, error) {
	p := &stripego.InvoiceFinalizeInvoiceParams{AutoAdvance: stripego.Bool(true)}
	p.Context = ctx
	p.SetIdempotencyKey(billing.IdempotencyKey(d.EngagementID, "finalize"))
	got, err := c.api.Invoices.FinalizeInvoice(d.StripeInvoiceID, p)
	var se *stripego.Error
	if errors.As(err, &se) && se.HTTPStatusCode == http.StatusBadRequest {
		gp := &stripego.InvoiceParams{}
		gp.Context = ctx
		if cur, gerr := c.api.Invoices.Get(d.StripeInvoiceID, gp); gerr == nil && cur.Status != stripego.InvoiceStatusDraft {
			return stateOf(cur), nil
		}
	}
	if err != nil {
		return billing.StripeInvoice{}, wrap("finalize invoice", err)
	}
	return stateOf(got), nil
}

// Ping reports whether Stripe answers and takes the key, for /readyz. It
// lists one customer: a restricted key that can bill can do that. The
// answer is kept for half a minute, so that a load balancer's probes do
// not become Stripe traffic.
func (c *Client) Ping(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if time.Since(c.checkedAt) < 30*time.Second {
		return c.checkErr
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	p := &stripego.CustomerListParams{}
	p.Context = ctx
	p.Limit = stripego.Int64(1)
	p.Single = true
	it := c.api.Customers.List(p)
	it.Next() // makes the one call; its error, if any, is it.Err()
	c.checkedAt, c.checkErr = time.Now(), wrap("ping", it.Err())
	return c.checkErr
}

func metadata(d billing.Draft) map[string]string {
	return map[string]string{MetaInvoiceID: d.InvoiceID, MetaEngagementID: d.EngagementID, MetaVendorID: d.VendorID}
}

// stateOf reads what billing keeps of a Stripe invoice.
func stateOf(in *stripego.Invoice) billing.StripeInvoice {
	s := billing.StripeInvoice{
		ID: in.ID, Status: billing.Status(in.Status), Number: in.Number, HostedURL: in.HostedInvoiceURL,
		DueAt: unix(in.DueDate), CallmatchInvoiceID: in.Metadata[MetaInvoiceID],
		EngagementID: in.Metadata[MetaEngagementID],
	}
	if in.Customer != nil {
		s.CustomerID = in.Customer.ID
	}
	if st := in.StatusTransitions; st != nil {
		s.FinalizedAt, s.PaidAt = unix(st.FinalizedAt), unix(st.PaidAt)
		s.VoidedAt, s.UncollectibleAt = unix(st.VoidedAt), unix(st.MarkedUncollectibleAt)
	}
	return s
}

func unix(sec int64) *time.Time {
	if sec <= 0 {
		return nil
	}
	t := time.Unix(sec, 0).UTC()
	return &t
}

// wrap turns a failed call into an error for the outbox's last_error and
// the log. A refusal by Stripe keeps its message and request id; a call
// that never got an answer says Stripe is unavailable. The secret key is
// in neither.
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	metrics.StripeError() // every failed call passes here
	var se *stripego.Error
	if errors.As(err, &se) {
		return fmt.Errorf("stripe: %s: %d %s %s (request %s)", op, se.HTTPStatusCode, se.Type, se.Msg, se.RequestID)
	}
	return &callmatch.Error{Code: callmatch.EUNAVAILABLE, Message: "Stripe did not answer: " + op + ": " + err.Error()}
}
