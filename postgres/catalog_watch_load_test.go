package postgres

import (
	"bytes"
	"encoding/json"
	"testing"

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
