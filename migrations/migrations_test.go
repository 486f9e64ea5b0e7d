package migrations_test

import (
	"bytes"
	"strings"
	"testing"

	"callmatch/devstack/pgtest"
	"callmatch/migrations"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// Every migration must roll back and apply again: walk the database from
// the newest version down to nothing and back up.
func TestDownAndUpAgain(t *testing.T) {
	db, err := migrations.Open(pgtest.NewDB(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := t.Context()

	current, latest, err := migrations.Pending(ctx, db)
	if err != nil || current != latest || latest == 0 {
		t.Fatalf("template at %d of %d (%v), want fully migrated", current, latest, err)
	}
	for v := latest; v > 0; {
		if err := migrations.Down(ctx, db); err != nil {
			t.Fatalf("down from %d: %v", v, err)
		}
		next, _, err := migrations.Pending(ctx, db)
		if err != nil || next >= v {
			t.Fatalf("down from %d left version %d (%v)", v, next, err)
		}
		v = next
	}
	if err := migrations.Down(ctx, db); err == nil {
		t.Error("down on an empty database succeeded")
	}

	var out bytes.Buffer
	if err := migrations.Status(ctx, db, &out); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "applied") || !strings.Contains(out.String(), "pending") {
		t.Errorf("status after rolling everything back:\n%s", out.String())
	}

	if err := migrations.Up(ctx, db); err != nil {
		t.Fatalf("up again: %v", err)
	}
	if current, latest, err := migrations.Pending(ctx, db); err != nil || current != latest {
		t.Fatalf("after up: %d of %d (%v)", current, latest, err)
	}
}
