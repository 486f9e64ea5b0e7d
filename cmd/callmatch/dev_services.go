package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// servicesFile, in the data directory, names the services `callmatch dev`
// started, so that scripts and people find them (MARKETPLACE.md §5).
const servicesFile = "services.json"

// devServices is the content of services.json.
type devServices struct {
	App         string `json:"app"`
	Postgres    string `json:"postgres"` // a DSN, which may hold a password: the file is 0600
	Meilisearch string `json:"meilisearch"`
	StripeMock  string `json:"stripe_mock"`
	Mailpit     string `json:"mailpit"` // its web page and API; SMTP is on another port
	// Metrics is the metrics listener's base URL (scrape <metrics>/metrics);
	// left out when none runs.
	Metrics string `json:"metrics,omitempty"`
}

// writeServices replaces dir/services.json atomically (a temporary file
// renamed over it), so a reader sees the old file or the new one, never
// half of one, and the DSN is never readable by others, not even briefly.
func writeServices(dir string, s devServices) (err error) {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+servicesFile+".*") // created 0600
	if err != nil {
		return fmt.Errorf("write %s: %w", servicesFile, err)
	}
	defer func() {
		if err != nil {
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(append(b, '\n')); err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), filepath.Join(dir, servicesFile))
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", servicesFile, err)
	}
	return nil
}

// removeServices deletes dir/services.json: the services it names are
// stopped, or not started yet.
func removeServices(dir string) error {
	if err := os.Remove(filepath.Join(dir, servicesFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove stale %s: %w", servicesFile, err)
	}
	return nil
}
