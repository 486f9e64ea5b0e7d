package seed_test

import (
	"context"
	"crypto/rand"
	"testing"
	"time"

	"callmatch"
	"callmatch/billing"
	"callmatch/catalog"
	"callmatch/demo"
	"callmatch/demo/seed"
	"callmatch/devstack/pgtest"
	"callmatch/intake"
	"callmatch/postgres"
	"callmatch/quote"
)

// TestMain runs with the real password hash: the seed hashes once a run.
func TestMain(m *testing.M) { pgtest.Main(m) }

// today is the demo's "now": December 2026, the 2027 programs ahead.
var today = time.Date(2026, 12, 7, 15, 0, 0, 0, time.UTC)

// newApp is the part of the app the seed writes through, on a fresh
// database, with the clock stopped at today.
func newApp(t *testing.T, now time.Time) (*postgres.DB, *intake.Service, *quote.Service) {
	t.Helper()
	url := pgtest.NewDB(t)
	db, err := postgres.Open(t.Context(), url, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	key := make([]byte, postgres.DataKeySize)
	rand.Read(key)
	store, err := postgres.NewIntakeStore(db, key)
	if err != nil {
		t.Fatal(err)
	}
	store.Now = func() time.Time { return now }
	watcher := postgres.NewCatalogWatcher(postgres.NewVendorStore(db), url, nil)
	svc := intake.NewService(store, watcher.Current)
	svc.Now = store.Now
	svc.Delivery = store // the delivered programs report through it
	quotes := quote.NewService(postgres.NewQuoteStore(store), svc)
	quotes.Now = store.Now
	return db, svc, quotes
}

// TestDemoSeed seeds a fresh database and checks that each of the three
// users finds the product at work: every intake status in the advisor's
// queue, a shared shortlist behind the campaign's private link, and
// invoices in the vendor portal, in more than one state. Seeding again
// changes no count.
func TestDemoSeed(t *testing.T) {
	db, svc, quotes := newApp(t, today)
	ctx := callmatch.WithActor(t.Context(), seed.Actor)
	rep, err := seed.Demo(ctx, seed.Config{DB: db, Intakes: svc, Quotes: quotes, Password: "demo-pw"})
	if err != nil {
		t.Fatal(err)
	}
	first := count(t, ctx, db, svc)
	t.Logf("seeded: %v", first)
	for _, s := range intake.Statuses {
		if first["intakes "+s] == 0 {
			t.Errorf("no demo intake is %s", s)
		}
	}
	for _, c := range rep.Campaigns {
		if c.Status != c.Plan.Status {
			t.Errorf("%s ended %s, want %s", c.Plan.Key, c.Status, c.Plan.Status)
		}
	}

	// The campaign's private link shows its shared shortlist, with the
	// advisor's drop applied.
	featured := rep.Featured()
	if featured == nil || featured.Token == "" || rep.StatusPath() == "" {
		t.Fatalf("no featured campaign with a private link: %+v", featured)
	}
	view, err := svc.CampaignView(context.Background(), featured.IntakeID, featured.Token)
	if err != nil {
		t.Fatal(err)
	}
	if view.Shortlist == nil || len(view.Shortlist.Vendors) < 3 {
		t.Fatalf("the featured campaign's status page shows no shortlist: %+v", view.Shortlist)
	}

	if first["engagements"] < 3 || first["events"] < 3 || first["shared shortlists"] < 3 {
		t.Errorf("too little happened: %v", first)
	}
	for _, s := range []billing.Status{billing.StatusOpen, billing.StatusPaid} {
		if first["invoices "+string(s)] == 0 {
			t.Errorf("no demo invoice is %s: %v", s, first)
		}
	}
	if first["invoices payment failed"] == 0 {
		t.Errorf("no demo invoice shows a failed payment: %v", first)
	}
	if first["invoices"] != first["engagements"] {
		t.Errorf("%d invoices for %d engagements", first["invoices"], first["engagements"])
	}
	// One vendor's portal shows invoices in more than one state.
	best := 0
	for _, c := range rep.Campaigns {
		for _, inv := range c.Invoices {
			list, _, err := postgres.NewBillingStore(db).FindInvoices(ctx, billing.InvoiceFilter{VendorID: inv.VendorID})
			if err != nil {
				t.Fatal(err)
			}
			states := map[string]bool{}
			for _, in := range list {
				states[string(in.Status)+map[bool]string{true: " failing"}[in.PaymentFailed]] = true
			}
			best = max(best, len(states))
		}
	}
	if best < 2 {
		t.Error("no vendor's portal shows invoices in two states")
	}
	if users, campaigns, err := seed.Seeded(ctx, db); err != nil || !users || !campaigns {
		t.Errorf("Seeded after seeding: %v, %v, %v", users, campaigns, err)
	}

	quotesFirst := quoteStates(t, ctx, quotes)
	for _, st := range []string{quote.StatusInvited, quote.StatusQuoted, quote.StatusDeclined, quote.StatusExpired, "released"} {
		if quotesFirst[st] == 0 {
			t.Errorf("no demo invitation to quote is %s: %v", st, quotesFirst)
		}
	}
	again, err := seed.Demo(ctx, seed.Config{DB: db, Intakes: svc, Quotes: quotes, Password: "demo-pw"})
	if err != nil {
		t.Fatalf("second run: %v", err)
	}
	if second := quoteStates(t, ctx, quotes); !equal(quotesFirst, second) {
		t.Errorf("seeding twice changed the quotes:\nfirst  %v\nsecond %v", quotesFirst, second)
	}
	if second := count(t, ctx, db, svc); !equal(first, second) {
		t.Errorf("seeding twice changed the counts:\nfirst  %v\nsecond %v", first, second)
	}
	if again.VendorsCreated != 0 {
		t.Errorf("second run created %d vendors", again.VendorsCreated)
	}
	for i, c := range again.Campaigns {
		if c.IntakeID != rep.Campaigns[i].IntakeID {
			t.Errorf("%s: second run found intake %s, first made %s", c.Plan.Key, c.IntakeID, rep.Campaigns[i].IntakeID)
		}
	}
}

// TestDemoSeedAfterItsSeason: run when its 2027 programs are past, the
// seed plays the campaigns as of demo.PlayedBy and they end as planned.
func TestDemoSeedAfterItsSeason(t *testing.T) {
	db, svc, _ := newApp(t, time.Date(2029, 2, 1, 9, 0, 0, 0, time.UTC))
	rep, err := seed.Demo(t.Context(), seed.Config{DB: db, Intakes: svc, Password: "demo-pw", Vendors: 320})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range rep.Campaigns {
		if c.Status != c.Plan.Status {
			t.Errorf("%s ended %s, want %s", c.Plan.Key, c.Status, c.Plan.Status)
		}
	}
	sls, err := svc.Shortlists(callmatch.WithActor(t.Context(), seed.Actor), rep.Featured().IntakeID)
	if err != nil || len(sls) == 0 || sls[0].AsOf != demo.PlayedBy {
		t.Fatalf("featured shortlists %v, %v; want one as of %s", sls, err, demo.PlayedBy)
	}
}

// TestDemoSeedCatalogOnly: without an intake service the seed loads the
// catalog and users, and Seeded says the campaigns are missing, so that
// `callmatch dev` adds them on its next start.
func TestDemoSeedCatalogOnly(t *testing.T) {
	db, _, _ := newApp(t, today)
	ctx := t.Context()
	if users, _, err := seed.Seeded(ctx, db); err != nil || users {
		t.Fatalf("Seeded on an empty database: %v, %v", users, err)
	}
	rep, err := seed.Demo(ctx, seed.Config{DB: db, Password: "demo-pw", Vendors: 40})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Vendors != 40 || rep.Users != 42 || len(rep.Campaigns) != 0 {
		t.Errorf("catalog-only seed: %d vendors, %d users, %d campaigns", rep.Vendors, rep.Users, len(rep.Campaigns))
	}
	if users, campaigns, err := seed.Seeded(ctx, db); err != nil || !users || campaigns {
		t.Errorf("Seeded after a catalog-only seed: %v, %v, %v", users, campaigns, err)
	}
}

// count is what the three users would see, counted.
func count(t *testing.T, ctx context.Context, db *postgres.DB, svc *intake.Service) map[string]int {
	t.Helper()
	out := map[string]int{}
	all, total, err := svc.List(ctx, intake.Filter{PerPage: 200})
	if err != nil {
		t.Fatal(err)
	}
	out["intakes"] = total
	for _, in := range all {
		out["intakes "+in.Status]++
		sls, err := svc.Shortlists(ctx, in.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, sl := range sls {
			out["shortlists"]++
			out["events"] += len(sl.Events)
			if sl.SharedAt != nil {
				out["shared shortlists"]++
			}
		}
		engs, err := svc.Engagements(ctx, in.ID)
		if err != nil {
			t.Fatal(err)
		}
		out["engagements"] += len(engs)
	}
	invoices, total, err := postgres.NewBillingStore(db).FindInvoices(ctx, billing.InvoiceFilter{PerPage: 200})
	if err != nil {
		t.Fatal(err)
	}
	out["invoices"] = total
	for _, inv := range invoices {
		out["invoices "+string(inv.Status)]++
		if inv.PaymentFailed {
			out["invoices payment failed"]++
		}
	}
	_, out["vendors"], err = postgres.NewVendorStore(db).FindVendors(ctx, catalog.VendorFilter{PerPage: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := postgres.NewAccountStore(db).FindUserByEmail(ctx, demo.AdvisorEmail); err != nil {
		t.Fatalf("demo advisor: %v", err)
	}
	return out
}

func equal(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// quoteStates counts the demo's invitations to quote by state as of the
// service's clock, its released quotes and the quote versions stored.
func quoteStates(t *testing.T, ctx context.Context, quotes *quote.Service) map[string]int {
	t.Helper()
	invs, err := quotes.Invitations(ctx, quote.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, inv := range invs {
		out[inv.State(quotes.Now())]++
		if q := inv.Quote; q != nil {
			out["versions"] += q.Version
			if q.ReleasedAt != nil {
				out["released"]++
			}
		}
	}
	return out
}
