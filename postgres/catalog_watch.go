package postgres

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"callmatch/matching"
)

// CatalogWatcher keeps an in-memory matching catalog in step with the
// vendors table, so that a what-if match costs no database query. It LISTENs
// on CatalogChangedChannel and reloads when the version moves; after a lost
// connection it reloads anyway, because notifications sent while it was
// away are gone.
type CatalogWatcher struct {
	store *VendorStore
	url   string
	log   *slog.Logger

	current atomic.Pointer[matching.Catalog]
	reload  sync.Mutex // one load at a time; concurrent callers wait for it
}

// NewCatalogWatcher watches the catalog of the database at url.
func NewCatalogWatcher(store *VendorStore, url string, log *slog.Logger) *CatalogWatcher {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &CatalogWatcher{store: store, url: url, log: log}
}

// Current returns the latest loaded catalog, loading it on first use.
func (w *CatalogWatcher) Current(ctx context.Context) (*matching.Catalog, error) {
	if c := w.current.Load(); c != nil {
		return c, nil
	}
	if err := w.Refresh(ctx); err != nil {
		return nil, err
	}
	return w.current.Load(), nil
}

// Refresh loads the catalog if its version differs from the one held.
func (w *CatalogWatcher) Refresh(ctx context.Context) error {
	w.reload.Lock()
	defer w.reload.Unlock()
	if c := w.current.Load(); c != nil {
		v, err := w.store.CatalogVersion(ctx)
		if err != nil {
			return err
		}
		if v == c.Version() {
			return nil
		}
	}
	start := time.Now()
	vendors, version, err := w.store.Snapshot(ctx)
	if err != nil {
		return err
	}
	w.current.Store(matching.NewCatalog(vendors, version))
	w.log.Info("matching catalog loaded", slog.String("version", version),
		slog.Int("vendors", len(vendors)), slog.Duration("took", time.Since(start)))
	return nil
}

// Run listens for catalog changes until ctx ends, reconnecting with a
// growing pause when the database goes away.
func (w *CatalogWatcher) Run(ctx context.Context) {
	pause := time.Second
	for ctx.Err() == nil {
		err := w.listen(ctx)
		if ctx.Err() != nil {
			return
		}
		w.log.Warn("catalog listener lost its connection; retrying", slog.String("error", err.Error()), slog.Duration("in", pause))
		select {
		case <-ctx.Done():
			return
		case <-time.After(pause):
		}
		pause = min(2*pause, 30*time.Second)
	}
}

func (w *CatalogWatcher) listen(ctx context.Context) error {
	conn, err := pgx.Connect(ctx, w.url)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "LISTEN "+CatalogChangedChannel); err != nil {
		return err
	}
	// Anything may have changed while we were not listening.
	if err := w.Refresh(ctx); err != nil {
		return err
	}
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		if w.holds(n.Payload) {
			continue
		}
		// A burst of writes sends a burst of notifications; wait briefly and
		// load once for all of them.
		drain(ctx, conn, 100*time.Millisecond)
		if err := w.Refresh(ctx); err != nil && !errors.Is(err, context.Canceled) {
			w.log.Warn("reload matching catalog", slog.String("error", err.Error()))
		}
	}
}

// holds reports whether the loaded catalog is at or past version.
func (w *CatalogWatcher) holds(version string) bool {
	c := w.current.Load()
	if c == nil {
		return false
	}
	have, err1 := strconv.ParseInt(c.Version(), 10, 64)
	got, err2 := strconv.ParseInt(version, 10, 64)
	return err1 == nil && err2 == nil && have >= got
}

// drain swallows notifications that arrive within d.
func drain(ctx context.Context, conn *pgx.Conn, d time.Duration) {
	deadline := time.Now().Add(d)
	for {
		wait, cancel := context.WithDeadline(ctx, deadline)
		_, err := conn.WaitForNotification(wait)
		cancel()
		if err != nil {
			return
		}
	}
}
