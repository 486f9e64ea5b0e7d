package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// services.json is replaced whole, readable by its owner only (the DSN may
// hold a password), with no temporary file left beside it, and names only
// the services that run.
func TestWriteServices(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, servicesFile)
	if err := os.WriteFile(path, []byte(`{"app": "http://stale", "metrics": "http://stale"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	want := devServices{App: "http://127.0.0.1:8080", Postgres: "postgres://postgres:secret@127.0.0.1:5432/callmatch",
		Meilisearch: "http://127.0.0.1:7700", StripeMock: "http://127.0.0.1:12111", Mailpit: "http://127.0.0.1:8025",
		Metrics: "http://127.0.0.1:9091"}
	if err := writeServices(dir, want); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", info.Mode().Perm())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]string
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	wantKeys := map[string]string{"app": want.App, "postgres": want.Postgres, "meilisearch": want.Meilisearch, "stripe_mock": want.StripeMock,
		"mailpit": want.Mailpit, "metrics": want.Metrics}
	if len(got) != len(wantKeys) {
		t.Errorf("keys %v, want exactly %v", got, wantKeys)
	}
	for k, v := range wantKeys {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("files in the data dir: %v, want services.json alone", entries)
	}
	if err := removeServices(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("after removeServices: %v", err)
	}
	if err := removeServices(dir); err != nil {
		t.Errorf("removing an absent services.json: %v", err)
	}
}
