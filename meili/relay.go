package meili

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"callmatch/catalog"
)

// RelayConfig tunes a relay; zero values take the defaults.
type RelayConfig struct {
	Batch int // outbox rows per claim; default 500
	// Workers is how many batches are in flight at once; default 2. While
	// one batch waits for Meilisearch, another is read and sent, and the
	// engine indexes the two as one. Their rows never share a vendor: the
	// outbox hands out a vendor's next row only once the previous is done.
	Workers int
	Poll    time.Duration // how often an idle worker looks for work; default 200ms
	Logger  *slog.Logger
}

// Relay carries committed vendor writes from the PostgreSQL outbox into the
// index. Any number of relays, in any number of processes, may run at once:
// the outbox hands each vendor's rows out one at a time and in order, and a
// row is completed only after Meilisearch has applied its document.
//
// Ordering across relays rests on the claim lease. A relay reads a vendor
// after claiming its row and must have enqueued the document before
// another relay can claim that row again, or its older read could land
// after the other's newer one. So a batch's reads and writes to
// Meilisearch get half the lease, and the rest is margin for clock skew.
type Relay struct {
	src     Source
	ix      *Index
	batch   int
	workers int
	poll    time.Duration
	log     *slog.Logger
	wake    chan struct{}

	mu           sync.Mutex
	failing      bool // since failingSince; logged once
	failingSince time.Time
	ensured      bool // the index and its settings were checked since the last failure
}

// NewRelay returns a relay from src's outbox into ix.
func NewRelay(src Source, ix *Index, cfg RelayConfig) *Relay {
	r := &Relay{src: src, ix: ix, batch: cfg.Batch, workers: cfg.Workers, poll: cfg.Poll, log: cfg.Logger}
	if r.batch <= 0 {
		r.batch = 500
	}
	if r.workers <= 0 {
		r.workers = 2
	}
	if r.poll <= 0 {
		r.poll = 200 * time.Millisecond
	}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	r.wake = make(chan struct{}, 1)
	return r
}

// probeInterval is how often a failing relay checks whether the search
// engine (or the database) is back.
const probeInterval = time.Second

// Wake asks the relay to look for work now rather than at its next poll,
// for instance from a catalog_changed listener. It never blocks.
func (r *Relay) Wake() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// Run relays until ctx ends and then returns nil. Failures never stop it:
// rows wait in the outbox, the relay probes every second, logs the outage
// once when it begins and once when it ends, and catches up by itself.
func (r *Relay) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	for range r.workers {
		wg.Go(func() { r.work(ctx) })
	}
	wg.Wait()
	return nil
}

func (r *Relay) work(ctx context.Context) {
	for {
		probed := r.needsProbe()
		n, err := r.Step(ctx)
		if ctx.Err() != nil {
			return
		}
		r.observe(err, probed)
		if err == nil && n >= r.batch {
			continue // there is probably more
		}
		delay := r.poll
		if err != nil || r.needsProbe() {
			delay = probeInterval
		}
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-r.wake:
		case <-t.C:
		}
		t.Stop()
	}
}

func (r *Relay) needsProbe() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.failing || !r.ensured
}

// observe logs the start and the end of a run of failures, never each
// attempt: during an outage the relay would otherwise log every second.
// Only a step that began with a successful probe ends an outage; a batch
// that was already in flight when it began proves nothing.
func (r *Relay) observe(err error, probed bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case err != nil:
		r.ensured = false
		if !r.failing {
			r.failing, r.failingSince = true, time.Now()
			r.log.Error("search relay failing; vendor changes wait in the outbox", "error", err.Error())
		}
	case r.failing && probed:
		r.failing = false
		r.log.Info("search relay recovered", "after", time.Since(r.failingSince).Round(time.Millisecond))
	}
}

// Step relays at most one batch: claim rows, read their vendors' current
// state, write the documents, wait until Meilisearch has applied them, and
// complete the rows. It returns the number of rows completed. Run calls it
// from several workers; tests call it directly.
func (r *Relay) Step(ctx context.Context) (int, error) {
	if r.needsProbe() {
		// Probe before claiming: a claim during an outage only pushes the
		// changes' next attempt further out. And an engine that lost its data
		// comes back without the index or its settings.
		if err := r.ix.Ensure(ctx); err != nil {
			return 0, err
		}
		r.mu.Lock()
		r.ensured = true
		r.mu.Unlock()
	}
	release, ok, err := r.src.Lock.TrySharedSearchLock(ctx)
	if err != nil || !ok {
		return 0, err // !ok: a rebuild is swapping indexes; next poll
	}
	defer func() {
		if release != nil {
			release()
		}
	}()
	if ctx.Err() != nil {
		return 0, ctx.Err() // a claim now would only lease changes nobody sends
	}
	start := time.Now()
	changes, err := r.src.Outbox.ClaimVendorChanges(ctx, r.batch)
	if err != nil || len(changes) == 0 {
		return 0, err
	}
	lease := r.src.Outbox.Lease()
	sendCtx, cancel := context.WithDeadline(ctx, start.Add(lease/2))
	defer cancel()
	ids := vendorIDs(changes)
	docs, gone, err := r.src.documents(sendCtx, ids)
	if err != nil {
		return 0, errors.Join(err, r.retry(ctx, changes, err))
	}
	tasks, err := r.ix.enqueue(sendCtx, r.ix.uid, docs, gone)
	release()
	release = nil
	if err != nil {
		return 0, errors.Join(err, r.retry(ctx, changes, err))
	}
	waitCtx, cancelWait := context.WithDeadline(ctx, start.Add(lease-5*time.Second))
	defer cancelWait()
	err = r.ix.waitAll(waitCtx, tasks)
	if te := (*taskError)(nil); errors.As(err, &te) {
		// Meilisearch refused a document: not an outage, so logged each
		// time. The jitter of the retry scatters the batch, so a bad
		// document soon holds back nothing but itself.
		r.log.Error("search index refused vendor documents; retrying them with backoff", "error", err.Error())
		return 0, r.retry(ctx, changes, err)
	}
	if err != nil {
		return 0, errors.Join(err, r.retry(ctx, changes, err))
	}
	// Meilisearch has applied the batch: record that even if the relay is
	// stopping, or the changes stay leased for a minute and are sent again.
	doneCtx, cancelDone := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancelDone()
	if err := r.src.Outbox.CompleteVendorChanges(doneCtx, changes); err != nil {
		return 0, err // the lease runs out and the changes are sent again: harmless
	}
	return len(changes), nil
}

// retry hands the changes back with backoff, keeping cause for operators. It
// runs even when ctx has ended, so that a stopping relay releases its changes
// now rather than when their lease runs out. An error means the lease will
// run out instead, which delays but loses nothing.
func (r *Relay) retry(ctx context.Context, changes []catalog.VendorChange, cause error) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	for _, change := range changes {
		if err := r.src.Outbox.RetryVendorChange(ctx, change, cause); err != nil {
			return err
		}
	}
	return nil
}

// vendorIDs lists the vendors the changes are about: one each, since a claim
// takes at most one change per vendor.
func vendorIDs(changes []catalog.VendorChange) []string {
	ids := make([]string, len(changes))
	for i, change := range changes {
		ids[i] = change.VendorID
	}
	return ids
}
