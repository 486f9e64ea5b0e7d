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
// vendors and bookings tables, so that a what-if match costs no database
// query. It LISTENs on CatalogChangedChannel and reloads when the version
// moves: when only bookings changed since its last load it keeps the
// compiled vendors and applies the bookings read anew (WithBookings), else
// it reloads everything. After a lost connection it reloads anyway,
// because notifications sent while it was away are gone.
type CatalogWatcher struct {
	store *VendorStore
	url   string
	log   *slog.Logger

	current atomic.Pointer[heldCatalog]
	reload  sync.Mutex // one load at a time; concurrent callers wait for it

	onChange []func() // set before Run; called on every notification
}

// heldCatalog is what the watcher holds: the compiled vendors, the
// snapshot with bookings that matching runs on, and the versions read with
// them. cat.Version() is the version of the whole snapshot, bookings
// included; vendors.Version() the one its vendors were compiled at.
type heldCatalog struct {
	vendors *matching.Catalog
	cat     *matching.Catalog
	v       catalogVersions
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
	if h := w.current.Load(); h != nil {
		return h.cat, nil
	}
	if err := w.Refresh(ctx); err != nil {
		return nil, err
	}
	return w.current.Load().cat, nil
}

// Refresh loads the catalog if its version differs from the one held:
// only the bookings when nothing else changed, else all of it.
func (w *CatalogWatcher) Refresh(ctx context.Context) error {
	w.reload.Lock()
	defer w.reload.Unlock()
	held := w.current.Load()
	if held != nil {
		v, err := readVersions(w.store.db.gorm.WithContext(ctx))
		if err != nil {
			return translate("read catalog version", err)
		}
		if v == held.v {
			return nil
		}
	}
	start := time.Now()
	h, err := w.store.loadSnapshot(ctx, held)
	if err != nil {
		return err
	}
	w.current.Store(h)
	what := "matching catalog loaded"
	if held != nil && h.vendors == held.vendors {
		what = "matching catalog bookings reloaded"
	}
	w.log.Info(what, slog.String("version", h.v.String()),
		slog.Int("vendors", h.cat.Len()), slog.Duration("took", time.Since(start)))
	return nil
}

// catalogBatch is how many vendors a load holds as structs at once.
const catalogBatch = 1000

// loadCatalog is matching.NewCatalog(s.Snapshot(ctx)) without the
// snapshot, with the bookings applied (see loadSnapshot).
func (s *VendorStore) loadCatalog(ctx context.Context) (*matching.Catalog, error) {
	h, err := s.loadSnapshot(ctx, nil)
	if err != nil {
		return nil, err
	}
	return h.cat, nil
}

// loadSnapshot reads the bookings and, unless only bookings were written
// since held was loaded, the vendors, in one repeatable-read transaction so
// that the rows agree with the versions and with each other.
func (s *VendorStore) loadSnapshot(ctx context.Context, held *heldCatalog) (*heldCatalog, error) {
	h := &heldCatalog{}
	err := s.db.inTx(ctx, readOnly, func(tx *gorm.DB) error {
		var err error
		if h.v, err = readVersions(tx); err != nil {
			return err
		}
		if held != nil && h.v.onlyBookingsSince(held.v) {
			h.vendors = held.vendors
		} else if h.vendors, err = compileVendors(tx, h.v.String()); err != nil {
			return err
		}
		bs, err := loadBookings(tx)
		if err != nil {
			return err
		}
		hs, err := loadHolds(tx)
		if err != nil {
			return err
		}
		h.cat = h.vendors.WithBookings(bs).Stamped(h.v.String()).WithHolds(hs)
		return nil
	})
	if err != nil {
		return nil, translate("load matching catalog", err)
	}
	return h, nil
}

// compileVendors reads the vendors a batch at a time and compiles each
// batch before reading the next, so that a reload holds the compact
// catalog being built and one batch of vendor structs instead of every
// vendor decoded (about 2.5 KB each, against under 0.5 KB compiled).
func compileVendors(tx *gorm.DB, version string) (*matching.Catalog, error) {
	var n int64
	if err := tx.Model(&vendorRow{}).Count(&n).Error; err != nil {
		return nil, err
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
			return nil, err
		}
		if len(rows) == 0 {
			break
		}
		vs, err := withCertifications(tx, rows)
		if err != nil {
			return nil, err
		}
		for _, v := range vs {
			b.Add(v)
		}
		last = rows[len(rows)-1].ID
		if len(rows) < catalogBatch {
			break
		}
	}
	return b.Catalog(), nil
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
	h := w.current.Load()
	if h == nil {
		return false
	}
	got, err := strconv.ParseInt(version, 10, 64)
	return err == nil && h.v.all >= got
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
