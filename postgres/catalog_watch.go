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
	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"

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

	onChange []func() // set before Run; called on every notification
}

// OnChange registers f to be called, on the listener's goroutine, each
// time a catalog write commits anywhere: the search relay is woken this
// way instead of waiting for its next poll. f must not block. Register
// before Run.
func (w *CatalogWatcher) OnChange(f func()) { w.onChange = append(w.onChange, f) }

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
	cat, err := w.store.loadCatalog(ctx)
	if err != nil {
		return err
	}
	w.current.Store(cat)
	w.log.Info("matching catalog loaded", slog.String("version", cat.Version()),
		slog.Int("vendors", cat.Len()), slog.Duration("took", time.Since(start)))
	return nil
}

// catalogBatch is how many vendors a load holds as structs at once.
const catalogBatch = 1000

// loadCatalog is matching.NewCatalog(s.Snapshot(ctx)) without the
// snapshot: it reads the vendors a batch at a time and compiles each batch
// before reading the next, so that a reload holds the compact catalog being
// built and one batch of vendor structs instead of every vendor decoded
// (about 2.5 KB each, against under 0.5 KB compiled). The reads share one
// repeatable-read transaction, as Snapshot's do, so the rows agree with the
// version and with each other.
func (s *VendorStore) loadCatalog(ctx context.Context) (*matching.Catalog, error) {
	var cat *matching.Catalog
	err := s.db.inTx(ctx, readOnly, func(tx *gorm.DB) error {
		version, err := readCatalogVersion(tx)
		if err != nil {
			return err
		}
		var n int64
		if err := tx.Model(&vendorRow{}).Count(&n).Error; err != nil {
			return err
		}
		b := matching.NewCatalogBuilder(version)
		b.Grow(int(n))
		// Pages by id use the primary key and never skip or repeat a row
		// inside the transaction; the catalog sorts itself.
		last := ""
		for {
			q := tx.Select("id", "slug", "name", "status", "union_shop", "serves", "services", "doc").
				Order("id").Limit(catalogBatch)
			if last != "" {
				q = q.Where("id > ?", last)
			}
			var rows []vendorRow
			if err := q.Find(&rows).Error; err != nil {
				return err
			}
			if len(rows) == 0 {
				break
			}
			vs, err := withCertifications(tx, rows)
			if err != nil {
				return err
			}
			for _, v := range vs {
				b.Add(v)
			}
			last = rows[len(rows)-1].ID
			if len(rows) < catalogBatch {
				break
			}
		}
		cat = b.Catalog()
		return nil
	})
	if err != nil {
		return nil, translate("load matching catalog", err)
	}
	return cat, nil
}

// Run listens for catalog changes until ctx ends, reconnecting with a
// growing pause when the database goes away.
func (w *CatalogWatcher) Run(ctx context.Context) {
	pause := time.Second
	for ctx.Err() == nil {
		listened, err := w.listen(ctx)
		if ctx.Err() != nil {
			return
		}
		if listened {
			pause = time.Second // the database was back; this is a new outage
		}
		w.log.Warn("catalog listener lost its connection; retrying", slog.String("error", err.Error()), slog.Duration("in", pause))
		select {
		case <-ctx.Done():
			return
		case <-time.After(pause):
		}
		pause = min(2*pause, maxListenPause)
	}
}

// The listener's waits are bounded like a request's: a database that
// stops answering without closing the connection (a partition) would
// otherwise hold the listener forever, deaf to every change made after the
// partition heals. So an idle listener checks its connection every
// listenProbe, and a reload gets reloadTimeout.
const (
	listenProbe    = 30 * time.Second
	probeTimeout   = 5 * time.Second
	reloadTimeout  = time.Minute
	maxListenPause = 10 * time.Second
)

// listen holds one LISTEN connection until it fails; listened reports that
// it got as far as listening.
func (w *CatalogWatcher) listen(ctx context.Context) (listened bool, err error) {
	cfg, err := connConfig(w.url, w.store.db.timeouts)
	if err != nil {
		return false, err
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return false, err
	}
	defer conn.Close(context.Background())
	if err := bounded(ctx, probeTimeout, func(ctx context.Context) error {
		_, err := conn.Exec(ctx, "LISTEN "+CatalogChangedChannel)
		return err
	}); err != nil {
		return false, err
	}
	// Anything may have changed while we were not listening.
	if err := bounded(ctx, reloadTimeout, w.Refresh); err != nil {
		return true, err
	}
	for {
		n, err := w.wait(ctx, conn)
		if err != nil {
			return true, err
		}
		if n == nil {
			continue // the connection answered a probe
		}
		for _, f := range w.onChange {
			f()
		}
		if w.holds(n.Payload) {
			continue
		}
		// A burst of writes sends a burst of notifications; wait briefly and
		// load once for all of them.
		drain(ctx, conn, 100*time.Millisecond)
		if err := bounded(ctx, reloadTimeout, w.Refresh); err != nil && !errors.Is(err, context.Canceled) {
			w.log.Warn("reload matching catalog", slog.String("error", err.Error()))
		}
	}
}

// wait returns the next notification, or nil after listenProbe of silence
// once the connection has answered a ping.
func (w *CatalogWatcher) wait(ctx context.Context, conn *pgx.Conn) (*pgconn.Notification, error) {
	wait, cancel := context.WithTimeout(ctx, listenProbe)
	n, err := conn.WaitForNotification(wait)
	cancel()
	if err == nil || ctx.Err() != nil || !errors.Is(err, context.DeadlineExceeded) {
		return n, err
	}
	return nil, bounded(ctx, probeTimeout, conn.Ping)
}

// bounded runs f with at most d of ctx's time.
func bounded(ctx context.Context, d time.Duration, f func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	return f(ctx)
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
