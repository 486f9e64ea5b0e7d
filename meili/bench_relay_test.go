package meili_test

import (
	"context"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/meilisearch/meilisearch-go"

	"callmatch/catalog"
	"callmatch/demo"
	"callmatch/meili"
)

// benchSeconds is how long BenchmarkRelayLag writes; CALLMATCH_BENCH_SECONDS
// overrides it.
func benchSeconds(b *testing.B, def int) time.Duration {
	if s := os.Getenv("CALLMATCH_BENCH_SECONDS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			b.Fatalf("CALLMATCH_BENCH_SECONDS=%q: want a whole number of seconds", s)
		}
		return time.Duration(n) * time.Second
	}
	return time.Duration(def) * time.Second
}

// BenchmarkRelayLag writes vendor updates at 200 per second
// (CALLMATCH_BENCH_RATE), each to a different vendor of 2000 so that no two
// coalesce, while one relay with the default settings carries them into the
// index: "poll" finds work every 200 ms, "wake" is also woken by every
// commit. It reports how long each update took from its commit until
// Meilisearch served it; the goal is that every update is searchable within
// 2 s.
// Run it once: go test ./meili/ -run '^$' -bench RelayLag -benchtime 1x
func BenchmarkRelayLag(b *testing.B) {
	const vendors = 2000
	rate := 200
	if s := os.Getenv("CALLMATCH_BENCH_RATE"); s != "" { // writes per second
		var err error
		if rate, err = strconv.Atoi(s); err != nil || rate < 1 || rate > 1000 {
			b.Fatalf("CALLMATCH_BENCH_RATE=%q: want 1 to 1000 writes a second", s)
		}
	}
	e, vs := indexedDemo(b, vendors)
	duration := benchSeconds(b, 15)
	// poll: the relay finds work every 200 ms by itself. wake: every commit
	// also calls Relay.Wake, as a catalog_changed listener would.
	for _, wake := range []bool{false, true} {
		b.Run(map[bool]string{false: "poll", true: "wake"}[wake], func(b *testing.B) {
			for b.Loop() {
				lat, achieved := relayLag(b, e, vs, rate, duration, wake)
				b.ReportMetric(achieved, "writes/s")
				reportPercentiles(b, lat, "ms")
			}
		})
	}
}

func relayLag(b *testing.B, e *env, vs []*catalog.Vendor, rate int, duration time.Duration, wake bool) ([]time.Duration, float64) {
	// The relay talks to Meilisearch through a recording proxy, which
	// tells which documents each task carried; Meilisearch's tasks tell
	// when each finished. That measures visibility exactly, and at no cost
	// to the engine, which polling documents for every write would load.
	proxyURL, rec := recordingProxy(b, e.stack.Meili.URL())
	ix, err := meili.New(meili.Config{URL: proxyURL, MasterKey: e.stack.Meili.MasterKey()})
	if err != nil {
		b.Fatal(err)
	}
	r := meili.NewRelay(e.src, ix, meili.RelayConfig{Logger: testLogger()})
	ctx, stop := context.WithCancel(e.ctx)
	var wg sync.WaitGroup
	wg.Go(func() { _ = r.Run(ctx) })
	defer func() { stop(); wg.Wait() }()

	type probe struct{ committed, seen time.Time }
	var mu sync.Mutex
	probes := map[int]*probe{}     // by write sequence number
	byVendor := map[string][]int{} // vendor id → its writes not yet seen
	var lat []time.Duration
	done := func(p *probe) bool { return !p.committed.IsZero() && !p.seen.IsZero() }
	finish := func(p *probe) { lat = append(lat, max(0, p.seen.Sub(p.committed))) }

	total := int(duration.Seconds()) * rate
	runID := strconv.FormatInt(time.Now().UnixNano(), 36) // descriptions differ from the last run's
	tokens := make(chan int)
	var writers sync.WaitGroup
	began := time.Now()
	for range 8 {
		writers.Go(func() {
			for seq := range tokens {
				v := vs[seq%len(vs)]
				mu.Lock()
				byVendor[v.ID] = append(byVendor[v.ID], seq)
				mu.Unlock()
				desc := "lag probe " + strconv.Itoa(seq) + " " + runID
				if _, err := e.store.UpdateVendor(e.ctx, v.ID, catalog.VendorUpdate{Description: &desc}); err != nil {
					b.Error(err)
					continue
				}
				now := time.Now()
				if wake {
					r.Wake()
				}
				mu.Lock()
				p := probes[seq]
				if p == nil {
					p = &probe{}
					probes[seq] = p
				}
				p.committed = now
				if done(p) { // seen before this goroutine got here
					finish(p)
				}
				mu.Unlock()
			}
		})
	}
	go func() {
		tick := time.NewTicker(time.Second / time.Duration(rate))
		defer tick.Stop()
		for seq := range total {
			<-tick.C
			tokens <- seq
		}
		close(tokens)
	}()
	writersDone := make(chan struct{})
	var wrote time.Duration
	go func() { writers.Wait(); wrote = time.Since(began); close(writersDone) }()

	deadline := time.Now().Add(duration + 60*time.Second)
	handled := map[int64]bool{}
	for {
		time.Sleep(50 * time.Millisecond)
		res, err := e.raw.GetTasks(e.ctx, &meilisearch.TasksQuery{Limit: 200, IndexUIDS: []string{meili.DefaultIndex},
			Types: []meilisearch.TaskType{meilisearch.TaskTypeDocumentAdditionOrUpdate}, Statuses: []meilisearch.TaskStatus{meilisearch.TaskStatusSucceeded}})
		if err != nil {
			b.Fatal(err)
		}
		sent := map[int64][]meili.Document{}
		for _, s := range rec.inTaskOrder() {
			sent[s.task] = s.docs
		}
		mu.Lock()
		for _, task := range res.Results {
			docs, ok := sent[task.UID]
			if handled[task.UID] || !ok { // not a relay's, or not recorded yet
				continue
			}
			handled[task.UID] = true
			for _, d := range docs {
				f := strings.Fields(d.Description) // lag probe SEQ RUN
				if len(f) != 4 || f[3] != runID {
					continue
				}
				seq, err := strconv.Atoi(f[2])
				if err != nil {
					continue
				}
				var left []int
				for _, s := range byVendor[d.ID] {
					if s > seq {
						left = append(left, s)
						continue
					}
					p := probes[s]
					if p == nil {
						p = &probe{}
						probes[s] = p
					}
					p.seen = task.FinishedAt
					if done(p) {
						finish(p)
					}
				}
				byVendor[d.ID] = left
			}
		}
		n := len(lat)
		mu.Unlock()
		select {
		case <-writersDone:
			if n >= total {
				return lat, float64(total) / wrote.Seconds()
			}
		default:
		}
		if time.Now().After(deadline) {
			b.Fatalf("only %d of %d writes became searchable", n, total)
		}
	}
}

// BenchmarkRelayThroughput measures how fast one relay with the default
// settings drains a backlog: 5000 updates, one per vendor so that none
// coalesce, written while no relay ran (as after an outage).
// Run it once: go test ./meili/ -run '^$' -bench RelayThroughput -benchtime 1x
func BenchmarkRelayThroughput(b *testing.B) {
	const n = 5000
	e, vs := indexedDemo(b, n)
	for b.Loop() {
		b.StopTimer()
		stamp := strconv.FormatInt(time.Now().UnixNano(), 36)
		for _, v := range vs {
			desc := "backlog " + stamp
			if _, err := e.store.UpdateVendor(e.ctx, v.ID, catalog.VendorUpdate{Description: &desc}); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := e.db.SQL().ExecContext(e.ctx, "ANALYZE"); err != nil { // see BenchmarkRelayLag
			b.Fatal(err)
		}
		b.StartTimer()
		began := time.Now()
		ctx, stop := context.WithCancel(e.ctx)
		r := meili.NewRelay(e.src, e.ix, meili.RelayConfig{Logger: testLogger()})
		var wg sync.WaitGroup
		wg.Go(func() { _ = r.Run(ctx) })
		e.waitDrained(5 * time.Minute)
		took := time.Since(began)
		stop()
		wg.Wait()
		b.ReportMetric(float64(len(vs))/took.Seconds(), "rows/s")
		b.Logf("%d rows relayed in %s", len(vs), took.Round(time.Millisecond))
	}
}

// indexedDemo is an environment holding n demo vendors, indexed, with the
// outbox drained.
func indexedDemo(b *testing.B, n int) (*env, []*catalog.Vendor) {
	e := newEnv(b)
	if _, _, err := e.store.UpsertVendors(e.ctx, demo.Vendors(n)); err != nil {
		b.Fatal(err)
	}
	// A fresh test database has no planner statistics, and without them
	// the outbox claim plans a nested loop that takes seconds at a few
	// thousand pending rows. Production has them: autovacuum analyzes.
	if _, err := e.db.SQL().ExecContext(e.ctx, "ANALYZE"); err != nil {
		b.Fatal(err)
	}
	e.reindex()
	e.drain(meili.NewRelay(e.src, e.ix, meili.RelayConfig{Logger: testLogger()}))
	vs, _, err := e.store.Snapshot(e.ctx)
	if err != nil {
		b.Fatal(err)
	}
	return e, vs
}
