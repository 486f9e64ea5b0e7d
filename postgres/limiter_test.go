package postgres

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Fifty simultaneous hits on one key, on separate connections, let exactly
// the limit through: the upsert counts atomically.
func TestLimiterConcurrentHits(t *testing.T) {
	_, _, l := accountTestDB(t)
	t.Parallel()
	now := time.Date(2026, 3, 1, 12, 7, 0, 0, time.UTC)
	const limit = 7
	var allowed, refused atomic.Int32
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range 50 {
		wg.Go(func() {
			<-start
			ok, retry, err := l.Hit(t.Context(), "k", limit, 15*time.Minute, now)
			switch {
			case err != nil:
				t.Error(err)
			case ok:
				allowed.Add(1)
			case retry != 8*time.Minute:
				t.Errorf("retryAfter = %s, want 8m (to the end of the 12:00–12:15 window)", retry)
				fallthrough
			default:
				refused.Add(1)
			}
		})
	}
	close(start)
	wg.Wait()
	if allowed.Load() != limit || refused.Load() != 50-limit {
		t.Fatalf("allowed %d, refused %d; want %d, %d", allowed.Load(), refused.Load(), limit, 50-limit)
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
