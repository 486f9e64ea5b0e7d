package meili_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"callmatch"
	"callmatch/catalog"
	"callmatch/demo"
	"callmatch/meili"
)

func TestRelayFollowsWrites(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := meili.NewRelay(e.src, e.ix, meili.RelayConfig{Logger: testLogger()})
	vs := fixture()
	e.create(vs...)
	e.drain(r)
	e.assertConverged()

	name := "Keystone Dialers & Data"
	if _, err := e.store.UpdateVendor(e.ctx, vs[3].ID, catalog.VendorUpdate{Name: &name}); err != nil {
		t.Fatal(err)
	}
	c, err := e.store.AddCertification(e.ctx, vs[4].ID, cert("soc2_type2", "pending", "2026-01-01", "2027-06-01"))
	if err != nil {
		t.Fatal(err)
	}
	e.drain(r)
	e.assertConverged()
	res := search(t, e, catalog.SearchQuery{Filter: catalog.VendorFilter{Certification: "soc2_type2"}})
	if got := slugs(res); !slices.Equal(got, []string{"peach-state-phones"}) {
		t.Errorf("before verification: %v", got)
	}
	if _, _, err := e.store.DecideCertification(e.ctx, c.ID, catalog.CertificationDecision{Status: "verified"}); err != nil {
		t.Fatal(err)
	}
	e.drain(r)
	e.assertConverged()
	res = search(t, e, catalog.SearchQuery{Filter: catalog.VendorFilter{Certification: "soc2_type2"}})
	if got := slugs(res); !slices.Equal(got, []string{"bayou-outreach", "peach-state-phones"}) {
		t.Errorf("after verification: %v", got)
	}
	res = search(t, e, catalog.SearchQuery{Text: "dialers data"})
	if len(res.Hits) == 0 || res.Hits[0].Name != name {
		t.Errorf("renamed vendor not found: %v", slugs(res))
	}

	// The store cannot delete vendors yet; when something does, its outbox
	// row makes the relay drop the document. Rows with ids that name no
	// vendor at all must not block the rest.
	if _, err := e.db.SQL().ExecContext(e.ctx, `DELETE FROM vendors WHERE id = $1`, vs[0].ID); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{vs[0].ID, "not-a-uuid"} {
		if _, err := e.db.SQL().ExecContext(e.ctx,
			`INSERT INTO outbox (aggregate, aggregate_id, version) VALUES ('vendor', $1, 99)`, id); err != nil {
			t.Fatal(err)
		}
	}
	e.drain(r)
	e.assertConverged()
}

// TestRelayOutage kills Meilisearch with SIGKILL in the middle of a stream
// of vendor writes. Writes keep succeeding, search answers unavailable,
// the relay logs the outage once, and once Meilisearch is back the index
// converges to exactly what PostgreSQL holds.
func TestRelayOutage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	if _, _, err := e.store.UpsertVendors(e.ctx, demo.Vendors(60)); err != nil {
		t.Fatal(err)
	}
	e.reindex()
	vs, _, err := e.store.Snapshot(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	logs := &logRecorder{}
	r := meili.NewRelay(e.src, e.ix, meili.RelayConfig{Logger: slog.New(logs), Batch: 20})
	ctx, stop := context.WithCancel(e.ctx)
	relayDone := make(chan error, 1)
	go func() { relayDone <- r.Run(ctx) }()
	defer func() { stop(); <-relayDone }()

	const writes = 400
	killed, restarted := make(chan struct{}), make(chan struct{})
	writerDone := make(chan error, 1)
	go func() {
		rng := rand.New(rand.NewPCG(1, 2))
		for i := range writes {
			if i == writes/4 {
				close(killed)
				<-restarted
			}
			v := vs[rng.IntN(len(vs))]
			desc := fmt.Sprintf("update %d of a stream", i)
			if _, err := e.store.UpdateVendor(e.ctx, v.ID, catalog.VendorUpdate{Description: &desc}); err != nil {
				writerDone <- fmt.Errorf("write %d: %w", i, err)
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
		writerDone <- nil
	}()

	<-killed
	if err := e.stack.Meili.Kill(); err != nil {
		t.Fatal(err)
	}
	// Down: writes succeed (the writer goes on below), search and
	// readiness say unavailable.
	for i := range 50 {
		desc := fmt.Sprintf("written while down %d", i)
		if _, err := e.store.UpdateVendor(e.ctx, vs[i].ID, catalog.VendorUpdate{Description: &desc}); err != nil {
			t.Fatalf("write while search is down: %v", err)
		}
	}
	_, err = e.ix.SearchVendors(e.ctx, catalog.SearchQuery{Text: "gotv"})
	var ce *callmatch.Error
	if callmatch.ErrorCode(err) != callmatch.EUNAVAILABLE || !errors.As(err, &ce) || ce.RetryAfter <= 0 {
		t.Errorf("search while down: %v, want unavailable with a retry-after", err)
	}
	if err := e.ix.Check(e.ctx); callmatch.ErrorCode(err) != callmatch.EUNAVAILABLE {
		t.Errorf("readiness check while down: %v", err)
	}
	time.Sleep(2500 * time.Millisecond) // several relay probes fail meanwhile
	if err := e.stack.Meili.Start(e.ctx); err != nil {
		t.Fatal(err)
	}
	close(restarted)
	if err := <-writerDone; err != nil {
		t.Fatal(err)
	}
	e.waitDrained(60 * time.Second)
	e.assertConverged()
	if err := e.ix.Check(e.ctx); err != nil {
		t.Errorf("readiness after restart: %v", err)
	}
	if n := logs.count(slog.LevelError); n != 1 {
		t.Errorf("relay logged %d errors during one outage, want 1:\n%s", n, logs)
	}
	if n := logs.countMsg("search relay recovered"); n != 1 {
		t.Errorf("relay logged its recovery %d times, want 1:\n%s", n, logs)
	}
}

// TestTwoRelays runs two relays at once against a stream of writes to a few
// vendors. A recording proxy sees every document batch each relay sends and
// the task Meilisearch gives it; in task order (the order Meilisearch
// applies them) no vendor's version may go backwards, and in the end the
// index must equal PostgreSQL.
func TestTwoRelays(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	vs := fixture()
	e.create(vs...)
	// Relayed once first: a fresh index takes a while over its first
	// write, and the relays should race each other, not wait it out.
	e.drain(meili.NewRelay(e.src, e.ix, meili.RelayConfig{}))
	proxyURL, rec := recordingProxy(t, e.stack.Meili.URL())
	ix, err := meili.New(meili.Config{URL: proxyURL, MasterKey: e.stack.Meili.MasterKey(), Now: e.store.Now})
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(e.ctx)
	var wg sync.WaitGroup
	for range 2 {
		r := meili.NewRelay(e.src, ix, meili.RelayConfig{Batch: 3, Poll: 10 * time.Millisecond, Logger: testLogger()})
		wg.Go(func() { _ = r.Run(ctx) })
	}
	defer func() { stop(); wg.Wait() }()

	// Writers go on until the relays have taken many turns, however fast
	// this machine's Meilisearch happens to be.
	deadline := time.Now().Add(20 * time.Second)
	var writers sync.WaitGroup
	for w := range 4 {
		writers.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), 7))
			for i := 0; rec.len() < 40 && time.Now().Before(deadline); i++ {
				v := vs[rng.IntN(len(vs))]
				desc := fmt.Sprintf("writer %d, write %d", w, i)
				if _, err := e.store.UpdateVendor(e.ctx, v.ID, catalog.VendorUpdate{Description: &desc}); err != nil {
					t.Error(err)
					return
				}
				time.Sleep(10 * time.Millisecond)
			}
		})
	}
	writers.Wait()
	e.waitDrained(60 * time.Second)
	e.assertConverged()

	sends := rec.inTaskOrder()
	t.Logf("%d document batches", len(sends))
	if len(sends) < 10 {
		t.Fatalf("only %d document batches went through the proxy", len(sends))
	}
	last := map[string]int64{}
	for _, s := range sends {
		for _, doc := range s.docs {
			if doc.Version < last[doc.ID] {
				t.Errorf("task %d sets vendor %s to version %d after version %d", s.task, doc.ID, doc.Version, last[doc.ID])
			}
			last[doc.ID] = doc.Version
		}
	}
}

type sent struct {
	task int64
	docs []meili.Document
}

type sendLog struct {
	mu    sync.Mutex
	sends []sent
}

func (l *sendLog) len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.sends)
}

func (l *sendLog) inTaskOrder() []sent {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := slices.Clone(l.sends)
	slices.SortFunc(out, func(a, b sent) int { return int(a.task - b.task) })
	return out
}

// recordingProxy forwards to target and records every document addition
// with the task uid Meilisearch answered.
func recordingProxy(t testing.TB, target string) (string, *sendLog) {
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	rec := &sendLog{}
	proxy := httputil.NewSingleHostReverseProxy(u)
	proxy.ModifyResponse = func(resp *http.Response) error {
		req := resp.Request
		if req.Method != http.MethodPost || !strings.HasSuffix(req.URL.Path, "/indexes/"+meili.DefaultIndex+"/documents") ||
			resp.StatusCode != http.StatusAccepted {
			return nil
		}
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			return err
		}
		resp.Body = io.NopCloser(bytes.NewReader(body))
		var task struct {
			TaskUID int64 `json:"taskUid"`
		}
		if err := json.Unmarshal(body, &task); err != nil {
			return err
		}
		docs, _ := req.Context().Value(docsKey{}).([]meili.Document)
		rec.mu.Lock()
		rec.sends = append(rec.sends, sent{task: task.TaskUID, docs: docs})
		rec.mu.Unlock()
		return nil
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Without the client's Accept-Encoding the proxy's transport asks
		// for gzip itself and hands ModifyResponse plain JSON.
		r.Header.Del("Accept-Encoding")
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/documents") {
			body, err := io.ReadAll(r.Body)
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			var docs []meili.Document
			_ = json.Unmarshal(body, &docs)
			r.Body = io.NopCloser(bytes.NewReader(body))
			r = r.WithContext(context.WithValue(r.Context(), docsKey{}, docs))
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, rec
}

type docsKey struct{}

// logRecorder keeps log records for assertions.
type logRecorder struct {
	mu      sync.Mutex
	records []slog.Record
}

func (l *logRecorder) Enabled(context.Context, slog.Level) bool { return true }
func (l *logRecorder) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.records = append(l.records, r.Clone())
	return nil
}
func (l *logRecorder) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *logRecorder) WithGroup(string) slog.Handler      { return l }

func (l *logRecorder) count(level slog.Level) int {
	return l.countWhere(func(r slog.Record) bool { return r.Level == level })
}

func (l *logRecorder) countMsg(msg string) int {
	return l.countWhere(func(r slog.Record) bool { return r.Message == msg })
}

func (l *logRecorder) countWhere(match func(slog.Record) bool) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, r := range l.records {
		if match(r) {
			n++
		}
	}
	return n
}

func (l *logRecorder) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var b strings.Builder
	for _, r := range l.records {
		fmt.Fprintf(&b, "%s %s", r.Level, r.Message)
		r.Attrs(func(a slog.Attr) bool { fmt.Fprintf(&b, " %s", a); return true })
		b.WriteByte('\n')
	}
	return b.String()
}
