package frontend_test

import (
	"context"
	"testing"

	"callmatch/billing"
	"callmatch/demo/seed"
	"callmatch/frontend"
	"callmatch/postgres"
)

// newDemoFixture is the app on the demo `callmatch dev` seeds (seed.Demo:
// the demo catalog, users, and campaigns in every status with shortlists,
// engagements and invoices), with a certification awaiting verification.
// It returns the seed's report and the email of a portal user whose
// vendor has invoices.
func newDemoFixture(t *testing.T, search bool) (*fixture, *seed.Report, string) {
	t.Helper()
	// The portal lists invoices through billing, as the app wires it; the
	// store needs the fixture's database, which exists only once built.
	var invoices frontend.InvoiceLister
	f := newFixture(t, options{search: search, demo: true,
		invoices: func(ctx context.Context, vendorID string) ([]frontend.Invoice, error) { return invoices(ctx, vendorID) }})
	invoices = frontend.BillingInvoices(billing.NewService(postgres.NewBillingStore(f.db), nil, nil, nil))
	rep, err := seed.Demo(f.ctx, seed.Config{DB: f.db, Intakes: f.intakes, Quotes: f.quotes, Password: password})
	if err != nil {
		t.Fatal(err)
	}
	portal, err := seed.PortalEmail(f.ctx, f.db)
	if err != nil || portal == "" || rep.StatusPath() == "" {
		t.Fatalf("the demo has no portal with invoices (%q, %v) or no private link (%q)", portal, err, rep.StatusPath())
	}
	f.demoEvidence()
	return f, rep, portal
}
