package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"callmatch/catalog"
	"callmatch/demo/seed"
	"callmatch/intake"
	"callmatch/postgres"
	"callmatch/quote"
)

// demoVendorCount is the size of the demo catalog.
const demoVendorCount = seed.DefaultVendors

func cmdSeed(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	fs.SetOutput(stderr)
	withDemo := fs.Bool("demo", false, "load the demo catalog, demo users and demo campaigns")
	if err := fs.Parse(args); err != nil {
		return usagef("seed: %v", err)
	}
	if !*withDemo {
		return usagef("seed: say --demo to load the demo catalog, demo users and demo campaigns")
	}
	cfg, err := loadConfig()
	if err != nil {
		return err
	}
	log := newLogger(cfg, os.Stderr)
	db, err := openDB(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer db.Close()
	sc := seed.Config{DB: db, Password: cfg.DemoPassword}
	if cfg.DataKey == "" {
		fmt.Fprintln(stderr, "CALLMATCH_DATA_KEY is not set: loading the demo catalog and users only. "+
			"Set it to load the demo campaigns too (their contact details are sealed with it).")
	} else if sc.Intakes, sc.Quotes, err = demoServices(db, cfg, log); err != nil {
		return err
	}
	link, err := loadDemo(ctx, sc, cfg.PublicURL, stdout)
	if link != "" {
		fmt.Fprintf(stdout, "demo campaign status page (private link; keep it): %s\n", link)
	}
	return err
}

// demoServices are the intake and quote services as the app builds them,
// for seeding from the command line.
func demoServices(db *postgres.DB, cfg config, log *slog.Logger) (*intake.Service, *quote.Service, error) {
	key, err := postgres.ParseDataKey(cfg.DataKey)
	if err != nil {
		return nil, nil, usagef("CALLMATCH_DATA_KEY: %v", err)
	}
	store, err := postgres.NewIntakeStore(db, key)
	if err != nil {
		return nil, nil, err
	}
	watcher := postgres.NewCatalogWatcher(postgres.NewVendorStore(db), cfg.DatabaseURL, log)
	intakes := intake.NewService(store, watcher.Current)
	return intakes, quote.NewService(postgres.NewQuoteStore(store), intakes), nil
}

// seedDemo loads the demo catalog of n vendors (0: the demo's own size)
// and its users, without campaigns, as load tests want. Running it again
// changes nothing: vendors are upserted by slug and users by email.
func seedDemo(ctx context.Context, db *postgres.DB, password string, n int, out io.Writer) error {
	_, err := loadDemo(ctx, seed.Config{DB: db, Password: password, Vendors: n}, "", out)
	return err
}

// seedDevDemo seeds the demo for `callmatch dev` unless an earlier start
// did, or grows the catalog to n vendors. It returns the demo campaign's
// status page (base + path) when this start seeded it (the private link
// token is known only then) and the login of the vendor whose portal
// shows invoices.
func seedDevDemo(ctx context.Context, db *postgres.DB, vendors *postgres.VendorStore, intakes *intake.Service,
	quotes *quote.Service, password string, n int, base string, out io.Writer) (statusURL, portal string, err error) {
	users, campaigns, err := seed.Seeded(ctx, db)
	if err != nil {
		return "", "", err
	}
	grow, err := demoShort(ctx, vendors, n)
	if err != nil {
		return "", "", err
	}
	if !users || !campaigns || grow {
		statusURL, err = loadDemo(ctx, seed.Config{DB: db, Intakes: intakes, Quotes: quotes, Password: password, Vendors: n}, base, out)
		if err != nil {
			return "", "", err
		}
	}
	portal, err = seed.PortalEmail(ctx, db)
	return statusURL, portal, err
}

// loadDemo seeds and says what it found or made. It returns the featured
// campaign's status page (base + path; "" when the token is not known) for
// the caller to show once.
func loadDemo(ctx context.Context, cfg seed.Config, base string, out io.Writer) (string, error) {
	rep, err := seed.Demo(ctx, cfg)
	if err != nil {
		return "", err
	}
	fmt.Fprintf(out, "demo data: %d vendors (%d new, %d updated), %d users\n",
		rep.Vendors, rep.VendorsCreated, rep.VendorsUpdated, rep.Users)
	if len(rep.Campaigns) == 0 {
		return "", nil
	}
	byStatus := map[string]int{}
	var shortlists, engagements, invoices int
	for _, c := range rep.Campaigns {
		byStatus[c.Status]++
		shortlists += c.Shortlists
		engagements += len(c.Engaged)
		invoices += len(c.Invoices)
	}
	var statuses []string
	for _, s := range intake.Statuses {
		if byStatus[s] > 0 {
			statuses = append(statuses, fmt.Sprintf("%d %s", byStatus[s], s))
		}
	}
	fmt.Fprintf(out, "demo campaigns: %d intakes (%s), %d shortlists, %d engagements, %d invoices\n",
		len(rep.Campaigns), strings.Join(statuses, ", "), shortlists, engagements, invoices)
	if path := rep.StatusPath(); path != "" {
		return strings.TrimSuffix(base, "/") + path, nil
	}
	return "", nil
}

// demoSeeded reports whether a demo seed ran to its end, so `dev` seeds
// once.
func demoSeeded(ctx context.Context, db *postgres.DB) (bool, error) {
	users, _, err := seed.Seeded(ctx, db)
	return users, err
}

// demoShort reports whether the catalog holds fewer than n vendors, so that
// `dev --demo-vendors n` grows it once rather than on every start.
func demoShort(ctx context.Context, vendors *postgres.VendorStore, n int) (bool, error) {
	if n <= 0 {
		return false, nil
	}
	_, total, err := vendors.FindVendors(ctx, catalog.VendorFilter{PerPage: 1})
	if err != nil {
		return false, err
	}
	return total < n, nil
}
