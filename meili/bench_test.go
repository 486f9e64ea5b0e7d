package meili_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/meilisearch/meilisearch-go"

	"callmatch/api"
	"callmatch/catalog"
	"callmatch/demo"
	"callmatch/devstack"
	"callmatch/meili"
)

// benchVendors is the catalog size of BenchmarkSearchAPI; the goal
// is stated for 100k. CALLMATCH_BENCH_VENDORS overrides it.
func benchVendors(b *testing.B, def int) int {
	if s := os.Getenv("CALLMATCH_BENCH_VENDORS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 100 {
			b.Fatalf("CALLMATCH_BENCH_VENDORS=%q: want a number of at least 100", s)
		}
		return n
	}
	return def
}

// BenchmarkSearchAPI measures GET /api/v1/vendors/search end to end (HTTP,
// the API server, one multi-search on Meilisearch) over a demo catalog of
// 100k vendors, cycling through a mix of advisor queries. It reports the
// latency percentiles; the goal is p95 ≤ 50 ms.
func BenchmarkSearchAPI(b *testing.B) {
	ctx := context.Background()
	n := benchVendors(b, 100_000)
	st, err := devstack.Start(ctx, devstack.Options{Meili: true, Logger: testLogger()})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Stop() })
	ix, err := meili.New(meili.Config{URL: st.Meili.URL(), MasterKey: st.Meili.MasterKey(), Now: func() time.Time { return asOf.Time() }})
	if err != nil {
		b.Fatal(err)
	}
	if err := ix.Ensure(ctx); err != nil {
		b.Fatal(err)
	}
	began := time.Now()
	vs := demo.Vendors(n)
	docs := make([]meili.Document, n)
	for i, v := range vs {
		docs[i] = meili.NewDocument(v, 1)
	}
	raw := meilisearch.New(st.Meili.URL(), meilisearch.WithAPIKey(st.Meili.MasterKey()))
	pk := "id"
	tasks, err := raw.Index(meili.DefaultIndex).AddDocumentsInBatches(ctx, docs, 10_000, &meilisearch.DocumentOptions{PrimaryKey: &pk})
	if err != nil {
		b.Fatal(err)
	}
	for _, t := range tasks {
		task, err := raw.WaitForTask(ctx, t.TaskUID, 100*time.Millisecond)
		if err != nil || task.Status != meilisearch.TaskStatusSucceeded {
			b.Fatalf("load: %v %+v", err, task)
		}
	}
	b.Logf("indexed %d vendors in %s", n, time.Since(began).Round(time.Millisecond))

	srv := httptest.NewServer(api.New(api.Config{Logger: slog.New(slog.DiscardHandler), Auth: tokenAuth{}, Search: ix}))
	b.Cleanup(srv.Close)
	queries := searchMix(vs[n/3].Name, vs[n/2].Sites[0].City)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}
	do := func(q string) time.Duration {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/api/v1/vendors/search?"+q, nil)
		req.Header.Set("Authorization", "Bearer cmt_advisor")
		start := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		var buf [32 << 10]byte
		for {
			if _, err := resp.Body.Read(buf[:]); err != nil {
				break
			}
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("%s: %d", q, resp.StatusCode)
		}
		return time.Since(start)
	}
	for _, q := range queries { // warm the caches once
		do(q)
	}
	var lat []time.Duration
	perQuery := make([][]time.Duration, len(queries))
	i := 0
	for b.Loop() {
		d := do(queries[i%len(queries)])
		lat = append(lat, d)
		perQuery[i%len(queries)] = append(perQuery[i%len(queries)], d)
		i++
	}
	b.StopTimer()
	for j, q := range queries {
		if ds := perQuery[j]; len(ds) > 0 {
			slices.Sort(ds)
			b.Logf("%-70s p50 %5.1fms p95 %5.1fms", "?"+q, ms(ds[len(ds)/2]), ms(ds[min(len(ds)-1, len(ds)*95/100)]))
		}
	}
	reportPercentiles(b, lat, "ms")
}

// searchMix is what advisors type and click: words with and without typos,
// facet filters, sorts and deeper pages.
func searchMix(name, city string) []string {
	// A typo in the longest word of a vendor's name: one letter dropped.
	words := strings.Fields(name)
	longest := 0
	for i, w := range words {
		if len(w) > len(words[longest]) {
			longest = i
		}
	}
	typoed := slices.Clone(words)
	if w := typoed[longest]; len(w) > 4 {
		typoed[longest] = w[:2] + w[3:]
	}
	typo := strings.Join(typoed, " ")
	return []string{
		"q=spanish+gotv+texas+union",
		"q=gotv&language=es&state=TX",
		"certification=pci_dss&union_shop=true&sort=lowest_rate",
		"q=" + strings.ReplaceAll(typo, " ", "+"),
		"",
		"q=persuasion+polling&serves=republican",
		"language=vi&service=p2p_texting&onshore=true&sort=-total_seats",
		"q=" + strings.ReplaceAll(city, " ", "+"),
		"q=tele+town+hall&certification=soc2_type2",
		"state=CA&page=5",
		"q=bilingual+fundraising&per_page=50",
		"q=" + strings.ReplaceAll(name, " ", "+"),
	}
}

func reportPercentiles(b *testing.B, lat []time.Duration, unit string) {
	b.Helper()
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	scale := float64(time.Millisecond)
	if unit == "s" {
		scale = float64(time.Second)
	}
	pct := func(p float64) float64 { return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))]) / scale }
	b.ReportMetric(pct(0.50), "p50-"+unit)
	b.ReportMetric(pct(0.95), "p95-"+unit)
	b.ReportMetric(pct(0.99), "p99-"+unit)
	b.ReportMetric(float64(lat[len(lat)-1])/scale, "max-"+unit)
	b.Logf("%d samples: p50 %.1f%s p95 %.1f%s p99 %.1f%s max %.1f%s", len(lat),
		pct(0.50), unit, pct(0.95), unit, pct(0.99), unit, float64(lat[len(lat)-1])/scale, unit)
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

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

// BenchmarkRelayLag writes vendor updates at 200 per second, each to a
// different vendor of 2000 so that no two coalesce, while one relay with the
// default settings (200 ms poll, no wake-ups) carries them into the index.
// It reports how long each update took from its commit until Meilisearch
// served it; the goal is that every update is searchable within 2 s.
// Run it once: go test ./meili/ -run '^$' -bench RelayLag -benchtime 1x
func BenchmarkRelayLag(b *testing.B) {
	const rate, vendors = 200, 2000
	e := newEnv(b)
	if _, _, err := e.store.UpsertVendors(e.ctx, demo.Vendors(vendors)); err != nil {
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
	e := newEnv(b)
	if _, _, err := e.store.UpsertVendors(e.ctx, demo.Vendors(n)); err != nil {
		b.Fatal(err)
	}
	if _, err := e.db.SQL().ExecContext(e.ctx, "ANALYZE"); err != nil { // see BenchmarkRelayLag
		b.Fatal(err)
	}
	e.reindex()
	e.drain(meili.NewRelay(e.src, e.ix, meili.RelayConfig{Logger: testLogger()}))
	vs, _, err := e.store.Snapshot(e.ctx)
	if err != nil {
		b.Fatal(err)
	}
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
