package postgres

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"callmatch/devstack/pgtest"
)

// TestSlowQueryLogOmitsParameters runs a slow statement with a secret
// parameter: the log must show the statement, never the value.
func TestSlowQueryLogOmitsParameters(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, nil))
	db, err := Open(t.Context(), pgtest.NewDB(t), logger)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	const secret = "campaign-phone-555-0100"
	var got string
	err = db.gorm.WithContext(t.Context()).
		Raw("SELECT ?::text FROM pg_sleep(?)", secret, slowQuery.Seconds()+0.1).Row().Scan(&got)
	if err != nil || got != secret {
		t.Fatalf("query: %q, %v", got, err)
	}
	out := buf.String()
	if !strings.Contains(out, "slow query") || !strings.Contains(out, "SELECT $1::text FROM pg_sleep($2)") {
		t.Errorf("slow query not logged with placeholders: %s", out)
	}
	if strings.Contains(out, secret) {
		t.Errorf("a parameter reached the log: %s", out)
	}
}
