package migrations

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"strings"

	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/rivermigrate"
)

// River's tables (river_job, river_queue, river_leader, …) are created by
// River's own migrator, right after ours, by Up: so `callmatch migrate up`,
// `callmatch dev` and the tests' template database (pgtest) all get them
// from the one call they already make, and River's SQL stays River's to
// evolve with its version in go.mod instead of being copied into a goose
// file we would have to keep in step by hand. No table of ours refers to
// River's, so the order only matters in that River comes second.

// riverLock serialises River's migration between replicas migrating at
// once, as goose's session lock does ours: River's migrator has no lock of
// its own, and two of them racing would both try to insert a version.
const riverLock = 0x63616c6c726976 // "callriv"

func riverMigrator(db *sql.DB) (*rivermigrate.Migrator[*sql.Tx], error) {
	m, err := rivermigrate.New(riverdatabasesql.New(db), &rivermigrate.Config{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return nil, fmt.Errorf("migrations: river: %w", err)
	}
	return m, nil
}

// riverUp applies River's pending migrations, each in a transaction of
// its own (one of them adds an enum value that a later statement uses,
// which PostgreSQL refuses within one transaction), while a session lock
// on a connection of its own keeps other replicas waiting.
func riverUp(ctx context.Context, db *sql.DB) error {
	m, err := riverMigrator(db)
	if err != nil {
		return err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("migrations: river: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", riverLock); err != nil {
		return fmt.Errorf("migrations: river: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", riverLock)
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("migrations: river up: %w", err)
	}
	return nil
}

// riverCheck reports River's schema behind this binary's River.
func riverCheck(ctx context.Context, db *sql.DB) error {
	m, err := riverMigrator(db)
	if err != nil {
		return err
	}
	res, err := m.Validate(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrations: river: %w", err)
	}
	if !res.OK {
		return fmt.Errorf("River's job tables are not current (%s): run `callmatch migrate up` first", strings.Join(res.Messages, "; "))
	}
	return nil
}
