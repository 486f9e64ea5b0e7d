package main

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"strings"
	"testing"

	"callmatch/postgres"
)

// TestSeedDemoCampaignsTwice: with a data key, `seed --demo` also plays
// the demo campaigns, and a second run finds them all and adds nothing.
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
		if !strings.Contains(out, "demo campaigns: 9 intakes (1 submitted, 1 in_review, 1 shortlisted, 1 shared, 2 engaged, 2 closed, 1 withdrawn), 8 shortlists, 5 engagements, 5 invoices") {
			t.Errorf("run %d:\n%s", i+1, out)
		}
	}
	if !strings.Contains(outs[0], "status page (private link; keep it): https://callmatch.example.org/status/") {
		t.Errorf("the first run does not give the demo campaign's private link:\n%s", outs[0])
	}
	if !strings.Contains(outs[1], "(0 new, 0 updated)") {
		t.Errorf("the second run made vendors:\n%s", outs[1])
	}
	if n := vendorCount(t, db); n != demoVendorCount {
		t.Errorf("%d vendors, want %d", n, demoVendorCount)
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
	if strings.Contains(out, "demo campaigns") || !strings.Contains(errOut, "CALLMATCH_DATA_KEY is not set") {
		t.Errorf("stdout:\n%s\nstderr:\n%s", out, errOut)
	}
}

// TestSeedDevDemoOnce: `dev` seeds on its first start, printing the demo
// campaign's private link, and skips seeding on the next; both starts name
// the vendor whose portal shows invoices.
func TestSeedDevDemoOnce(t *testing.T) {
	db := useDatabase(t)
	ctx := context.Background()
	cfg := config{DatabaseURL: os.Getenv("DATABASE_URL"), DataKey: postgres.NewDataKey()}
	intakes, quotes, err := demoServices(db, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	vendors := postgres.NewVendorStore(db)
	var first, second bytes.Buffer
	link, portal, err := seedDevDemo(ctx, db, vendors, intakes, quotes, "pw", 0, "http://127.0.0.1:8080", &first)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(link, "http://127.0.0.1:8080/status/") || !strings.Contains(link, "?token=") ||
		!strings.HasSuffix(portal, "@vendors.demo.callmatch.test") {
		t.Errorf("first start: link %q, portal %q\n%s", link, portal, first.String())
	}
	link2, portal2, err := seedDevDemo(ctx, db, vendors, intakes, quotes, "pw", 0, "http://127.0.0.1:8080", &second)
	if err != nil {
		t.Fatal(err)
	}
	if second.Len() != 0 || link2 != "" || portal2 != portal {
		t.Errorf("second start seeded again or lost the portal: link %q, portal %q\n%s", link2, portal2, second.String())
	}
}
