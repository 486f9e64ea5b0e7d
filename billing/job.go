package billing

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// Queue hands out engagements to bill. postgres.BillingQueue serves them
// from the transactional outbox written with each engagement, so that an
// engagement recorded while Stripe is down is billed once it is back.
type Queue interface {
	// ClaimCharges leases up to limit charges that are due.
	ClaimCharges(ctx context.Context, limit int) ([]Claim, error)
	// CompleteCharge marks a claimed charge billed.
	CompleteCharge(ctx context.Context, c Claim) error
	// RetryCharge gives a claimed charge back, due again after a backoff
	// that grows with its attempts; cause is kept for operators.
	RetryCharge(ctx context.Context, c Claim, cause error) error
}

// Claim is one leased charge.
type Claim struct {
	Charge   Charge
	Attempts int   // including this one
	Err      error // the queued entry could not be read as a charge
	Handle   any   // the queue's own reference to the entry
}

// JobConfig tunes a Job; zero values take the defaults.
type JobConfig struct {
	Batch int // charges per claim; default 4
	// Timeout bounds the Stripe calls of one charge; default 10s. Batch ×
	// Timeout stays under the outbox lease (a minute), so that another
	// replica does not take a charge over while it is being billed (which
	// would still bill once, thanks to the idempotency keys, but twice the
	// calls).
	Timeout time.Duration
	Logger  *slog.Logger
}

// Job bills engagements from the queue, a batch per Step, or all that are
// due per Drain. Any number may run, in any number of processes.
type Job struct {
	svc     *Service
	queue   Queue
	batch   int
	timeout time.Duration
	log     *slog.Logger

	draining sync.Mutex // one Drain at a time; a second returns at once
	// Touched only by the goroutine running Step.
	failing      bool
	failingSince time.Time
}

// NewJob returns a job billing svc's engagements from q.
func NewJob(svc *Service, q Queue, cfg JobConfig) *Job {
	j := &Job{svc: svc, queue: q, batch: cfg.Batch, timeout: cfg.Timeout, log: cfg.Logger}
	if j.batch <= 0 {
		j.batch = 4
	}
	if j.timeout <= 0 {
		j.timeout = 10 * time.Second
	}
	if j.log == nil {
		j.log = slog.New(slog.DiscardHandler)
	}
	return j
}

// Drain bills until no charge is due, ctx ends, or it has worked for
// maxDrain, so that a scheduler can run it periodically (app/jobs.go runs
// it on River). It returns no billing failure: the charge is back
// in the queue with its backoff, and the failure is logged once per run of
// failures.
func (j *Job) Drain(ctx context.Context) error {
	const maxDrain = 20 * time.Second
	if !j.draining.TryLock() {
		return nil // the last period's drain still runs
	}
	defer j.draining.Unlock()
	began := time.Now()
	for {
		n, err := j.Step(ctx)
		if ctx.Err() != nil {
			return nil
		}
		j.observe(err)
		if err != nil || n < j.batch || time.Since(began) > maxDrain {
			return nil
		}
	}
}

func (j *Job) observe(err error) {
	switch {
	case err != nil && !j.failing:
		j.failing, j.failingSince = true, time.Now()
		j.log.Error("billing failing; engagements wait in the outbox and are retried", slog.String("error", err.Error()))
	case err == nil && j.failing:
		j.failing = false
		j.log.Info("billing recovered", slog.Duration("after", time.Since(j.failingSince).Round(time.Millisecond)))
	}
}

// Step bills at most one batch and returns the number of charges claimed.
// The error is the last charge's failure, if any (that charge is already
// back in the queue).
func (j *Job) Step(ctx context.Context) (int, error) {
	claims, err := j.queue.ClaimCharges(ctx, j.batch)
	if err != nil || len(claims) == 0 {
		return 0, err
	}
	var last error
	for _, c := range claims {
		err := c.Err
		if err == nil {
			callCtx, cancel := context.WithTimeout(ctx, j.timeout)
			var inv *Invoice
			inv, err = j.svc.Bill(callCtx, c.Charge)
			cancel()
			if err == nil {
				j.log.Info("engagement billed", slog.String("engagement", c.Charge.EngagementID),
					slog.String("invoice", inv.ID), slog.String("status", string(inv.Status)),
					slog.Int("attempts", c.Attempts))
			}
		}
		if err != nil {
			j.log.Debug("billing attempt failed", slog.String("engagement", c.Charge.EngagementID),
				slog.Int("attempts", c.Attempts), slog.String("error", err.Error()))
			if rerr := j.queue.RetryCharge(ctx, c, err); rerr != nil {
				return len(claims), rerr
			}
			last = err
			continue
		}
		if err := j.queue.CompleteCharge(ctx, c); err != nil {
			return len(claims), err
		}
	}
	return len(claims), last
}
