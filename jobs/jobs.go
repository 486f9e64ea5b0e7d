// Package jobs runs Callmatch's background work on River, in PostgreSQL
// itself: the mail worker, and periodic tasks (billing, housekeeping, and
// whatever a feature adds with a Periodic). One client per process; River
// elects one leader among the processes to schedule the periodic tasks,
// so each runs once per period across all replicas, and any process works
// the jobs.
//
// Adding a periodic task: write a func(ctx context.Context) error that is
// safe to run again (an interrupted run is not resumed, the next period
// runs it whole), and append a Periodic to Config.Periodic in app/jobs.go.
// Adding a job caused by a write: give it args with a Kind (ids only: River
// stores args in the clear and shows them in its tables), insert it in the
// write's transaction as postgres.queueMail does, and register its worker
// here.
package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"

	"callmatch/postgres"
)

// Config is what the runner runs.
type Config struct {
	DB     *postgres.DB
	Logger *slog.Logger // default: discard
	// Mail sends queued messages; nil means mail is off and no mail worker
	// runs (postgres queues nothing then either).
	Mail *Mail
	// Periodic tasks, each with a unique name.
	Periodic []Periodic
	// PollInterval is how often an idle client looks for new jobs; default
	// 1 s. The client polls instead of LISTENing (riverdatabasesql has no
	// listener), which costs a mail at most this much delay.
	PollInterval time.Duration
	// RetryPolicy spaces the retries of a failed job; default River's,
	// attempt⁴ seconds. Tests shorten it.
	RetryPolicy river.ClientRetryPolicy
}

// Runner is the River client of the process.
type Runner struct {
	client *river.Client[*sql.Tx]
	log    *slog.Logger
}

// Workers per queue: mail is network-bound and each message independent;
// periodic tasks are few and mostly wait on the database.
const (
	mailWorkers    = 4
	defaultWorkers = 2
)

// New builds the runner; nothing runs until Run.
func New(cfg Config) (*Runner, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = time.Second
	}
	workers := river.NewWorkers()
	queues := map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: defaultWorkers}}
	if cfg.Mail != nil {
		cfg.Mail.log = cfg.Logger
		if err := river.AddWorkerSafely(workers, cfg.Mail); err != nil {
			return nil, fmt.Errorf("jobs: %w", err)
		}
		queues[postgres.MailQueueName] = river.QueueConfig{MaxWorkers: mailWorkers}
	}
	periodic, err := addPeriodic(workers, cfg.Periodic, cfg.Logger)
	if err != nil {
		return nil, err
	}
	client, err := river.NewClient(riverdatabasesql.New(cfg.DB.SQL()), &river.Config{
		Queues:            queues,
		Workers:           workers,
		PeriodicJobs:      periodic,
		PollOnly:          true,
		FetchPollInterval: cfg.PollInterval,
		RetryPolicy:       cfg.RetryPolicy,
		// River's own log: warnings and errors only (it logs job ids and
		// kinds, never args, and our workers return errors scrubbed of
		// addresses); what a job did or why it failed our workers log.
		Logger: slog.New(minLevel{cfg.Logger.Handler(), slog.LevelWarn}).With(slog.String("component", "river")),
	})
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	return &Runner{client: client, log: cfg.Logger}, nil
}

// Run works jobs until ctx ends, then lets running jobs finish for up to
// 10 s before cancelling them.
func (r *Runner) Run(ctx context.Context) {
	if err := r.client.Start(ctx); err != nil {
		if ctx.Err() == nil {
			r.log.Error("background jobs did not start", slog.String("error", err.Error()))
		}
		return
	}
	<-ctx.Done()
	stop, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := r.client.Stop(stop); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		r.log.Warn("stop background jobs", slog.String("error", err.Error()))
	}
	if stop.Err() != nil {
		_ = r.client.StopAndCancel(context.WithoutCancel(ctx))
	}
}

// minLevel passes on records at min or above.
type minLevel struct {
	slog.Handler
	min slog.Level
}

func (h minLevel) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.min && h.Handler.Enabled(ctx, l)
}

func (h minLevel) WithAttrs(as []slog.Attr) slog.Handler {
	return minLevel{h.Handler.WithAttrs(as), h.min}
}

func (h minLevel) WithGroup(name string) slog.Handler {
	return minLevel{h.Handler.WithGroup(name), h.min}
}
