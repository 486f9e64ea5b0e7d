package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"time"

	"callmatch/account"
	"callmatch/api"
	"callmatch/billing"
	"callmatch/frontend"
	"callmatch/intake"
	"callmatch/migrations"
	"callmatch/postgres"
)

// app is the assembled product: stores, services and the HTTP handler, as
// both `serve` and `dev` run it.
type app struct {
	cfg      config
	log      *slog.Logger
	db       *postgres.DB
	vendors  *postgres.VendorStore
	accounts *postgres.AccountStore
	auth     *account.Authenticator
	catalog  *postgres.CatalogWatcher
	search   *search
	intakes  *intake.Service
	billing  *billing.Service
	bill     *billing.Job // nil without a Stripe key
	api      *api.Server
}

func newLogger(cfg config, w *os.File) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: cfg.logLevel()}))
}

// openDB connects and refuses a database whose schema is behind the binary:
// running new code on an old schema fails in confusing ways later.
func openDB(ctx context.Context, cfg config, log *slog.Logger) (*postgres.DB, error) {
	if cfg.DatabaseURL == "" {
		return nil, usagef("DATABASE_URL is not set; point it at PostgreSQL (or use `callmatch dev`)")
	}
	db, err := postgres.Open(ctx, cfg.DatabaseURL, log)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	current, latest, err := migrations.Pending(ctx, db.SQL())
	if err != nil {
		db.Close()
		return nil, err
	}
	if current < latest {
		db.Close()
		return nil, fmt.Errorf("database schema is at version %d but this binary needs %d: run `callmatch migrate up` first", current, latest)
	}
	return db, nil
}

func newApp(ctx context.Context, cfg config, log *slog.Logger) (*app, error) {
	db, err := openDB(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	a := &app{cfg: cfg, log: log, db: db}
	key, err := postgres.ParseDataKey(cfg.DataKey)
	if err != nil {
		db.Close()
		return nil, usagef("CALLMATCH_DATA_KEY: %v (campaign contact data is encrypted with it; generate one with `head -c32 /dev/urandom | base64`)", err)
	}
	intakeStore, err := postgres.NewIntakeStore(db, key)
	if err != nil {
		db.Close()
		return nil, err
	}
	limiter := postgres.NewLimiter(db)
	a.vendors = postgres.NewVendorStore(db)
	a.accounts = postgres.NewAccountStore(db)
	a.auth = account.NewAuthenticator(a.accounts, limiter)
	a.catalog = postgres.NewCatalogWatcher(a.vendors, cfg.DatabaseURL, log)
	a.intakes = intake.NewService(intakeStore, a.catalog.Current)
	if a.search, err = newSearch(cfg, db, a.vendors, log); err != nil {
		db.Close()
		return nil, err
	}
	var billingReady []api.ReadyCheck
	if a.billing, a.bill, billingReady, err = newBilling(cfg, db, log); err != nil {
		db.Close()
		return nil, err
	}
	a.api = api.New(api.Config{
		Logger:          log,
		Vendors:         a.vendors,
		Catalog:         a.catalog,
		Search:          a.search.searcher(),
		Auth:            a.auth,
		Intakes:         a.intakes,
		Billing:         a.billing,
		Limiter:         limiter,
		IntakeRateLimit: cfg.IntakeRateLimit,
		SecureCookies:   strings.HasPrefix(cfg.PublicURL, "https://"),
		Ready: append([]api.ReadyCheck{
			{Name: "postgres", Critical: true, Check: db.Ping},
		}, append(a.search.readyChecks(), billingReady...)...),
	})
	// The web pages share the API's engine and middleware (CSP, CSRF check,
	// session); they are added after api.New so that API tests, which build
	// api.New alone, see only API routes.
	if err := frontend.Register(a.api.Engine(), frontend.Deps{
		Logger: log, Vendors: a.vendors, Catalog: a.catalog, Search: a.search.searcher(), Intakes: a.intakes, Auth: a.auth, Cookies: a.api,
		Limiter: limiter, IntakeRateLimit: cfg.IntakeRateLimit, Invoices: frontend.BillingInvoices(a.billing),
		PublicURL: cfg.PublicURL,
	}); err != nil {
		db.Close()
		return nil, err
	}
	return a, nil
}

func (a *app) close() {
	if a.search != nil {
		a.search.index.Close()
	}
	a.db.Close()
}

// serve runs the HTTP server until ctx is cancelled, then drains requests.
func (a *app) serve(ctx context.Context, addr string) error {
	srv := &http.Server{
		Addr:              addr,
		Handler:           a.api,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	go a.housekeeping(ctx)
	// A vendor write's outbox row is relayed as soon as it commits, not at
	// the relay's next poll (BENCHMARKS.md, Search: p95 lag 1.0 s against
	// 2.2 s).
	a.catalog.OnChange(a.search.relay.Wake)
	go a.catalog.Run(ctx)
	go a.search.run(ctx)
	if a.bill != nil {
		go a.bill.Run(ctx)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	a.log.Info("listening", slog.String("addr", addr))
	select {
	case err := <-errc:
		return fmt.Errorf("listen on %s: %w", addr, err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Retention of bookkeeping rows that only help investigate: delivered
// outbox rows, and Stripe event ids kept to recognise redeliveries.
const (
	outboxRetention      = 7 * 24 * time.Hour
	stripeEventRetention = 90 * 24 * time.Hour
)

// housekeeping purges expired sessions, tokens and rate-limit windows,
// replay tokens, and old outbox rows and Stripe event records. Every
// statement is an idempotent DELETE, so instances may run it side by side.
func (a *app) housekeeping(ctx context.Context) {
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		if err := a.auth.PurgeExpired(ctx); err != nil && ctx.Err() == nil {
			a.log.Warn("purge expired sessions", slog.String("error", err.Error()))
		}
		if _, err := a.intakes.PurgeReplayTokens(ctx); err != nil && ctx.Err() == nil {
			a.log.Warn("purge intake replay tokens", slog.String("error", err.Error()))
		}
		if _, err := a.db.PruneOutbox(ctx, outboxRetention); err != nil && ctx.Err() == nil {
			a.log.Warn("prune outbox", slog.String("error", err.Error()))
		}
		if _, err := a.db.PruneStripeEvents(ctx, stripeEventRetention); err != nil && ctx.Err() == nil {
			a.log.Warn("prune stripe events", slog.String("error", err.Error()))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
