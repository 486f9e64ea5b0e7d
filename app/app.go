// Package app assembles Callmatch: the stores on PostgreSQL, the domain
// services, the in-memory matching catalog, search, billing, and the API's
// engine with the web pages on it. `callmatch serve`, `callmatch dev` and
// the tests that need the whole product build it here and nowhere else, so
// the product under test is the product that runs.
//
// Optional services are never nil: without MEILI_URL search is a searcher
// that answers 503 and a relay with nothing to do; without
// STRIPE_SECRET_KEY billing records engagements and runs no job; without
// SMTP_URL mail is off and causes queue nothing. No caller checks for nil.
package app

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"callmatch/account"
	"callmatch/api"
	"callmatch/billing"
	"callmatch/catalog"
	"callmatch/frontend"
	"callmatch/intake"
	"callmatch/jobs"
	"callmatch/migrations"
	"callmatch/postgres"
	"callmatch/quote"
)

// Config is what the app needs from its environment; cmd/callmatch fills
// it from the variables named beside each field.
type Config struct {
	DatabaseURL string // DATABASE_URL, required
	DataKey     string // CALLMATCH_DATA_KEY, required: base64 of 32 bytes for contact fields
	// PublicURL (CALLMATCH_PUBLIC_URL, required) is the address campaigns
	// reach the site at: their private links are built from it, never from
	// a request's Host header, which the client chooses. https:// makes
	// the session cookie Secure and __Host-.
	PublicURL           string
	MeiliURL            string // MEILI_URL; empty: search answers 503
	MeiliMasterKey      string // MEILI_MASTER_KEY
	StripeSecretKey     string // STRIPE_SECRET_KEY; empty: no invoicing job
	StripeWebhookSecret string // STRIPE_WEBHOOK_SECRET; empty: webhooks refused
	StripeAPIBase       string // STRIPE_API_BASE, e.g. stripe-mock
	SMTPURL             string // SMTP_URL; empty: mail is off, nothing is queued
	MailFrom            string // MAIL_FROM, required with SMTP_URL
	// MailTemplates replaces the product's templates (mail.Templates);
	// tests use it to send kinds of their own.
	MailTemplates fs.FS
	// JobRetryDelay replaces River's backoff between a failed job's
	// attempts with a fixed delay, for tests.
	JobRetryDelay time.Duration
	// IntakeRateLimit is public consultation submissions per minute per
	// client address (CALLMATCH_INTAKE_RATE_LIMIT).
	IntakeRateLimit int
	// The bounds on waiting for PostgreSQL (README, "Timeouts"); zero takes
	// the default. DBStatementTimeout applies to the requests and the
	// background loops alike; import, seed and reindex open their own pool
	// with longer ones (postgres.BatchTimeouts).
	DBConnectTimeout   time.Duration // CALLMATCH_DB_CONNECT_TIMEOUT, default 5 s
	DBStatementTimeout time.Duration // CALLMATCH_DB_STATEMENT_TIMEOUT, default 4 s
	RequestTimeout     time.Duration // CALLMATCH_REQUEST_TIMEOUT, default 5 s

	Logger *slog.Logger     // default: discard
	Now    func() time.Time // the clock of the API and pages; default time.Now
	// Invoices replaces billing's list of a vendor's invoices on the
	// portal; tests use it to show invoices without Stripe.
	Invoices frontend.InvoiceLister
}

// ConfigError is a configuration the operator must fix, naming the
// variable; cmd/callmatch exits with status 2 on it.
type ConfigError struct{ Msg string }

func (e *ConfigError) Error() string { return e.Msg }

func configErrorf(format string, args ...any) error {
	return &ConfigError{Msg: fmt.Sprintf(format, args...)}
}

// App is the assembled product. The exported parts are for the commands
// and the tests that drive the product from inside.
type App struct {
	DB       *postgres.DB
	Vendors  *postgres.VendorStore
	Accounts *postgres.AccountStore
	Auth     *account.Authenticator
	People   *account.People
	// Applications are vendor applications ("List your call center").
	Applications *catalog.Applications
	Catalog      *postgres.CatalogWatcher
	Intakes      *intake.Service
	// Quotes are invitations to quote, quotes and their release (issue 15).
	Quotes  *quote.Service
	Billing *billing.Service
	// API is the HTTP handler: the API's engine with the pages registered.
	API *api.Server

	log    *slog.Logger
	search search
	// delivery is the intake store as the delivery periodic tasks use it.
	delivery *postgres.IntakeStore
	// jobs are the background loops Run starts; River's runner among them
	// runs the periodic tasks and the mail worker.
	jobs []job
}

// job is one background loop of the app; run returns when ctx ends.
type job struct {
	name string
	run  func(ctx context.Context)
}

// New connects to the database, checks its schema and the configuration,
// and assembles the app. Nothing runs until Run or Serve.
func New(ctx context.Context, cfg Config) (*App, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	key, err := checkConfig(cfg)
	if err != nil {
		return nil, err
	}
	db, err := OpenDB(ctx, cfg.DatabaseURL, cfg.Logger, cfg.timeouts())
	if err != nil {
		return nil, err
	}
	a, err := assemble(cfg, db, key)
	if err != nil {
		db.Close()
		return nil, err
	}
	return a, nil
}

func assemble(cfg Config, db *postgres.DB, key []byte) (*App, error) {
	log := cfg.Logger
	intakeStore, err := postgres.NewIntakeStore(db, key)
	if err != nil {
		return nil, err
	}
	a := &App{DB: db, log: log, Vendors: postgres.NewVendorStore(db), Accounts: postgres.NewAccountStore(db)}
	limiter := postgres.NewLimiter(db)
	a.Auth = account.NewAuthenticator(a.Accounts, limiter)
	a.People = account.NewPeople(a.Accounts, a.Auth)
	a.People.AddressKey = intakeStore.AddressKey
	appStore, err := postgres.NewApplicationStore(db, key)
	if err != nil {
		return nil, err
	}
	a.Applications = catalog.NewApplications(appStore, a.People, limiter)
	prefs := &account.Preferences{Store: postgres.NewPreferenceStore(db)}
	a.Catalog = postgres.NewCatalogWatcher(a.Vendors, cfg.DatabaseURL, log)
	a.Intakes = intake.NewService(intakeStore, a.Catalog.Current)
	a.Intakes.Delivery, a.delivery = intakeStore, intakeStore
	a.Intakes.Vendors = a.Vendors
	a.Intakes.Inbox = intakeStore
	a.Intakes.Logger = log
	a.Quotes = quote.NewService(postgres.NewQuoteStore(intakeStore), a.Intakes)
	if a.search, err = newSearch(cfg, db); err != nil {
		return nil, err
	}
	// A vendor write's outbox row is relayed as soon as it commits, not at
	// the relay's next poll (BENCHMARKS.md, Search: p95 lag 1.0 s against
	// 2.2 s). OnChange must be registered before the watcher runs.
	a.Catalog.OnChange(a.search.wake)
	bill, err := newBilling(cfg, db)
	if err != nil {
		a.search.close()
		return nil, err
	}
	a.Billing = bill.service
	runner, err := a.newJobs(cfg, key, bill)
	if err != nil {
		a.search.close()
		return nil, err
	}
	a.jobs = []job{{"catalog watcher", a.Catalog.Run}, {"search relay", a.search.run}, {"jobs", runner.Run}}
	messageStore, err := postgres.NewMessageStore(db, key)
	if err != nil {
		a.search.close()
		return nil, err
	}
	messages := jobs.NewMessageLog(messageStore)

	a.API = api.New(api.Config{
		Logger: log, Vendors: a.Vendors, Search: a.search, Auth: a.Auth, Intakes: a.Intakes,
		People: a.People, Applications: a.Applications, Quotes: a.Quotes, Billing: a.Billing, Messages: messages,
		Limiter: limiter, IntakeRateLimit: cfg.IntakeRateLimit, Now: cfg.Now,
		SecureCookies: strings.HasPrefix(cfg.PublicURL, "https://"), RequestTimeout: cfg.RequestTimeout,
		Ready: append(append([]api.ReadyCheck{{Name: "postgres", Critical: true, Check: db.Ping}},
			a.search.readyChecks()...), bill.ready...),
	})
	invoices := cfg.Invoices
	if invoices == nil {
		invoices = frontend.BillingInvoices(a.Billing)
	}
	// The pages share the API's engine and so its middleware (CSP, CSRF
	// check, session).
	if err := frontend.Register(a.API.Engine(), frontend.Deps{
		Logger: log, Vendors: a.Vendors, Search: a.search, Intakes: a.Intakes, Auth: a.Auth,
		Cookies: a.API, Limiter: limiter, IntakeRateLimit: cfg.IntakeRateLimit, Invoices: invoices,
		PublicURL: cfg.PublicURL, Now: cfg.Now, Messages: messages, People: a.People, Applications: a.Applications,
		Preferences: prefs, Quotes: a.Quotes,
	}); err != nil {
		a.search.close()
		return nil, err
	}
	return a, nil
}

// checkConfig reports every required variable that is missing or
// malformed in one error, so that an operator fixes them in one go, and
// returns the parsed data key.
func checkConfig(cfg Config) ([]byte, error) {
	var problems []string
	if cfg.DatabaseURL == "" {
		problems = append(problems, noDatabaseURL)
	}
	key, err := postgres.ParseDataKey(cfg.DataKey)
	if err != nil {
		problems = append(problems, fmt.Sprintf("CALLMATCH_DATA_KEY: %v (campaign contact data is encrypted with it; generate one with `head -c32 /dev/urandom | base64`)", err))
	}
	if p := publicURLProblem(cfg.PublicURL); p != "" {
		problems = append(problems, p)
	}
	problems = append(problems, mailConfigProblems(cfg)...)
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"CALLMATCH_DB_CONNECT_TIMEOUT", cfg.DBConnectTimeout}, {"CALLMATCH_DB_STATEMENT_TIMEOUT", cfg.DBStatementTimeout},
		{"CALLMATCH_REQUEST_TIMEOUT", cfg.RequestTimeout}} {
		if d.v < 0 {
			problems = append(problems, fmt.Sprintf("%s is %s; set a positive duration such as 5s, or leave it unset for the default", d.name, d.v))
		}
	}
	if len(problems) > 0 {
		return nil, &ConfigError{Msg: strings.Join(problems, "; ")}
	}
	return key, nil
}

// publicURLProblem insists on an absolute http(s) address with nothing
// after the host: the pages' routes live at the root.
func publicURLProblem(s string) string {
	const hint = "the address campaigns reach this site at, e.g. https://callmatch.example.org (their private links are built from it)"
	if s == "" {
		return "CALLMATCH_PUBLIC_URL is not set; set it to " + hint
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		strings.Trim(u.Path, "/") != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return fmt.Sprintf("CALLMATCH_PUBLIC_URL %q is not an http(s) address without a path; set it to %s", s, hint)
	}
	return ""
}

const noDatabaseURL = "DATABASE_URL is not set; point it at PostgreSQL (or use `callmatch dev`)"

// timeouts are the serving pool's bounds, defaults filled in.
func (cfg Config) timeouts() postgres.Timeouts {
	t := postgres.DefaultTimeouts
	if cfg.DBConnectTimeout > 0 {
		t.Connect = cfg.DBConnectTimeout
	}
	if cfg.DBStatementTimeout > 0 {
		t.Statement = cfg.DBStatementTimeout
	}
	return t
}

// OpenDB connects with timeouts and refuses a database whose schema is
// behind the binary: running new code on an old schema fails in confusing
// ways later.
func OpenDB(ctx context.Context, databaseURL string, log *slog.Logger, t postgres.Timeouts) (*postgres.DB, error) {
	if databaseURL == "" {
		return nil, &ConfigError{Msg: noDatabaseURL}
	}
	db, err := postgres.OpenWith(ctx, databaseURL, log, t)
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

// Close releases the search engine's connections and the database.
func (a *App) Close() {
	a.search.close()
	a.Intakes.Wait() // link resends in flight finish before their database closes
	a.DB.Close()
}
