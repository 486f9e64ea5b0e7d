package postgres

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// concurrently runs try n times at once, on separate connections, and
// counts how many were allowed; refusals must all say retry.
func concurrently(t *testing.T, n int, retry time.Duration, try func() (bool, time.Duration, error)) (allowed, refused int) {
	t.Helper()
	var ok, no atomic.Int32
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range n {
		wg.Go(func() {
			<-start
			allow, after, err := try()
			switch {
			case err != nil:
				t.Error(err)
			case allow:
				ok.Add(1)
			case after != retry:
				t.Errorf("retryAfter = %s, want %s", after, retry)
			default:
				no.Add(1)
			}
		})
	}
	close(start)
	wg.Wait()
	return int(ok.Load()), int(no.Load())
}

// Fifty simultaneous hits on one key let exactly the limit through: the
// upsert counts atomically. The refused wait to the end of the 12:00–12:15
// window.
func TestLimiterConcurrentHits(t *testing.T) {
	_, _, l := accountTestDB(t)
	t.Parallel()
	now := time.Date(2026, 3, 1, 12, 7, 0, 0, time.UTC)
	const limit = 7
	allowed, refused := concurrently(t, 50, 8*time.Minute, func() (bool, time.Duration, error) {
		return l.Hit(t.Context(), "k", limit, 15*time.Minute, now)
	})
	if allowed != limit || refused != 50-limit {
		t.Fatalf("allowed %d, refused %d; want %d, %d", allowed, refused, limit, 50-limit)
	}
}

// Thirty simultaneous tries on one key let exactly the free ones through:
// each try sees the failures before it.
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
	allowed, refused := concurrently(t, 30, time.Minute, func() (bool, time.Duration, error) {
		return l.Attempt(t.Context(), "k", delay, time.Hour, now)
	})
	if allowed != free || refused != 30-free {
		t.Fatalf("allowed %d, refused %d; want %d, %d", allowed, refused, free, 30-free)
	}
}

func TestLimiterWindows(t *testing.T) {
	db, _, l := accountTestDB(t)
	t.Parallel()
	ctx := t.Context()
	w := 15 * time.Minute
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	hit := func(key string, at time.Time) (bool, time.Duration) {
		t.Helper()
		ok, retry, err := l.Hit(ctx, key, 2, w, at)
		if err != nil {
			t.Fatal(err)
		}
		return ok, retry
	}

	if ok, _ := hit("a", t0); !ok {
		t.Fatal("first hit refused")
	}
	if ok, _ := hit("a", t0.Add(time.Minute)); !ok {
		t.Fatal("second hit refused")
	}
	if ok, retry := hit("a", t0.Add(14*time.Minute+30*time.Second)); ok || retry != 30*time.Second {
		t.Fatalf("third hit: ok %v retry %s; want refused, 30s", ok, retry)
	}
	if ok, _ := hit("b", t0.Add(2*time.Minute)); !ok {
		t.Fatal("another key shares the count")
	}
	if ok, _ := hit("a", t0.Add(w)); !ok {
		t.Fatal("next window still refused")
	}

	// Forgive takes one back from the current window, never below zero.
	if ok, _ := hit("a", t0.Add(w+time.Second)); !ok {
		t.Fatal("second hit of the new window refused")
	}
	if err := l.Forgive(ctx, "a", w, t0.Add(w+2*time.Second)); err != nil {
		t.Fatal(err)
	}
	if ok, _ := hit("a", t0.Add(w+3*time.Second)); !ok {
		t.Fatal("forgiven hit still counted")
	}
	for range 5 {
		if err := l.Forgive(ctx, "c", w, t0); err != nil {
			t.Fatal(err)
		}
	}
	if ok, _ := hit("c", t0); !ok {
		t.Fatal("forgiving an unknown key made it negative or refused")
	}

	// Reset forgets every window of the key.
	if err := l.Reset(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	if ok, _ := hit("a", t0.Add(w+4*time.Second)); !ok {
		t.Fatal("reset key still refused")
	}

	// Purge removes ended windows only.
	if err := l.PurgeExpired(ctx, t0.Add(w)); err != nil {
		t.Fatal(err)
	}
	var keys []string
	db.gorm.Raw(`SELECT key FROM rate_limits ORDER BY key`).Scan(&keys)
	if len(keys) != 1 || keys[0] != "a" {
		t.Fatalf("after purge: %v; want only the current window of a", keys)
	}

	if _, _, err := l.Hit(ctx, "", 1, w, t0); err == nil {
		t.Error("empty key accepted")
	}
	if _, _, err := l.Hit(ctx, "k", 0, w, t0); err == nil {
		t.Error("zero limit accepted")
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
