package main

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"strings"
	"testing"

	"callmatch/demo/seed"
	"callmatch/postgres"
)

// TestSeedDemoCampaignsTwice: with a data key, `seed --demo` also plays
// the demo campaigns and seeds the desk's onboarding, and a second run
// finds them all and adds nothing.
func TestSeedDemoCampaignsTwice(t *testing.T) {
	db := useDatabase(t)
	t.Setenv("CALLMATCH_DATA_KEY", postgres.NewDataKey())
	t.Setenv("CALLMATCH_PUBLIC_URL", "https://callmatch.example.org")
	var outs []string
	for i := range 2 {
		out, _, err := runCmd(t, "seed", "--demo")
		if err != nil {
			t.Fatalf("seed run %d: %v", i+1, err)
		}
		outs = append(outs, out)
	}
	for i, out := range outs {
		if !strings.Contains(out, "demo campaigns: 19 intakes (2 submitted, 2 in_review, 2 shortlisted, 3 shared, 4 engaged, 5 closed, 1 withdrawn), 16 shortlists, 10 engagements, 10 invoices") {
			t.Errorf("run %d:\n%s", i+1, out)
		}
		if !strings.Contains(out, "demo onboarding: vendor applications (2 pending, 1 approved, 1 rejected), 3 open invitations") {
			t.Errorf("run %d: no onboarding\n%s", i+1, out)
		}
	}
	if !strings.Contains(outs[0], "status page (private link; keep it): https://callmatch.example.org/status/") {
		t.Errorf("the first run does not give the demo campaign's private link:\n%s", outs[0])
	}
	if !strings.Contains(outs[1], "(0 new, 0 updated)") {
		t.Errorf("the second run made vendors:\n%s", outs[1])
	}
	// The demo catalog and the approved application's draft vendor.
	if n := vendorCount(t, db); n != demoVendorCount+1 {
		t.Errorf("%d vendors, want %d", n, demoVendorCount+1)
	}
}

// TestSeedDemoWithoutDataKey: without CALLMATCH_DATA_KEY there is nothing
// to seal campaign contacts with, so the seed says so and loads the
// catalog and users only.
func TestSeedDemoWithoutDataKey(t *testing.T) {
	useDatabase(t)
	t.Setenv("CALLMATCH_DATA_KEY", "")
	out, errOut, err := runCmd(t, "seed", "--demo")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "demo campaigns") || strings.Contains(out, "demo onboarding") || !strings.Contains(errOut, "CALLMATCH_DATA_KEY is not set") {
		t.Errorf("stdout:\n%s\nstderr:\n%s", out, errOut)
	}
}

// devSeedServices are the services `dev` seeds through, on a fresh
// database, and its vendor store.
func devSeedServices(t *testing.T) (seed.Config, *postgres.VendorStore) {
	t.Helper()
	db := useDatabase(t)
	cfg := config{DatabaseURL: os.Getenv("DATABASE_URL"), DataKey: postgres.NewDataKey()}
	sc, err := demoServices(db, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	return sc, postgres.NewVendorStore(db)
}

// TestSeedDevDemoOnce: `dev` seeds on its first start, printing the demo
// campaign's private link, and skips seeding on the next; both starts name
// the vendor whose portal shows invoices.
func TestSeedDevDemoOnce(t *testing.T) {
	ctx := context.Background()
	sc, vendors := devSeedServices(t)
	var first, second bytes.Buffer
	link, portal, err := seedDevDemo(ctx, sc, vendors, 0, "http://127.0.0.1:8080", &first)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(link, "http://127.0.0.1:8080/status/") || !strings.Contains(link, "?token=") ||
		!strings.HasSuffix(portal, "@vendors.demo.callmatch.test") {
		t.Errorf("first start: link %q, portal %q\n%s", link, portal, first.String())
	}
	if !strings.Contains(first.String(), "demo onboarding: vendor applications (2 pending, 1 approved, 1 rejected)") {
		t.Errorf("first start seeded no onboarding:\n%s", first.String())
	}
	link2, portal2, err := seedDevDemo(ctx, sc, vendors, 0, "http://127.0.0.1:8080", &second)
	if err != nil {
		t.Fatal(err)
	}
	if second.Len() != 0 || link2 != "" || portal2 != portal {
		t.Errorf("second start seeded again or lost the portal: link %q, portal %q\n%s", link2, portal2, second.String())
	}
}

// TestSeedDevDemoAddsOnboarding: a demo database seeded before the desk's
// onboarding was (no applications) gets it on the next `dev` start, once.
func TestSeedDevDemoAddsOnboarding(t *testing.T) {
	ctx := context.Background()
	sc, vendors := devSeedServices(t)
	before := sc
	before.Applications, before.People = nil, nil
	var outs [3]bytes.Buffer
	for i, c := range []seed.Config{before, sc, sc} {
		if _, _, err := seedDevDemo(ctx, c, vendors, 0, "http://127.0.0.1:8080", &outs[i]); err != nil {
			t.Fatalf("start %d: %v", i+1, err)
		}
	}
	const onboarding = "demo onboarding: vendor applications (2 pending, 1 approved, 1 rejected), 3 open invitations"
	if strings.Contains(outs[0].String(), "demo onboarding") || !strings.Contains(outs[1].String(), onboarding) || outs[2].Len() != 0 {
		t.Errorf("before onboarding:\n%s\nnext start:\n%s\nthe one after:\n%s", &outs[0], &outs[1], &outs[2])
	}
}
