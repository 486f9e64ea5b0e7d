package meili_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"os"
	"sort"
	"testing"
	"time"

	"github.com/meilisearch/meilisearch-go"

	"callmatch"
	"callmatch/catalog"
	"callmatch/devstack"
	"callmatch/devstack/pgtest"
	"callmatch/meili"
	"callmatch/postgres"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// env is one test's PostgreSQL database and Meilisearch server. Each test
// has its own server: fault tests kill theirs, and indexes never collide.
type env struct {
	t     testing.TB
	ctx   context.Context
	db    *postgres.DB
	store *postgres.VendorStore
	src   meili.Source
	stack *devstack.Stack
	ix    *meili.Index
	raw   meilisearch.ServiceManager // for reading the index back as it is
}

// asOf is "today" in these tests: the demo data's reference day.
var asOf = callmatch.MustParseDate("2026-12-01")

func newEnv(t testing.TB) *env {
	t.Helper()
	ctx := callmatch.WithActor(context.Background(), callmatch.Actor{System: "test"})
	st, err := devstack.Start(ctx, devstack.Options{Meili: true, Logger: testLogger()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Stop() })
	db, err := postgres.Open(ctx, pgtest.NewDB(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	store := postgres.NewVendorStore(db)
	store.Now = func() time.Time { return asOf.Time().Add(12 * time.Hour) }
	ix, err := meili.New(meili.Config{URL: st.Meili.URL(), MasterKey: st.Meili.MasterKey(),
		Logger: testLogger(), Now: store.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ix.Close)
	if err := ix.Ensure(ctx); err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, ctx: ctx, db: db, store: store, src: postgresSource(db, store), stack: st, ix: ix,
		raw: meilisearch.New(st.Meili.URL(), meilisearch.WithAPIKey(st.Meili.MasterKey()))}
	t.Cleanup(e.raw.Close)
	return e
}

func testLogger() *slog.Logger {
	level := slog.LevelError
	if os.Getenv("MEILI_TEST_LOG") != "" {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
}

func (e *env) create(vs ...*catalog.Vendor) {
	e.t.Helper()
	for _, v := range vs {
		if err := e.store.CreateVendor(e.ctx, v); err != nil {
			e.t.Fatal(err)
		}
	}
}

func (e *env) reindex() {
	e.t.Helper()
	if _, err := meili.Reindex(e.ctx, e.src, e.ix); err != nil {
		e.t.Fatal(err)
	}
}

// drain runs a relay until the outbox is empty.
func (e *env) drain(r *meili.Relay) {
	e.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		n, err := r.Step(e.ctx)
		if err != nil {
			e.t.Fatalf("relay step: %v", err)
		}
		if n == 0 {
			time.Sleep(20 * time.Millisecond) // rows may be waiting out a retry delay
		}
		pending, err := e.db.OutboxPending(e.ctx)
		if err != nil {
			e.t.Fatal(err)
		}
		if pending == 0 {
			return
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("outbox still holds %d rows", pending)
		}
	}
}

// waitDrained waits until relays running elsewhere have emptied the outbox.
func (e *env) waitDrained(timeout time.Duration) {
	e.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		n, err := e.db.OutboxPending(e.ctx)
		if err == nil && n == 0 {
			return
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("outbox still holds %d rows after %s (last error: %v)", n, timeout, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// indexed returns every document in the live index by id.
func (e *env) indexed() map[string]meili.Document {
	e.t.Helper()
	out := map[string]meili.Document{}
	for offset := int64(0); ; offset += 1000 {
		var res meilisearch.DocumentsResult
		err := e.raw.Index(meili.DefaultIndex).GetDocuments(e.ctx, &meilisearch.DocumentsQuery{Offset: offset, Limit: 1000}, &res)
		if err != nil {
			e.t.Fatal(err)
		}
		for _, h := range res.Results {
			var d meili.Document
			if err := h.DecodeInto(&d); err != nil {
				e.t.Fatal(err)
			}
			out[d.ID] = d
		}
		if len(res.Results) < 1000 {
			return out
		}
	}
}

// truth returns the document every vendor in PostgreSQL should have now.
func (e *env) truth() map[string]meili.Document {
	e.t.Helper()
	vs, _, err := e.store.Snapshot(e.ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	rows, err := e.db.SQL().QueryContext(e.ctx, `SELECT id::text, version FROM vendors`)
	if err != nil {
		e.t.Fatal(err)
	}
	defer rows.Close()
	versions := map[string]int64{}
	for rows.Next() {
		var id string
		var v int64
		if err := rows.Scan(&id, &v); err != nil {
			e.t.Fatal(err)
		}
		versions[id] = v
	}
	out := map[string]meili.Document{}
	for _, v := range vs {
		out[v.ID] = meili.NewDocument(v, versions[v.ID])
	}
	return out
}

// assertConverged compares the index with PostgreSQL: the same ids, and for
// each the same version and content hash.
func (e *env) assertConverged() {
	e.t.Helper()
	want, got := e.truth(), e.indexed()
	if len(want) != len(got) {
		e.t.Errorf("index holds %d vendors, PostgreSQL %d", len(got), len(want))
	}
	bad := 0
	for _, id := range sortedKeys(want) {
		w, ok := got[id]
		switch {
		case !ok:
			e.t.Errorf("vendor %s is missing from the index", id)
		case w.Version != want[id].Version || hash(w) != hash(want[id]):
			e.t.Errorf("vendor %s: index has version %d hash %s, PostgreSQL version %d hash %s",
				id, w.Version, hash(w)[:12], want[id].Version, hash(want[id])[:12])
		default:
			continue
		}
		if bad++; bad > 10 {
			e.t.Fatal("too many differences")
		}
	}
	for id := range got {
		if _, ok := want[id]; !ok {
			e.t.Errorf("index holds vendor %s, which PostgreSQL does not", id)
		}
	}
}

func hash(d meili.Document) string {
	b, err := json.Marshal(d)
	if err != nil {
		panic(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
