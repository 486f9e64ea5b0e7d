package postgres

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// backoffRow is one key of login_backoff (migration 00008).
type backoffRow struct {
	Failures  int
	NextAt    time.Time
	ExpiresAt time.Time
}

// Attempt claims one try for key in a transaction holding the key's row
// lock, so that concurrent tries from any replica queue and each sees the
// failures of the ones before it.
func (l *Limiter) Attempt(ctx context.Context, key string, delay func(failures int) time.Duration, forget time.Duration, now time.Time) (bool, time.Duration, error) {
	if key == "" || delay == nil || forget < time.Second {
		return false, 0, fmt.Errorf("postgres: limiter: bad arguments key=%q forget=%s", key, forget)
	}
	now = now.UTC()
	var ok bool
	var retry time.Duration
	err := l.db.InTx(ctx, func(tx *gorm.DB) error {
		// The no-op update makes the upsert lock an existing row and
		// return it as it is.
		var row backoffRow
		err := tx.Raw(`
			INSERT INTO login_backoff (key, failures, next_at, expires_at) VALUES (?, 0, ?, ?)
			ON CONFLICT (key) DO UPDATE SET key = EXCLUDED.key
			RETURNING failures, next_at, expires_at`,
			key, now, now.Add(forget),
		).Scan(&row).Error
		if err != nil {
			return err
		}
		if !row.ExpiresAt.After(now) {
			row = backoffRow{} // forgotten: start over
		}
		if row.NextAt.After(now) {
			retry = row.NextAt.Sub(now)
			return nil
		}
		ok = true
		failures := row.Failures + 1
		return tx.Exec(`UPDATE login_backoff SET failures = ?, next_at = ?, expires_at = ? WHERE key = ?`,
			failures, now.Add(delay(failures)), now.Add(forget), key).Error
	})
	if err != nil {
		return false, 0, translate("limiter attempt", err)
	}
	return ok, retry, nil
}
