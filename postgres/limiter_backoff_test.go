package postgres

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Thirty simultaneous tries on one key, on separate connections, let
// exactly the free ones through: each try sees the failures before it.
func TestLimiterAttemptConcurrent(t *testing.T) {
	_, _, l := accountTestDB(t)
	t.Parallel()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	const free = 4
	delay := func(n int) time.Duration {
		if n < free {
			return 0
		}
		return time.Minute
	}
	var allowed, refused atomic.Int32
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range 30 {
		wg.Go(func() {
			<-start
			ok, retry, err := l.Attempt(t.Context(), "k", delay, time.Hour, now)
			switch {
			case err != nil:
				t.Error(err)
			case ok:
				allowed.Add(1)
			case retry != time.Minute:
				t.Errorf("retryAfter = %s, want 1m", retry)
			default:
				refused.Add(1)
			}
		})
	}
	close(start)
	wg.Wait()
	if allowed.Load() != free || refused.Load() != 30-free {
		t.Fatalf("allowed %d, refused %d; want %d, %d", allowed.Load(), refused.Load(), free, 30-free)
	}
}

// Reset and forgetting start a key over; purge removes forgotten keys.
func TestLimiterAttemptResetForgetPurge(t *testing.T) {
	db, _, l := accountTestDB(t)
	t.Parallel()
	ctx := t.Context()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	always := func(int) time.Duration { return time.Hour }
	try := func(key string, at time.Time) bool {
		t.Helper()
		ok, _, err := l.Attempt(ctx, key, always, 2*time.Hour, at)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !try("a", now) || try("a", now.Add(59*time.Minute)) || !try("a", now.Add(time.Hour)) {
		t.Fatal("want: try, wait an hour, try again")
	}
	if err := l.Reset(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	if !try("a", now.Add(time.Hour)) {
		t.Fatal("a reset key still waits")
	}
	if !try("b", now) {
		t.Fatal("first try of b")
	}
	if err := l.PurgeExpired(ctx, now.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	var keys []string
	db.gorm.Raw(`SELECT key FROM login_backoff ORDER BY key`).Scan(&keys)
	if len(keys) != 1 || keys[0] != "a" {
		t.Fatalf("after purge: %v, want only a (tried last at 13:00, forgotten at 15:00)", keys)
	}
	if _, _, err := l.Attempt(ctx, "", always, time.Hour, now); err == nil {
		t.Error("an empty key was accepted")
	}
}
