package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river/rivertype"

	"callmatch/jobs"
	"callmatch/mail"
	"callmatch/mail/smtp"
	"callmatch/postgres"
)

// The search relay stays on its outbox and is not a River job. Measured
// (BENCHMARKS.md Search; jobs/bench_test.go): River's client as the app
// runs it picks a job up 339 ms after its commit at the median, 793 ms at
// p95 (it polls; a LISTENing riverpgxv5 client: 47 / 157 ms), and works
// about 160 trivial jobs a second; the relay is woken by the commit's
// NOTIFY and drains 588 rows a second in batches of up to 500 vendors per
// Meilisearch task, whose cost (0.15–3 s a task here) is what the lag is
// made of. A job per vendor write would add the pickup delay and turn
// 200 writes a second into 200 Meilisearch tasks a second, which the
// engine cannot absorb; River has no batching of jobs to offer instead.

// periodicTasks are the app's periodic background work, run on River
// (package jobs) by whichever instance is River's leader. To add one,
// append a jobs.Periodic: a name, a period, and a func(ctx) error that is
// safe to run again (e.g. {Name: "certification reminders", Every:
// time.Hour, Run: store.RemindExpiringCertifications}).
func (a *App) periodicTasks(bill billingParts) []jobs.Periodic {
	tasks := []jobs.Periodic{
		{Name: "housekeeping", Every: 10 * time.Minute, Timeout: 2 * time.Minute, Run: a.housekeeping},
		{Name: "certification-reminders", Every: time.Hour, Run: a.Vendors.MailExpiringCertifications},
		// Delivery (MARKETPLACE.md §4): each runs hourly and mails each
		// cause once (per engagement and day, or per engagement).
		{Name: "pace-alerts", Every: time.Hour, Run: a.delivery.MailPaceAlerts},
		{Name: "report-reminders", Every: time.Hour, Run: a.delivery.MailMissingReports},
		{Name: "scorecard-requests", Every: time.Hour, Run: a.delivery.MailScorecardRequests},
	}
	return append(tasks, bill.periodic...)
}

// newJobs builds the River runner: the mail worker when SMTP is
// configured, and the periodic tasks.
func (a *App) newJobs(cfg Config, key []byte, bill billingParts) (*jobs.Runner, error) {
	worker, err := newMailWorker(cfg, a.DB, key)
	if err != nil {
		return nil, err
	}
	jc := jobs.Config{DB: a.DB, Logger: cfg.Logger, Mail: worker, Periodic: a.periodicTasks(bill)}
	if cfg.JobRetryDelay > 0 {
		jc.RetryPolicy = fixedRetry(cfg.JobRetryDelay)
	}
	return jobs.New(jc)
}

// newMailWorker turns mail on when SMTP_URL is set: the queue takes
// messages (postgres.DB.EnableMail) and the worker sends them. Without it,
// causes queue nothing, so no message waits for a worker that never comes;
// that is said once at start.
func newMailWorker(cfg Config, db *postgres.DB, key []byte) (*jobs.Mail, error) {
	if cfg.SMTPURL == "" {
		cfg.Logger.Warn("SMTP_URL is not set: mail is off; nothing is queued or sent")
		return nil, nil
	}
	relay, err := smtp.ParseURL(cfg.SMTPURL)
	if err != nil {
		return nil, &ConfigError{Msg: err.Error()}
	}
	from, err := smtp.ParseFrom(cfg.MailFrom)
	if err != nil {
		return nil, &ConfigError{Msg: err.Error()}
	}
	templates := cfg.MailTemplates
	if templates == nil {
		templates = mail.Templates()
	}
	renderer, err := mail.NewRenderer(templates, cfg.PublicURL)
	if err != nil {
		return nil, err
	}
	store, err := postgres.NewMessageStore(db, key)
	if err != nil {
		return nil, err
	}
	if err := db.EnableMail(key); err != nil {
		return nil, err
	}
	cfg.Logger.Info("mail is on", "smtp", smtp.Redact(cfg.SMTPURL), "from", from.Address)
	return &jobs.Mail{Messages: store, Renderer: renderer, Sender: smtp.New(relay, from)}, nil
}

// mailConfigProblems checks SMTP_URL and MAIL_FROM for checkConfig.
func mailConfigProblems(cfg Config) []string {
	if cfg.SMTPURL == "" {
		return nil
	}
	var problems []string
	if _, err := smtp.ParseURL(cfg.SMTPURL); err != nil {
		problems = append(problems, err.Error())
	}
	if cfg.MailFrom == "" {
		problems = append(problems, `MAIL_FROM is not set; with SMTP_URL set it to the sender, e.g. "Callmatch <no-reply@callmatch.example.org>"`)
	} else if _, err := smtp.ParseFrom(cfg.MailFrom); err != nil {
		problems = append(problems, err.Error())
	}
	return problems
}

// fixedRetry retries a failed job after a fixed delay, for tests.
type fixedRetry time.Duration

func (d fixedRetry) NextRetry(*rivertype.JobRow) time.Time { return time.Now().Add(time.Duration(d)) }

// Retention of bookkeeping rows that only help investigate: delivered
// outbox rows, and Stripe event ids kept to recognise redeliveries.
const (
	outboxRetention      = 7 * 24 * time.Hour
	stripeEventRetention = 90 * 24 * time.Hour
	// A settled message's recipient and data are kept this long, to look
	// into a complaint, then emptied (postgres.ForgetMessagePayloads).
	messagePayloadRetention = 30 * 24 * time.Hour
)

// housekeeping purges expired sessions, tokens and rate-limit windows,
// replay tokens, old outbox rows and Stripe event records, and settled
// messages' recipients. Every statement is idempotent, so a run cut short is simply run
// again; each gets jobCallTimeout, so that a database that stops
// answering holds none past it.
func (a *App) housekeeping(ctx context.Context) error {
	var errs []error
	for _, step := range []struct {
		what string
		run  func(context.Context) error
	}{
		{"purge expired sessions", a.Auth.PurgeExpired},
		{"purge intake replay tokens", func(ctx context.Context) error {
			_, err := a.Intakes.PurgeReplayTokens(ctx)
			return err
		}},
		{"prune outbox", func(ctx context.Context) error {
			_, err := a.DB.PruneOutbox(ctx, outboxRetention)
			return err
		}},
		{"prune stripe events", func(ctx context.Context) error {
			_, err := a.DB.PruneStripeEvents(ctx, stripeEventRetention)
			return err
		}},
		{"forget settled messages' recipients", func(ctx context.Context) error {
			_, err := a.DB.ForgetMessagePayloads(ctx, messagePayloadRetention)
			return err
		}},
	} {
		call, cancel := context.WithTimeout(ctx, jobCallTimeout)
		if err := step.run(call); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", step.what, err))
		}
		cancel()
	}
	return errors.Join(errs...)
}
