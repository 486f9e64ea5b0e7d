// Package migrations holds the goose SQL migrations, embedded so that the
// binary and the test databases are built from the same files, and the few
// operations the binary runs with them.
package migrations

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io"
	"path"
	"text/tabwriter"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver goose runs on
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// FS holds every *.sql migration.
//
//go:embed *.sql
var FS embed.FS

// Open returns a database/sql handle for url (postgres://…) on the pgx
// driver. The caller closes it.
func Open(url string) (*sql.DB, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("migrations: open database: %w", err)
	}
	return db, nil
}

// provider builds a goose provider over the embedded files. A session-level
// advisory lock serialises migrations when several replicas (or a developer
// and a replica) migrate the same database at once.
func provider(db *sql.DB) (*goose.Provider, error) {
	// Retry every second for up to five minutes: long enough for another
	// replica's migration, short enough that a developer sees progress.
	locker, err := lock.NewPostgresSessionLocker(lock.WithLockTimeout(1, 300))
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db, FS,
		goose.WithSessionLocker(locker),
		// Only the embedded SQL counts; a Go migration registered by some
		// imported package must not sneak in.
		goose.WithDisableGlobalRegistry(true),
	)
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	return p, nil
}

// Up applies every pending migration, ours and then River's (river.go).
func Up(ctx context.Context, db *sql.DB) error {
	p, err := provider(db)
	if err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrations: up: %w", err)
	}
	return riverUp(ctx, db)
}

// Down rolls back the most recently applied migration of ours; River's
// tables stay (they hold no data of ours but job arguments).
func Down(ctx context.Context, db *sql.DB) error {
	p, err := provider(db)
	if err != nil {
		return err
	}
	if _, err := p.Down(ctx); err != nil {
		if errors.Is(err, goose.ErrNoNextVersion) {
			return errors.New("migrations: down: no applied migration to roll back")
		}
		return fmt.Errorf("migrations: down: %w", err)
	}
	return nil
}

// Pending reports the version the database is at and the newest version
// embedded in this binary; current < latest means migrations are pending.
// A database never migrated reports current 0. River's schema behind the
// binary's is an error saying to migrate.
func Pending(ctx context.Context, db *sql.DB) (current, latest int64, err error) {
	p, err := provider(db)
	if err != nil {
		return 0, 0, err
	}
	current, latest, err = p.GetVersions(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("migrations: versions: %w", err)
	}
	if err := riverCheck(ctx, db); err != nil {
		return 0, 0, err
	}
	return current, latest, nil
}

// Status writes one line per embedded migration (applied with its time, or
// pending), then the database's version against the newest one.
func Status(ctx context.Context, db *sql.DB, w io.Writer) error {
	p, err := provider(db)
	if err != nil {
		return err
	}
	all, err := p.Status(ctx)
	if err != nil {
		return fmt.Errorf("migrations: status: %w", err)
	}
	current, latest, err := p.GetVersions(ctx)
	if err != nil {
		return fmt.Errorf("migrations: status: %w", err)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "VERSION\tSTATE\tAPPLIED AT\tFILE")
	for _, s := range all {
		at := "-"
		if s.State == goose.StateApplied {
			at = s.AppliedAt.UTC().Format("2006-01-02 15:04:05Z")
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", s.Source.Version, s.State, at, path.Base(s.Source.Path))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if _, err := fmt.Fprintf(w, "database at version %d, newest %d\n", current, latest); err != nil {
		return err
	}
	river := "River's job tables are current"
	if err := riverCheck(ctx, db); err != nil {
		river = err.Error()
	}
	_, err = fmt.Fprintln(w, river)
	return err
}
