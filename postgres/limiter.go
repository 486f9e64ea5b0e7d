package postgres

import (
	"context"
	"fmt"
	"time"

	"callmatch/account"
)

var _ account.Limiter = (*Limiter)(nil)

// Limiter counts events in fixed windows in the rate_limits table, so that
// every replica of the app enforces one shared limit.
type Limiter struct {
	db *DB
}

// NewLimiter returns a limiter on db.
func NewLimiter(db *DB) *Limiter { return &Limiter{db: db} }

// Hit counts one event with a single upsert. The statement is atomic, so
// concurrent hits from any number of replicas each see a distinct count and
// exactly limit of them are allowed per window.
func (l *Limiter) Hit(ctx context.Context, key string, limit int, window time.Duration, now time.Time) (bool, time.Duration, error) {
	if key == "" || limit < 1 || window < time.Second {
		return false, 0, fmt.Errorf("postgres: limiter: bad arguments key=%q limit=%d window=%s", key, limit, window)
	}
	start := windowStart(now, window)
	end := start.Add(window)
	var count int
	err := l.db.gorm.WithContext(ctx).Raw(`
		INSERT INTO rate_limits (key, window_start, count, expires_at)
		VALUES (?, ?, 1, ?)
		ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limits.count + 1
		RETURNING count`,
		key, start, end,
	).Scan(&count).Error
	if err != nil {
		return false, 0, translate("limiter hit", err)
	}
	if count <= limit {
		return true, 0, nil
	}
	return false, end.Sub(now), nil
}

// Reset forgets every window and the failures of key.
func (l *Limiter) Reset(ctx context.Context, key string) error {
	db := l.db.gorm.WithContext(ctx)
	for _, table := range []string{"rate_limits", "login_backoff"} {
		if err := db.Exec(`DELETE FROM `+table+` WHERE key = ?`, key).Error; err != nil {
			return fmt.Errorf("postgres: limiter reset: %w", err)
		}
	}
	return nil
}

// Forgive takes one event back from the current window, never below zero.
func (l *Limiter) Forgive(ctx context.Context, key string, window time.Duration, now time.Time) error {
	if window < time.Second {
		return fmt.Errorf("postgres: limiter: bad window %s", window)
	}
	err := l.db.gorm.WithContext(ctx).Exec(`
		UPDATE rate_limits SET count = count - 1
		WHERE key = ? AND window_start = ? AND count > 0`,
		key, windowStart(now, window),
	).Error
	if err != nil {
		return fmt.Errorf("postgres: limiter forgive: %w", err)
	}
	return nil
}

// PurgeExpired deletes windows that have ended, which can never be hit
// again, and failures that are forgotten.
func (l *Limiter) PurgeExpired(ctx context.Context, now time.Time) error {
	db := l.db.gorm.WithContext(ctx)
	for _, table := range []string{"rate_limits", "login_backoff"} {
		if err := db.Exec(`DELETE FROM `+table+` WHERE expires_at <= ?`, now.UTC()).Error; err != nil {
			return fmt.Errorf("postgres: limiter purge: %w", err)
		}
	}
	return nil
}

// windowStart aligns windows to multiples of their length (from Go's zero
// time, so in UTC), which every replica computes the same way without
// talking to the others.
func windowStart(now time.Time, window time.Duration) time.Time {
	return now.UTC().Truncate(window)
}
