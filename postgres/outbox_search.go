package postgres

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"time"

	"callmatch/catalog"
)

// SearchOutbox is the outbox and the advisory lock as the search relay and
// rebuild use them (meili.Outbox and meili.SearchLock): vendor changes
// only, in the catalog's terms.
type SearchOutbox struct{ db *DB }

// NewSearchOutbox serves the search index's reads of db's outbox.
func NewSearchOutbox(db *DB) *SearchOutbox { return &SearchOutbox{db: db} }

// ClaimVendorChanges leases up to limit due vendor rows (ClaimOutbox).
func (o *SearchOutbox) ClaimVendorChanges(ctx context.Context, limit int) ([]catalog.VendorChange, error) {
	rows, err := o.db.ClaimOutbox(ctx, AggregateVendor, limit)
	if err != nil {
		return nil, err
	}
	out := make([]catalog.VendorChange, len(rows))
	for i, r := range rows {
		out[i] = catalog.VendorChange{VendorID: r.AggregateID, Attempts: r.Attempts, Receipt: r}
	}
	return out, nil
}

// CompleteVendorChanges marks claims done (CompleteOutbox).
func (o *SearchOutbox) CompleteVendorChanges(ctx context.Context, changes []catalog.VendorChange) error {
	rows := make([]OutboxRow, len(changes))
	for i, c := range changes {
		r, err := receipt(c)
		if err != nil {
			return err
		}
		rows[i] = r
	}
	return o.db.CompleteOutbox(ctx, rows)
}

// RetryVendorChange hands a claim back for outboxRetryDelay: changes that
// failed together return apart, so a bad document soon holds back nothing
// but itself.
func (o *SearchOutbox) RetryVendorChange(ctx context.Context, c catalog.VendorChange, cause error) error {
	r, err := receipt(c)
	if err != nil {
		return err
	}
	return o.db.RetryOutbox(ctx, r, cause, outboxRetryDelay(r.Attempts))
}

// Lease is how long a claim stays hidden from other relays.
func (o *SearchOutbox) Lease() time.Duration { return OutboxLease }

func receipt(c catalog.VendorChange) (OutboxRow, error) {
	r, ok := c.Receipt.(OutboxRow)
	if !ok {
		return r, fmt.Errorf("outbox: vendor %s's change was not claimed here", c.VendorID)
	}
	return r, nil
}

// searchLockKey names the PostgreSQL advisory lock that orders relays
// against a rebuild (meili.SearchLock).
const searchLockKey int64 = 0x636d5f6d65696c69 // "cm_meili"

// TrySharedSearchLock takes the lock shared unless a rebuild holds or
// awaits it.
func (o *SearchOutbox) TrySharedSearchLock(ctx context.Context) (release func(), ok bool, err error) {
	return o.lock(ctx, `SELECT pg_try_advisory_lock_shared($1)`, `SELECT pg_advisory_unlock_shared($1)`)
}

// ExclusiveSearchLock waits for the lock, exclusively, until ctx ends.
func (o *SearchOutbox) ExclusiveSearchLock(ctx context.Context) (release func(), err error) {
	release, _, err = o.lock(ctx, `SELECT true FROM pg_advisory_lock($1)`, `SELECT pg_advisory_unlock($1)`)
	return release, err
}

// lock holds a session-level advisory lock on a connection of its own: it
// must outlive the short transactions the relay runs meanwhile, and no
// transaction is held open while the search engine is called.
func (o *SearchOutbox) lock(ctx context.Context, lockSQL, unlockSQL string) (func(), bool, error) {
	conn, err := o.db.SQL().Conn(ctx)
	if err != nil {
		return nil, false, fmt.Errorf("search lock: %w", err)
	}
	var ok bool
	if err := conn.QueryRowContext(ctx, lockSQL, searchLockKey).Scan(&ok); err != nil {
		discard(conn)
		return nil, false, fmt.Errorf("search lock: %w", err)
	}
	if !ok {
		conn.Close()
		return nil, false, nil
	}
	release := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		var unlocked bool
		err := conn.QueryRowContext(ctx, unlockSQL, searchLockKey).Scan(&unlocked)
		if err != nil || !unlocked {
			discard(conn) // ending the session is the one sure way to drop the lock
			return
		}
		conn.Close()
	}
	return release, true, nil
}

// discard closes conn's session instead of returning it to the pool.
func discard(conn *sql.Conn) {
	_ = conn.Raw(func(any) error { return driver.ErrBadConn })
	_ = conn.Close()
}
