package meili

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"time"

	"callmatch/postgres"
)

// Source is where the relay and the rebuild read the truth: the outbox and
// the vendor store of PostgreSQL. The advisory lock that orders relays
// against a rebuild's swap is plain SQL on a connection of its own, below.
type Source struct {
	DB      *postgres.DB
	Vendors *postgres.VendorStore
}

// versions returns the current version of each listed vendor, or of every
// vendor when ids is nil. Deleted vendors are absent from the map.
func (s Source) versions(ctx context.Context, ids []string) (map[string]int64, error) {
	return s.Vendors.VendorVersions(ctx, ids)
}

// documents reads the current state of each vendor and maps it to its
// document, in one snapshot so that each document carries exactly the
// version of its content; ids of vendors that no longer exist come back in
// gone.
func (s Source) documents(ctx context.Context, ids []string) (docs []Document, gone []string, err error) {
	if len(ids) == 0 {
		return nil, nil, nil
	}
	vendors, err := s.Vendors.VendorsByID(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	for _, id := range ids {
		v, ok := vendors[id]
		if !ok {
			gone = append(gone, id)
			continue
		}
		docs = append(docs, NewDocument(v.Vendor, v.Version))
	}
	return docs, gone, nil
}

// searchLockKey names the PostgreSQL advisory lock that orders relays
// against a rebuild. A relay holds it shared from reading vendors until
// their documents are enqueued; a rebuild holds it exclusively while it
// copies the last changes into the new index and swaps it in, so that no
// relay's write can straddle the swap and land in the discarded index.
const searchLockKey int64 = 0x636d5f6d65696c69 // "cm_meili"

// trySharedLock takes the lock shared unless a rebuild holds or awaits it.
// release must be called when ok.
func (s Source) trySharedLock(ctx context.Context) (release func(), ok bool, err error) {
	return s.lock(ctx, `SELECT pg_try_advisory_lock_shared($1)`, `SELECT pg_advisory_unlock_shared($1)`)
}

// exclusiveLock waits for the lock, exclusively, until ctx ends.
func (s Source) exclusiveLock(ctx context.Context) (release func(), err error) {
	release, _, err = s.lock(ctx, `SELECT true FROM pg_advisory_lock($1)`, `SELECT pg_advisory_unlock($1)`)
	return release, err
}

// lock holds a session-level advisory lock on a connection of its own: it
// must outlive the short transactions the relay runs meanwhile, and no
// transaction is held open while the search engine is called.
func (s Source) lock(ctx context.Context, lockSQL, unlockSQL string) (func(), bool, error) {
	conn, err := s.DB.SQL().Conn(ctx)
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
