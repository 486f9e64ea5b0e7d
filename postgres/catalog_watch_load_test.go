package postgres

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
	"time"

	"callmatch"
	"callmatch/demo"
	"callmatch/matching"
)

// The watcher compiles the catalog a batch of vendors at a time; the
// result must be the catalog a full snapshot gives, across batch edges.
func TestLoadCatalogMatchesSnapshot(t *testing.T) {
	t.Parallel()
	const n = 2*catalogBatch + 345
	_, vs := newVendorStore(t)
	ctx := callmatch.WithActor(t.Context(), callmatch.Actor{System: "test"})
	if _, _, err := vs.UpsertVendors(ctx, demo.Vendors(n)); err != nil {
		t.Fatal(err)
	}
	all, version, err := vs.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := matching.NewCatalog(all, version)
	got, err := vs.loadCatalog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.Len() != n || want.Len() != n || got.Version() != want.Version() {
		t.Fatalf("loaded %d vendors at %q, snapshot %d at %q; want %d", got.Len(), got.Version(), want.Len(), want.Version(), n)
	}
	for k, form := range demo.Intakes() {
		form.ApplyDefaults()
		for _, method := range []string{matching.MethodSAW, matching.MethodTOPSIS} {
			opt := matching.Options{AsOf: demo.AsOf, Weights: form.Priorities, Method: method}
			rw, err1 := matching.Match(want, form.MatchRequest(), opt)
			rg, err2 := matching.Match(got, form.MatchRequest(), opt)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			jw, _ := json.Marshal(rw)
			jg, _ := json.Marshal(rg)
			if !bytes.Equal(jw, jg) {
				t.Errorf("intake %d, %s: the batched catalog gives another result than the snapshot's", k, method)
			}
		}
	}
}

// A committed vendor write reaches OnChange hooks through LISTEN/NOTIFY,
// and the watcher reloads the catalog with it.
func TestCatalogWatcherCallsOnChange(t *testing.T) {
	t.Parallel()
	url, _, vs := newVendorStoreAt(t)
	w := NewCatalogWatcher(vs, url, nil)
	changed := make(chan struct{}, 16)
	w.OnChange(func() {
		select {
		case changed <- struct{}{}:
		default:
		}
	})
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	go w.Run(ctx)
	before, err := w.Current(ctx) // loaded, so the watcher is past its first Refresh
	if err != nil {
		t.Fatal(err)
	}
	// The listener may not be LISTENing yet: write until a hook fires.
	wctx := callmatch.WithActor(ctx, callmatch.Actor{System: "test"})
	deadline := time.After(30 * time.Second)
	for i := 0; ; i++ {
		if _, _, err := vs.UpsertVendors(wctx, demo.Vendors(i + 1)[i:]); err != nil {
			t.Fatal(err)
		}
		select {
		case <-changed:
		case <-time.After(500 * time.Millisecond):
			continue
		case <-deadline:
			t.Fatal("no OnChange call within 30 s of vendor writes")
		}
		break
	}
	for {
		cur, err := w.Current(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if cur.Version() != before.Version() && cur.Len() > before.Len() {
			return
		}
		select {
		case <-deadline:
			t.Fatalf("catalog still at version %s with %d vendors", cur.Version(), cur.Len())
		case <-time.After(50 * time.Millisecond):
		}
	}
}
