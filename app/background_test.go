package app

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestBackoffSpacesCallsAfterFailures: after a failure a loop's next claims
// fail at once, without touching the database, for a pause that doubles up
// to maxJobPause; settling calls still go through; a success resets it;
// every call gets a deadline.
func TestBackoffSpacesCallsAfterFailures(t *testing.T) {
	now := time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)
	b := &backoff{now: func() time.Time { return now }}
	down := errors.New("database did not answer")
	calls := 0
	fail := func(ctx context.Context) error {
		calls++
		if _, ok := ctx.Deadline(); !ok {
			t.Error("a background call without a deadline")
		}
		return down
	}
	var pauses []time.Duration
	for range 8 {
		if err := b.start(t.Context(), fail); !errors.Is(err, down) || errors.Is(err, errBackingOff) {
			t.Fatalf("call after the pause: %v", err)
		}
		pauses = append(pauses, b.until.Sub(now))
		before := calls
		if err := b.start(t.Context(), fail); !errors.Is(err, errBackingOff) || !errors.Is(err, down) || calls != before {
			t.Fatalf("call during the pause: %v, %d calls made", err, calls-before)
		}
		if err := b.finish(t.Context(), fail); !errors.Is(err, down) || calls != before+1 {
			t.Fatalf("settling call during the pause: %v, want it made", err)
		}
		now = b.until
	}
	want := []time.Duration{500 * time.Millisecond, 2 * time.Second, 8 * time.Second, maxJobPause, maxJobPause, maxJobPause, maxJobPause, maxJobPause}
	for i := range want {
		if pauses[i] != want[i] {
			t.Fatalf("pauses %v, want %v", pauses, want)
		}
	}
	if err := b.start(t.Context(), func(context.Context) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if err := b.start(t.Context(), fail); errors.Is(err, errBackingOff) {
		t.Errorf("after a success: %v, want the call made", err)
	}
	if got := b.until.Sub(now); got != 500*time.Millisecond {
		t.Errorf("first pause after a success %s, want 500ms", got)
	}
}
