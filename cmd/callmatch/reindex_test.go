package main

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/meilisearch/meilisearch-go"

	"callmatch/devstack"
	"callmatch/meili"
)

// TestReindexDemoData runs `callmatch reindex` on the demo catalog against a
// real Meilisearch, twice: the first run creates the index, the second
// swaps a rebuilt one in.
func TestReindexDemoData(t *testing.T) {
	useDatabase(t)
	if _, _, err := runCmd(t, "seed", "--demo"); err != nil {
		t.Fatal(err)
	}
	st, err := devstack.Start(context.Background(), devstack.Options{Meili: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Stop() })
	t.Setenv("MEILI_URL", st.Meili.URL())
	t.Setenv("MEILI_MASTER_KEY", st.Meili.MasterKey())
	for i := range 2 {
		out, _, err := runCmd(t, "reindex")
		if err != nil || !strings.Contains(out, "rebuilt: "+strconv.Itoa(demoVendorCount)+" vendors") {
			t.Fatalf("reindex run %d: %v, %q", i+1, err, out)
		}
	}
	sm := meilisearch.New(st.Meili.URL(), meilisearch.WithAPIKey(st.Meili.MasterKey()))
	defer sm.Close()
	stats, err := sm.Index(meili.DefaultIndex).GetStats(context.Background(), nil)
	if err != nil || stats.NumberOfDocuments != demoVendorCount {
		t.Fatalf("index after reindex: %+v, %v; want %d documents", stats, err, demoVendorCount)
	}
	indexes, err := sm.ListIndexes(context.Background(), &meilisearch.IndexesQuery{Limit: 10})
	if err != nil || indexes.Total != 1 {
		t.Fatalf("indexes after two rebuilds: %+v, %v; want only %s", indexes, err, meili.DefaultIndex)
	}
}

func TestReindexUsage(t *testing.T) {
	t.Setenv("DATABASE_URL", "postgres://127.0.0.1:1/x")
	t.Setenv("MEILI_URL", "")
	var ue usageError
	if _, _, err := runCmd(t, "reindex"); !errors.As(err, &ue) || !strings.Contains(err.Error(), "MEILI_URL") {
		t.Errorf("without MEILI_URL: %v", err)
	}
	if _, _, err := runCmd(t, "reindex", "now"); !errors.As(err, &ue) {
		t.Errorf("with an argument: %v", err)
	}
}
