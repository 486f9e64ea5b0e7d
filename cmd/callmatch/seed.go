package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"callmatch/account"
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
			"Set it to load the demo campaigns and vendor applications too (their contact details are sealed with it).")
	} else if sc, err = demoServices(db, cfg, log); err != nil {
		return err
	}
	link, err := loadDemo(ctx, sc, cfg.PublicURL, stdout)
	if link != "" {
		fmt.Fprintf(stdout, "demo campaign status page (private link; keep it): %s\n", link)
	}
	return err
}

// demoServices is what the demo is seeded through from the command line,
// built as app.New builds it: the intake and quote services, vendor
// applications and people. With SMTP_URL set, the mail they cause is queued as the app
// queues it, for the app's worker to send; without it, as in the app,
// nothing is queued.
func demoServices(db *postgres.DB, cfg config, log *slog.Logger) (seed.Config, error) {
	sc := seed.Config{DB: db, Password: cfg.DemoPassword}
	key, err := postgres.ParseDataKey(cfg.DataKey)
	if err != nil {
		return sc, usagef("CALLMATCH_DATA_KEY: %v", err)
	}
	store, err := postgres.NewIntakeStore(db, key)
	if err != nil {
		return sc, err
	}
	watcher := postgres.NewCatalogWatcher(postgres.NewVendorStore(db), cfg.DatabaseURL, log)
	sc.Intakes = intake.NewService(store, watcher.Current)
	// As app.New wires it: delivered programs and messages go through the
	// intake store, and the demo's split program engages its parts there.
	sc.Intakes.Delivery, sc.Intakes.Inbox = store, store
	sc.Quotes = quote.NewService(postgres.NewQuoteStore(store), sc.Intakes)
	accounts, limiter := postgres.NewAccountStore(db), postgres.NewLimiter(db)
	sc.People = account.NewPeople(accounts, account.NewAuthenticator(accounts, limiter))
	apps, err := postgres.NewApplicationStore(db, key)
	if err != nil {
		return sc, err
	}
	sc.Applications = catalog.NewApplications(apps, sc.People, limiter)
	if cfg.SMTPURL != "" {
		if err := db.EnableMail(key); err != nil {
			return sc, err
		}
	}
	return sc, nil
}

// seedDemo loads the demo catalog of n vendors (0: the demo's own size)
// and its users, without campaigns, as load tests want. Running it again
// changes nothing: vendors are upserted by slug and users by email.
func seedDemo(ctx context.Context, db *postgres.DB, password string, n int, out io.Writer) error {
	_, err := loadDemo(ctx, seed.Config{DB: db, Password: password, Vendors: n}, "", out)
	return err
}

// seedDevDemo seeds the demo through the app's services (sc) for
// `callmatch dev` unless an earlier start did, or grows the catalog to n
// vendors, or adds the desk's onboarding to a demo made before it. It
// returns the demo campaign's status page (base + path) when this start
// seeded it (the private link token is known only then) and the login of
// the vendor whose portal shows invoices.
func seedDevDemo(ctx context.Context, sc seed.Config, vendors *postgres.VendorStore,
	n int, base string, out io.Writer) (statusURL, portal string, err error) {
	users, campaigns, err := seed.Seeded(ctx, sc.DB)
	if err != nil {
		return "", "", err
	}
	grow, err := demoShort(ctx, vendors, n)
	if err != nil {
		return "", "", err
	}
	applied := sc.Applications == nil
	if !applied {
		if applied, err = seed.Applied(ctx, sc.Applications); err != nil {
			return "", "", err
		}
	}
	if !users || !campaigns || grow || !applied {
		sc.Vendors = n
		if statusURL, err = loadDemo(ctx, sc, base, out); err != nil {
			return "", "", err
		}
	}
	portal, err = seed.PortalEmail(ctx, sc.DB)
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
	if rep.Applications != nil {
		var states []string
		for _, s := range []string{catalog.ApplicationPending, catalog.ApplicationApproved, catalog.ApplicationRejected} {
			states = append(states, fmt.Sprintf("%d %s", rep.Applications[s], s))
		}
		fmt.Fprintf(out, "demo onboarding: vendor applications (%s), %d open invitations\n",
			strings.Join(states, ", "), rep.OpenInvitations)
	}
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
