package jobs

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"callmatch/devstack/pgtest"
	"callmatch/migrations"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

type benchArgs struct {
	Sent int64 `json:"sent"` // commit time, unix nanoseconds
}

func (benchArgs) Kind() string { return "bench" }

// latencies records, per job, the time from its insert's commit to the
// start of its Work.
type latencies struct {
	mu   sync.Mutex
	d    []time.Duration
	done chan struct{}
	want int
}

func (l *latencies) work(_ context.Context, j *river.Job[benchArgs]) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if j.Args.Sent > 0 {
		l.d = append(l.d, time.Since(time.Unix(0, j.Args.Sent)))
	} else {
		l.d = append(l.d, 0)
	}
	if len(l.d) == l.want {
		close(l.done)
	}
	return nil
}

func (l *latencies) report(b *testing.B) {
	slices.Sort(l.d)
	q := func(p float64) time.Duration { return l.d[min(len(l.d)-1, int(p*float64(len(l.d))))] }
	b.ReportMetric(q(0.5).Seconds()*1000, "p50-ms")
	b.ReportMetric(q(0.95).Seconds()*1000, "p95-ms")
	b.ReportMetric(l.d[len(l.d)-1].Seconds()*1000, "max-ms")
}

// BenchmarkJobPickup measures how long a job inserted in a transaction
// (as queueMail does, through riverdatabasesql on a *sql.Tx) waits before a
// worker starts it: poll is the app's client (riverdatabasesql, polling
// every second), listen a riverpgxv5 client on a pgx pool, woken by the
// insert's NOTIFY. 100 jobs, 20–120 ms apart.
//
//	go test ./jobs -run '^$' -bench BenchmarkJobPickup -benchtime 1x
func BenchmarkJobPickup(b *testing.B) {
	for _, mode := range []string{"poll", "listen"} {
		b.Run(mode, func(b *testing.B) {
			for range b.N {
				const n = 100
				db, inserter := benchDB(b)
				l := &latencies{done: make(chan struct{}), want: n}
				workers := river.NewWorkers()
				river.AddWorker(workers, river.WorkFunc(l.work))
				cfg := &river.Config{Queues: map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 4}},
					Workers: workers, Logger: slog.New(slog.DiscardHandler)}
				ctx := b.Context()
				var start, stop func() error
				if mode == "poll" {
					cfg.PollOnly, cfg.FetchPollInterval = true, time.Second
					c, err := river.NewClient(riverdatabasesql.New(db), cfg)
					if err != nil {
						b.Fatal(err)
					}
					start, stop = func() error { return c.Start(ctx) }, func() error { return c.Stop(ctx) }
				} else {
					pool, err := pgxpool.New(ctx, benchURL)
					if err != nil {
						b.Fatal(err)
					}
					defer pool.Close()
					c, err := river.NewClient(riverpgxv5.New(pool), cfg)
					if err != nil {
						b.Fatal(err)
					}
					start, stop = func() error { return c.Start(ctx) }, func() error { return c.Stop(ctx) }
				}
				if err := start(); err != nil {
					b.Fatal(err)
				}
				time.Sleep(2 * time.Second) // leader elected, listener up
				for range n {
					tx, err := db.BeginTx(ctx, nil)
					if err != nil {
						b.Fatal(err)
					}
					if _, err := inserter.InsertTx(ctx, tx, benchArgs{Sent: time.Now().UnixNano()}, nil); err != nil {
						b.Fatal(err)
					}
					// The clock starts at the commit, which is when a worker can see it.
					if err := tx.Commit(); err != nil {
						b.Fatal(err)
					}
					time.Sleep(time.Duration(20+rand.IntN(100)) * time.Millisecond)
				}
				<-l.done
				_ = stop()
				l.report(b)
			}
		})
	}
}

// BenchmarkJobThroughput times a client like the app's (riverdatabasesql,
// polling, 2 workers) working 1000 trivial jobs inserted beforehand (as
// after an outage), with River's default fetch cooldown and the app's.
//
//	go test ./jobs -run '^$' -bench BenchmarkJobThroughput -benchtime 1x
func BenchmarkJobThroughput(b *testing.B) {
	for _, cooldown := range []time.Duration{river.FetchCooldownDefault, fetchCooldown} {
		b.Run("cooldown="+cooldown.String(), func(b *testing.B) { benchThroughput(b, cooldown) })
	}
}

func benchThroughput(b *testing.B, cooldown time.Duration) {
	for range b.N {
		const n = 1000
		db, inserter := benchDB(b)
		ctx := b.Context()
		params := make([]river.InsertManyParams, n)
		for i := range params {
			params[i] = river.InsertManyParams{Args: benchArgs{}}
		}
		if _, err := inserter.InsertMany(ctx, params); err != nil {
			b.Fatal(err)
		}
		l := &latencies{done: make(chan struct{}), want: n}
		workers := river.NewWorkers()
		river.AddWorker(workers, river.WorkFunc(l.work))
		c, err := river.NewClient(riverdatabasesql.New(db), &river.Config{
			Queues:  map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: defaultWorkers}},
			Workers: workers, PollOnly: true, FetchPollInterval: time.Second, FetchCooldown: cooldown,
			Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			b.Fatal(err)
		}
		began := time.Now()
		if err := c.Start(ctx); err != nil {
			b.Fatal(err)
		}
		<-l.done
		took := time.Since(began)
		_ = c.Stop(ctx)
		b.ReportMetric(float64(n)/took.Seconds(), "jobs/s")
		fmt.Printf("%d jobs in %s\n", n, took.Round(time.Millisecond))
	}
}

var benchURL string

func benchDB(b *testing.B) (*sql.DB, *river.Client[*sql.Tx]) {
	benchURL = pgtest.NewDB(b)
	db, err := migrations.Open(benchURL)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	inserter, err := river.NewClient(riverdatabasesql.New(db), &river.Config{})
	if err != nil {
		b.Fatal(err)
	}
	return db, inserter
}
