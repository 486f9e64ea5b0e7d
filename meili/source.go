package meili

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"time"

	"github.com/google/uuid"
	"golang.org/x/sync/errgroup"

	"callmatch"
	"callmatch/catalog"
	"callmatch/postgres"
)

// Source is where the relay and the rebuild read the truth: the outbox and
// the vendor store of PostgreSQL.
//
// Two reads below are plain SQL because the postgres package has no method
// for them yet: vendor versions, and the advisory lock that orders relays
// against a rebuild's swap. They belong in package postgres (a
// VendorStore.VendorVersions and a DB.SearchLock) and can move there
// without changing anything else here.
type Source struct {
	DB      *postgres.DB
	Vendors *postgres.VendorStore
}

// versions returns the current version of each listed vendor, or of every
// vendor when ids is nil. Deleted vendors are absent from the map.
func (s Source) versions(ctx context.Context, ids []string) (map[string]int64, error) {
	var (
		rows *sql.Rows
		err  error
	)
	if ids == nil {
		rows, err = s.DB.SQL().QueryContext(ctx, `SELECT id::text, version FROM vendors`)
	} else {
		rows, err = s.DB.SQL().QueryContext(ctx,
			`SELECT id::text, version FROM vendors WHERE id = ANY($1::uuid[])`, ids)
	}
	if err != nil {
		return nil, fmt.Errorf("read vendor versions: %w", err)
	}
	defer rows.Close()
	out := make(map[string]int64, len(ids))
	for rows.Next() {
		var (
			id string
			v  int64
		)
		if err := rows.Scan(&id, &v); err != nil {
			return nil, fmt.Errorf("read vendor versions: %w", err)
		}
		out[id] = v
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read vendor versions: %w", err)
	}
	return out, nil
}

// documents reads the current state of each vendor and maps it to its
// document; ids of vendors that no longer exist come back in gone. Each
// version is read before its vendor, so a document's content is at least
// as new as its version says.
func (s Source) documents(ctx context.Context, ids []string) (docs []Document, gone []string, err error) {
	if len(ids) == 0 {
		return nil, nil, nil // and not every vendor, which versions(nil) means
	}
	// A malformed id names no vendor; it must not fail the query for the
	// whole batch either.
	valid := make([]string, 0, len(ids))
	for _, id := range ids {
		if _, err := uuid.Parse(id); err == nil {
			valid = append(valid, id)
		}
	}
	versions, err := s.versions(ctx, valid)
	if err != nil {
		return nil, nil, err
	}
	vendors := make([]*catalog.Vendor, len(ids))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(4) // per batch in flight: a share of the pool's 20 connections, requests need the rest
	for i, id := range ids {
		if _, ok := versions[id]; !ok {
			continue
		}
		g.Go(func() error {
			v, err := s.Vendors.FindVendorByID(gctx, id)
			if callmatch.ErrorCode(err) == callmatch.ENOTFOUND {
				return nil // deleted after its version was read
			}
			vendors[i] = v
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, nil, err
	}
	for i, id := range ids {
		if vendors[i] == nil {
			gone = append(gone, id)
			continue
		}
		docs = append(docs, NewDocument(vendors[i], versions[id]))
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
