package meili_test

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"callmatch/meili"
)

// Settings Meilisearch has applied read back as equal, so a restart does
// not apply them again (which would rebuild the index each time).
func TestEnsureAppliesSettingsOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t) // Ensure has applied the settings
	var log bytes.Buffer
	ix, err := meili.New(meili.Config{URL: e.stack.Meili.URL(), MasterKey: e.stack.Meili.MasterKey(),
		Logger: slog.New(slog.NewTextHandler(&log, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Ensure(e.ctx); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(log.String(), "applying search index settings") {
		t.Errorf("settings applied again on a second start:\n%s", log.String())
	}
}
