package meili_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/meilisearch/meilisearch-go"

	"callmatch/catalog"
	"callmatch/demo"
	"callmatch/meili"
)

// TestReindexWhileWriting rebuilds the index while vendors are created and
// updated and a relay keeps indexing them. Searches during the rebuild must
// see the complete old index, and every write must end up in the new one.
func TestReindexWhileWriting(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	const n = 1000
	all := demo.Vendors(n + 500)
	extra := all[n:] // created while the rebuild runs
	if _, _, err := e.store.UpsertVendors(e.ctx, all[:n]); err != nil {
		t.Fatal(err)
	}
	e.reindex()
	vs, _, err := e.store.Snapshot(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	r := meili.NewRelay(e.src, e.ix, meili.RelayConfig{Poll: 50 * time.Millisecond, Logger: testLogger()})
	e.drain(r) // the seed's outbox rows
	ctx, stop := context.WithCancel(e.ctx)
	var bg sync.WaitGroup
	bg.Go(func() { _ = r.Run(ctx) })

	var rebuilding atomic.Bool
	var duringRebuild atomic.Int64
	bg.Go(func() { // writer
		rng := rand.New(rand.NewPCG(3, 4))
		for i := 0; ctx.Err() == nil; i++ {
			var err error
			if i%10 == 9 && len(extra) > 0 {
				err = e.store.CreateVendor(e.ctx, extra[0])
				extra = extra[1:]
			} else {
				desc := fmt.Sprintf("write %d", i)
				_, err = e.store.UpdateVendor(e.ctx, vs[rng.IntN(len(vs))].ID, catalog.VendorUpdate{Description: &desc})
			}
			if err != nil {
				t.Errorf("write %d: %v", i, err)
				return
			}
			if rebuilding.Load() {
				duringRebuild.Add(1)
			}
			time.Sleep(5 * time.Millisecond)
		}
	})
	var searches, short atomic.Int64
	bg.Go(func() { // searcher: never an empty or partial index
		for ctx.Err() == nil {
			res, err := e.ix.SearchVendors(e.ctx, catalog.SearchQuery{Filter: catalog.VendorFilter{PerPage: 1}})
			if err != nil {
				t.Errorf("search during rebuild: %v", err)
				return
			}
			searches.Add(1)
			if res.Total < n {
				short.Add(1)
			}
			time.Sleep(10 * time.Millisecond)
		}
	})

	time.Sleep(300 * time.Millisecond)
	rebuilding.Store(true)
	rep, err := meili.Reindex(e.ctx, e.src, e.ix)
	rebuilding.Store(false)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // writes after the swap, too
	stop()
	bg.Wait()
	t.Logf("rebuild: %+v; %d writes during it; %d searches", rep, duringRebuild.Load(), searches.Load())
	if duringRebuild.Load() < 20 {
		t.Errorf("only %d writes during the rebuild; the test proves little", duringRebuild.Load())
	}
	if short.Load() > 0 {
		t.Errorf("%d of %d searches saw fewer than %d vendors", short.Load(), searches.Load(), n)
	}
	e.drain(r)
	e.assertConverged()
	assertOnlyLiveIndex(t, e)
}

// TestReindexFirstRun builds the index when none exists yet: the new index
// is renamed into place.
func TestReindexFirstRun(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	task, err := e.raw.DeleteIndex(e.ctx, meili.DefaultIndex)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.raw.WaitForTask(e.ctx, task.TaskUID, 20*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	e.create(fixture()...)
	e.reindex()
	e.assertConverged()
	assertOnlyLiveIndex(t, e)
	res := search(t, e, catalog.SearchQuery{Filter: catalog.VendorFilter{Certification: "pci_dss"}})
	if res.Total != 2 {
		t.Errorf("filter after the first rebuild: %d hits, want 2 (settings missing?)", res.Total)
	}
}

func assertOnlyLiveIndex(t *testing.T, e *env) {
	t.Helper()
	res, err := e.raw.ListIndexes(e.ctx, &meilisearch.IndexesQuery{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Results) != 1 || res.Results[0].UID != meili.DefaultIndex {
		var uids []string
		for _, r := range res.Results {
			uids = append(uids, r.UID)
		}
		t.Errorf("indexes after the rebuild: %v, want only %s", uids, meili.DefaultIndex)
	}
}

// TestEnsureIdempotent: applying the settings again changes nothing and
// enqueues nothing, so every start-up may do it.
func TestEnsureIdempotent(t *testing.T) {
	t.Parallel()
	e := newEnv(t) // has run Ensure once
	count := func() int64 {
		res, err := e.raw.GetTasks(e.ctx, &meilisearch.TasksQuery{Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		return res.Total
	}
	before := count()
	for range 3 {
		if err := e.ix.Ensure(e.ctx); err != nil {
			t.Fatal(err)
		}
	}
	if after := count(); after != before {
		t.Errorf("Ensure enqueued %d tasks on an index that was already set up", after-before)
	}
}
