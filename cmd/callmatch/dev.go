package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"callmatch/app"
	"callmatch/demo/seed"
	"callmatch/devstack"
	"callmatch/metrics"
	"callmatch/migrations"
	"callmatch/postgres"
)

const devDatabase = "callmatch"

// devMailFrom is the sender of the mail `callmatch dev` sends to Mailpit.
const devMailFrom = "Callmatch <no-reply@callmatch.test>"

func cmdDev(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("dev", flag.ContinueOnError)
	flags.SetOutput(stderr)
	addr := flags.String("addr", "127.0.0.1:8080", "address to serve on")
	dataDir := flags.String("data-dir", ".data", "directory for the services' data and logs")
	demoVendors := flags.Int("demo-vendors", 0, "grow the demo catalog to this many vendors (load tests use 10000)")
	if err := flags.Parse(args); err != nil {
		return usagef("dev: %v", err)
	}
	cfg, err := loadConfig()
	if err != nil {
		return err
	}
	log := newLogger(cfg, os.Stderr)
	dir, err := filepath.Abs(*dataDir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("data dir: %w", err)
	}

	// A services.json left by an earlier run names services that are gone.
	if err := removeServices(dir); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "starting PostgreSQL, Meilisearch, stripe-mock and Mailpit under %s …\n", dir)
	stack, err := devstack.Start(ctx, devstack.Options{
		Dir: dir, Postgres: true, Meili: true, StripeMock: true, Mailpit: true, Database: devDatabase, Logger: log,
	})
	if err != nil {
		return err
	}
	defer func() {
		fmt.Fprintln(stdout, "stopping services …")
		if err := stack.Stop(); err != nil {
			log.Error("stop services", slog.String("error", err.Error()))
		}
	}()

	if cfg, err = devConfig(cfg, *addr, dir, stack); err != nil {
		return err
	}

	sqlDB, err := migrations.Open(cfg.DatabaseURL)
	if err != nil {
		return err
	}
	err = migrations.Up(ctx, sqlDB)
	sqlDB.Close()
	if err != nil {
		return err
	}

	a, err := app.New(ctx, cfg.app(log))
	if err != nil {
		return err
	}
	defer a.Close()
	sc := seed.Config{DB: a.DB, Intakes: a.Intakes, Quotes: a.Quotes, Applications: a.Applications, People: a.People, Password: cfg.DemoPassword}
	statusURL, portal, err := seedDevDemo(ctx, sc, a.Vendors, *demoVendors, cfg.PublicURL, stdout)
	if err != nil {
		return err
	}
	l, err := listen(cfg.Addr)
	if err != nil {
		return err
	}
	// The metrics listener: CALLMATCH_METRICS_ADDR if set, else a free
	// loopback port, named in services.json.
	ml, err := metrics.Listen(cmp.Or(cfg.MetricsAddr, "127.0.0.1:0"))
	if err != nil {
		l.Close()
		return usagef("dev: %v", err)
	}
	if err := writeServices(dir, devServices{App: cfg.PublicURL, Postgres: cfg.DatabaseURL,
		Meilisearch: cfg.MeiliURL, StripeMock: cfg.StripeAPIBase, Mailpit: stack.Mailpit.URL(),
		Metrics: "http://" + ml.Addr().String()}); err != nil {
		l.Close()
		ml.Close()
		return err
	}
	defer removeServices(dir)
	log.Info("Mailpit receives the app's mail", slog.String("web", stack.Mailpit.URL()), slog.String("smtp", stack.Mailpit.SMTPAddr()))
	printDevBanner(stdout, *addr, cfg.DemoPassword, statusURL, portal, stack.Mailpit.URL())
	fmt.Fprintf(stdout, "Prometheus metrics: http://%s/metrics\n\n", ml.Addr())
	return serveApp(ctx, a, l, ml)
}

// devConfig points cfg at addr and at the services of stack, and makes up
// the secrets a developer has not set: stripe-mock takes any test key, and
// the data key is kept in the data dir.
func devConfig(cfg config, addr, dir string, stack *devstack.Stack) (config, error) {
	cfg.Addr = addr
	cfg.PublicURL = "http://" + addr
	cfg.DatabaseURL = stack.Postgres.URL(devDatabase)
	cfg.MeiliURL = stack.Meili.URL()
	cfg.MeiliMasterKey = stack.Meili.MasterKey()
	cfg.StripeAPIBase = stack.StripeMock.URL()
	cfg.SMTPURL = stack.Mailpit.SMTPURL()
	if cfg.MailFrom == "" {
		cfg.MailFrom = devMailFrom
	}
	if cfg.StripeSecretKey == "" {
		cfg.StripeSecretKey = "sk_test_123"
	}
	if cfg.StripeWebhook == "" {
		cfg.StripeWebhook = "whsec_dev"
	}
	if cfg.DataKey == "" {
		var err error
		if cfg.DataKey, err = devDataKey(dir); err != nil {
			return cfg, err
		}
	}
	return cfg, nil
}

// devDataKey reads the data directory's contact-encryption key, creating a
// random one on first use. Losing it makes stored contact data unreadable,
// which is the point in production and harmless in development.
func devDataKey(dir string) (string, error) {
	path := filepath.Join(dir, "data.key")
	b, err := os.ReadFile(path)
	if err == nil {
		return strings.TrimSpace(string(b)), nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	s := postgres.NewDataKey()
	if err := os.WriteFile(path, []byte(s+"\n"), 0o600); err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	return s, nil
}

// printDevBanner says where everything is. statusURL is the demo
// campaign's private link, known only on the start that seeded it;
// portal is the demo vendor whose portal shows invoices.
func printDevBanner(w io.Writer, addr, password, statusURL, portal, mailpit string) {
	fmt.Fprintf(w, `
Callmatch is running on http://%s  (Ctrl-C stops it and its services)
Mail it sends arrives in Mailpit: %s

Demo logins, password %q:
  admin@demo.callmatch.test
  advisor@demo.callmatch.test
  <vendor-slug>@vendors.demo.callmatch.test  (one per demo vendor)
`, addr, mailpit, password)
	if portal != "" {
		fmt.Fprintf(w, "  %s  (its portal shows invoices)\n", portal)
	}
	if statusURL != "" {
		fmt.Fprintf(w, "\nA demo campaign's status page (its private link, shown once; keep it):\n  %s\n", statusURL)
	}
	fmt.Fprintln(w)
}
