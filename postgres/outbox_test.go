package postgres

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"sync"
	"testing"
	"time"

	"callmatch/catalog"
	"callmatch/devstack/pgtest"
)

// rename writes a vendor n times, giving it n more outbox rows.
func rename(t *testing.T, s *VendorStore, id string, n int) {
	t.Helper()
	for i := range n {
		name := fmt.Sprintf("Name %d %d", i, rand.Int())
		if _, err := s.UpdateVendor(staffCtx(t), id, catalog.VendorUpdate{Name: &name}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestOutboxClaimsOldestRowPerAggregate(t *testing.T) {
	t.Parallel()
	db, s := newVendorStore(t)
	ctx := t.Context()
	a := mustCreate(t, s, testVendor("alpha"))
	rename(t, s, a.ID, 2)
	b := mustCreate(t, s, testVendor("beta"))

	rows, err := db.ClaimOutbox(ctx, AggregateVendor, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].AggregateID != a.ID || rows[0].Version != 1 || rows[1].AggregateID != b.ID {
		t.Fatalf("claimed %+v, want alpha v1 and beta v1", rows)
	}
	ra, rb := rows[0], rows[1]
	if ra.Through != ra.ID+2 || rb.Through != rb.ID || ra.Attempts != 1 || ra.Aggregate != AggregateVendor {
		t.Fatalf("alpha %+v, beta %+v", ra, rb)
	}
	// While alpha's head is leased nobody gets alpha's later rows.
	if more, err := db.ClaimOutbox(ctx, AggregateVendor, 10); err != nil || len(more) != 0 {
		t.Fatalf("second claim got %+v, %v", more, err)
	}
	// Completing alpha's head completes the rows it covered.
	if err := db.CompleteOutbox(ctx, []OutboxRow{ra}); err != nil {
		t.Fatal(err)
	}
	if n, _ := db.OutboxPending(ctx); n != 1 {
		t.Errorf("%d pending after completing alpha, want beta's 1", n)
	}
	// A later write to alpha is claimable at once.
	rename(t, s, a.ID, 1)
	rows, err = db.ClaimOutbox(ctx, AggregateVendor, 10)
	if err != nil || len(rows) != 1 || rows[0].AggregateID != a.ID || rows[0].Version != 4 {
		t.Fatalf("claim after new write: %+v, %v", rows, err)
	}
}

func TestOutboxRetryWaitsAndKeepsOrder(t *testing.T) {
	t.Parallel()
	db, s := newVendorStore(t)
	ctx := t.Context()
	a := mustCreate(t, s, testVendor("alpha"))
	rows, _ := db.ClaimOutbox(ctx, AggregateVendor, 10)
	rename(t, s, a.ID, 1) // a later row queues behind the failing one

	if err := db.RetryOutbox(ctx, rows[0], errors.New("meilisearch: 503"), time.Hour); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.ClaimOutbox(ctx, AggregateVendor, 10); len(got) != 0 {
		t.Fatalf("claimed %+v during the backoff", got)
	}
	// Once the backoff is over the same row comes back first, with its history.
	db.gorm.Exec("UPDATE outbox SET next_attempt_at = now() WHERE id = ?", rows[0].ID)
	again, err := db.ClaimOutbox(ctx, AggregateVendor, 10)
	if err != nil || len(again) != 1 {
		t.Fatalf("claim after backoff: %+v, %v", again, err)
	}
	if r := again[0]; r.ID != rows[0].ID || r.Attempts != 2 || r.LastError != "meilisearch: 503" || r.Through != r.ID+1 {
		t.Errorf("reclaimed %+v", r)
	}
}

func TestOutboxLostLeaseIsNotCompleted(t *testing.T) {
	t.Parallel()
	db, s := newVendorStore(t)
	ctx := t.Context()
	mustCreate(t, s, testVendor("alpha"))
	first, _ := db.ClaimOutbox(ctx, AggregateVendor, 1)
	// The first relay stalls past its lease and a second one takes over.
	db.gorm.Exec("UPDATE outbox SET next_attempt_at = now() - interval '1 second'")
	second, _ := db.ClaimOutbox(ctx, AggregateVendor, 1)
	if len(first) != 1 || len(second) != 1 || first[0].ID != second[0].ID {
		t.Fatalf("first %+v second %+v", first, second)
	}
	if err := db.RetryOutbox(ctx, first[0], errors.New("late"), 0); err != nil {
		t.Fatal(err)
	}
	if err := db.CompleteOutbox(ctx, first); err != nil {
		t.Fatal(err)
	}
	if n, _ := db.OutboxPending(ctx); n != 1 {
		t.Fatal("the stale relay completed a row it no longer holds")
	}
	if err := db.CompleteOutbox(ctx, second); err != nil {
		t.Fatal(err)
	}
	if n, _ := db.OutboxPending(ctx); n != 0 {
		t.Fatal("the current holder could not complete its row")
	}
	if n, err := db.PruneOutbox(ctx, 0); err != nil || n != 1 {
		t.Errorf("pruned %d, %v", n, err)
	}
}

// TestOutboxConcurrentRelays runs several relays against a stream of
// vendor writes. No two relays may ever hold the same vendor at once, each
// vendor's rows must be claimed in increasing order, and at the end every
// row must be done with the newest version delivered.
func TestOutboxConcurrentRelays(t *testing.T) {
	t.Parallel()
	db, s := newVendorStore(t)
	ctx := t.Context()
	const vendors, writes, relays = 8, 6, 4
	ids := make([]string, vendors)
	for i := range ids {
		ids[i] = mustCreate(t, s, testVendor(fmt.Sprintf("v%d", i))).ID
	}

	var (
		mu        sync.Mutex
		inFlight  = map[string]bool{}
		lastClaim = map[string]int64{}
		retried   = map[string]int64{}
		delivered = map[string]int64{} // newest outbox id covered per vendor
		failures  []string
	)
	fail := func(format string, args ...any) {
		mu.Lock()
		failures = append(failures, fmt.Sprintf(format, args...))
		mu.Unlock()
	}
	stop := make(chan struct{})
	var relaysWG sync.WaitGroup
	for r := range relays {
		relaysWG.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				rows, err := db.ClaimOutbox(ctx, AggregateVendor, 3)
				if err != nil {
					fail("relay %d claim: %v", r, err)
					return
				}
				mu.Lock()
				for _, row := range rows {
					if inFlight[row.AggregateID] {
						failures = append(failures, fmt.Sprintf("vendor %s claimed twice at once", row.AggregateID))
					}
					// Only a row given back for a retry may be claimed again.
					if row.ID < lastClaim[row.AggregateID] || row.ID == lastClaim[row.AggregateID] && retried[row.AggregateID] != row.ID {
						failures = append(failures, fmt.Sprintf("vendor %s: row %d claimed after %d",
							row.AggregateID, row.ID, lastClaim[row.AggregateID]))
					}
					inFlight[row.AggregateID], lastClaim[row.AggregateID] = true, row.ID
				}
				mu.Unlock()
				time.Sleep(time.Duration(rand.IntN(3)) * time.Millisecond) // "send to the index"
				var done, retry []OutboxRow
				for _, row := range rows {
					if rand.IntN(5) == 0 {
						retry = append(retry, row)
					} else {
						done = append(done, row)
					}
				}
				mu.Lock()
				for _, row := range rows {
					inFlight[row.AggregateID] = false
				}
				for _, row := range done {
					delivered[row.AggregateID] = max(delivered[row.AggregateID], row.Through)
				}
				for _, row := range retry {
					retried[row.AggregateID] = row.ID
				}
				mu.Unlock()
				// Release after bookkeeping: the moment a row is completed
				// another relay may claim the vendor's next one.
				for _, row := range retry {
					if err := db.RetryOutbox(ctx, row, errors.New("flaky"), 0); err != nil {
						fail("retry: %v", err)
					}
				}
				if err := db.CompleteOutbox(ctx, done); err != nil {
					fail("complete: %v", err)
				}
			}
		})
	}
	var writersWG sync.WaitGroup
	for _, id := range ids {
		writersWG.Go(func() { rename(t, s, id, writes) })
	}
	writersWG.Wait()
	deadline := time.Now().Add(20 * time.Second)
	for {
		n, err := db.OutboxPending(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d outbox rows still pending", n)
		}
		time.Sleep(10 * time.Millisecond)
	}
	close(stop)
	relaysWG.Wait()
	for _, f := range failures {
		t.Error(f)
	}
	for _, id := range ids {
		var newest int64
		db.gorm.Model(&outboxRow{}).Where("aggregate_id = ?", id).Select("max(id)").Scan(&newest)
		if delivered[id] != newest {
			t.Errorf("vendor %s: delivered through row %d, newest is %d", id, delivered[id], newest)
		}
	}
}

func TestOutboxBackoff(t *testing.T) {
	t.Parallel()
	for n, want := range map[int]time.Duration{0: time.Second, 1: time.Second, 2: 2 * time.Second,
		5: 16 * time.Second, 9: 256 * time.Second, 10: 5 * time.Minute, 100: 5 * time.Minute} {
		if got := OutboxBackoff(n); got != want {
			t.Errorf("OutboxBackoff(%d) = %v, want %v", n, got, want)
		}
	}
}

// TestOutboxClaimWithoutStatistics claims from a backlog that ANALYZE has
// never seen, as right after a bulk import: half the rows belong to 100
// busy vendors, the rest each to a vendor of its own. The claim used to
// take more than ten minutes here; the server-side statement_timeout keeps
// a regression from hanging the suite, far above the milliseconds the
// claim takes.
func TestOutboxClaimWithoutStatistics(t *testing.T) {
	t.Parallel()
	u, err := url.Parse(pgtest.NewDB(t))
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("statement_timeout", "20s") // a startup parameter, sent by pgx
	u.RawQuery = q.Encode()
	db, err := Open(t.Context(), u.String(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ctx := t.Context()

	const rows, limit, busy = 100_000, 500, 100
	// aggregateOf is the row with id i; every tenth row is billing's.
	aggregateOf := func(i int) (aggregate, id string) {
		switch {
		case i%10 == 9:
			return AggregateEngagement, fmt.Sprint("e-", i)
		case i%2 == 0:
			return AggregateVendor, fmt.Sprint("busy-", i%(2*busy))
		}
		return AggregateVendor, fmt.Sprint("v-", i)
	}
	const blocked = "busy-2" // its oldest row waits for a retry
	// No autovacuum, so no ANALYZE behind the test's back.
	err = db.gorm.Exec(`ALTER TABLE outbox SET (autovacuum_enabled = false)`).Error
	if err == nil {
		err = db.gorm.Exec(`
			INSERT INTO outbox (id, aggregate, aggregate_id, version, payload)
			SELECT i,
			    CASE WHEN i % 10 = 9 THEN 'engagement' ELSE 'vendor' END,
			    CASE WHEN i % 10 = 9 THEN 'e-' || i
			         WHEN i % 2 = 0 THEN 'busy-' || i % ?
			         ELSE 'v-' || i END,
			    i, '{}'
			FROM generate_series(1, ?) AS i`, 2*busy, rows).Error
	}
	if err == nil {
		err = db.gorm.Exec(`UPDATE outbox SET next_attempt_at = now() + interval '1 hour'
			WHERE id = (SELECT min(id) FROM outbox WHERE aggregate_id = ?)`, blocked).Error
	}
	if err != nil {
		t.Fatal(err)
	}
	var stats int
	db.gorm.Raw(`SELECT count(*) FROM pg_stats WHERE tablename = 'outbox'`).Scan(&stats)
	if stats != 0 {
		t.Fatalf("outbox has %d column statistics; the test needs a table never analyzed", stats)
	}

	// The claim must take the oldest pending row of each vendor, skipping
	// the blocked one's rows, in id order up to the limit.
	type head struct{ id, through int }
	heads := map[string]*head{}
	var want []string
	for i := 1; i <= rows; i++ {
		agg, id := aggregateOf(i)
		if agg != AggregateVendor || id == blocked {
			continue
		}
		if h, ok := heads[id]; ok {
			h.through = i
			continue
		}
		heads[id] = &head{id: i, through: i}
		if len(want) < limit {
			want = append(want, id)
		}
	}

	began := time.Now()
	got, err := db.ClaimOutbox(ctx, AggregateVendor, limit)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("claimed %d of %d unanalyzed rows in %s", len(got), rows, time.Since(began).Round(time.Millisecond))
	if len(got) != len(want) {
		t.Fatalf("claimed %d rows, want %d", len(got), len(want))
	}
	for i, r := range got {
		h := heads[want[i]]
		if r.AggregateID != want[i] || r.ID != int64(h.id) || r.Through != int64(h.through) {
			t.Fatalf("claim %d is row %d of %s through %d; want row %d of %s through %d",
				i, r.ID, r.AggregateID, r.Through, h.id, want[i], h.through)
		}
	}
}
