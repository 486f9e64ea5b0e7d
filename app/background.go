package app

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"callmatch/billing"
	"callmatch/catalog"
	"callmatch/meili"
)

// The background work (the search relay's loop; billing and housekeeping,
// River tasks) waits on the database like requests do, but no client's
// deadline bounds it, and
// a database that stops answering without closing its connections (a
// partition, a failover) would hold each of them, and a pooled
// connection, until TCP gives up minutes later. So each of their database
// calls gets jobCallTimeout, and after a failure the loop's calls fail at
// once for a pause that doubles up to maxJobPause instead of opening a
// connection every poll.
const (
	jobCallTimeout = 15 * time.Second
	minJobPause    = 500 * time.Millisecond
	maxJobPause    = 10 * time.Second // about how long a loop lags a recovered database
)

// backoff bounds and spaces one loop's database calls.
type backoff struct {
	now      func() time.Time // nil: time.Now
	mu       sync.Mutex
	failures int
	until    time.Time // calls before this fail with last
	last     error
}

// errBackingOff says that a call was not made; it wraps the failure that
// started the pause, so that the loop's own log keeps the cause.
var errBackingOff = errors.New("database calls paused after a failure")

// start runs a call that starts work (a claim, a lock) with jobCallTimeout
// of ctx's time, unless the loop is pausing.
func (b *backoff) start(ctx context.Context, f func(context.Context) error) error {
	b.mu.Lock()
	if b.clock().Before(b.until) {
		err := b.last
		b.mu.Unlock()
		return fmt.Errorf("%w: %w", errBackingOff, err)
	}
	b.mu.Unlock()
	return b.finish(ctx, f)
}

// finish runs a call that settles work already done (complete, retry)
// with jobCallTimeout even while pausing: skipping it would only have the
// work done again once its lease runs out.
func (b *backoff) finish(ctx context.Context, f func(context.Context) error) error {
	call, cancel := context.WithTimeout(ctx, jobCallTimeout)
	err := f(call)
	cancel()
	b.mu.Lock()
	defer b.mu.Unlock()
	switch {
	case err == nil:
		b.failures = 0
	case ctx.Err() == nil: // not the loop stopping
		pause := minJobPause << min(b.failures, 10)
		b.failures++
		b.until, b.last = b.clock().Add(min(pause, maxJobPause)), err
	}
	return err
}

func (b *backoff) clock() time.Time {
	if b.now != nil {
		return b.now()
	}
	return time.Now()
}

// backoffOutbox is the search relay's outbox with bounded calls.
type backoffOutbox struct {
	meili.Outbox
	b *backoff
}

func (o backoffOutbox) ClaimVendorChanges(ctx context.Context, limit int) (cs []catalog.VendorChange, err error) {
	err = o.b.start(ctx, func(ctx context.Context) error {
		cs, err = o.Outbox.ClaimVendorChanges(ctx, limit)
		return err
	})
	return cs, err
}

func (o backoffOutbox) CompleteVendorChanges(ctx context.Context, cs []catalog.VendorChange) error {
	return o.b.finish(ctx, func(ctx context.Context) error { return o.Outbox.CompleteVendorChanges(ctx, cs) })
}

func (o backoffOutbox) RetryVendorChange(ctx context.Context, c catalog.VendorChange, cause error) error {
	return o.b.finish(ctx, func(ctx context.Context) error { return o.Outbox.RetryVendorChange(ctx, c, cause) })
}

// backoffLock is the relay's side of the search lock with a bounded
// acquisition; a rebuild's exclusive wait stays as long as its caller
// allows.
type backoffLock struct {
	meili.SearchLock
	b *backoff
}

func (l backoffLock) TrySharedSearchLock(ctx context.Context) (release func(), ok bool, err error) {
	err = l.b.start(ctx, func(ctx context.Context) error {
		release, ok, err = l.SearchLock.TrySharedSearchLock(ctx)
		return err
	})
	return release, ok, err
}

// backoffQueue is the billing job's queue with bounded calls. Stripe's
// calls are bounded by the job itself (billing.JobConfig.Timeout).
type backoffQueue struct {
	billing.Queue
	b *backoff
}

func (q backoffQueue) ClaimCharges(ctx context.Context, limit int) (cs []billing.Claim, err error) {
	err = q.b.start(ctx, func(ctx context.Context) error {
		cs, err = q.Queue.ClaimCharges(ctx, limit)
		return err
	})
	return cs, err
}

func (q backoffQueue) CompleteCharge(ctx context.Context, c billing.Claim) error {
	return q.b.finish(ctx, func(ctx context.Context) error { return q.Queue.CompleteCharge(ctx, c) })
}

func (q backoffQueue) RetryCharge(ctx context.Context, c billing.Claim, cause error) error {
	return q.b.finish(ctx, func(ctx context.Context) error { return q.Queue.RetryCharge(ctx, c, cause) })
}
