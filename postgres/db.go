// Package postgres implements the domain stores on PostgreSQL through GORM.
// Row structs, transactions and the translation of driver errors into
// *callmatch.Error live here and nowhere else.
package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"

	"callmatch"
)

// DB is the connection pool shared by every store.
type DB struct {
	gorm   *gorm.DB
	sql    *sql.DB
	logger *slog.Logger
}

// Open connects to the database at url and checks that it answers. Schema
// migrations are not applied here: that is `callmatch migrate`'s job.
func Open(ctx context.Context, url string, logger *slog.Logger) (*DB, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	g, err := gorm.Open(postgres.New(postgres.Config{DSN: url}), &gorm.Config{
		// Driver errors become gorm.ErrDuplicatedKey and friends, which
		// translate() turns into domain errors.
		TranslateError: true,
		// Every store method opens its own transaction; a hidden one per
		// statement would only add round trips.
		SkipDefaultTransaction: true,
		Logger:                 newGormLogger(logger),
		NowFunc:                func() time.Time { return time.Now().UTC() },
	})
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	sqlDB, err := g.DB()
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	sqlDB.SetMaxOpenConns(20)
	sqlDB.SetMaxIdleConns(10)
	sqlDB.SetConnMaxLifetime(30 * time.Minute) // lets a managed database rotate or fail over
	db := &DB{gorm: g, sql: sqlDB, logger: logger}
	if err := db.Ping(ctx); err != nil {
		sqlDB.Close()
		return nil, err
	}
	return db, nil
}

// Close releases every connection.
func (db *DB) Close() error { return db.sql.Close() }

// Ping checks that the database answers within a few seconds, for /readyz.
func (db *DB) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := db.sql.PingContext(ctx); err != nil {
		return fmt.Errorf("ping database: %w", err)
	}
	return nil
}

// SQL returns the underlying pool, for migrations and LISTEN connections.
func (db *DB) SQL() *sql.DB { return db.sql }

// InTx runs fn in a read-committed transaction bound to ctx, committing when
// fn returns nil and rolling back otherwise (also on panic). tx already
// carries ctx, so statements made through it need no WithContext of their own.
func (db *DB) InTx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return db.inTx(ctx, nil, fn)
}

// readOnly is used for reads that issue several statements (a page and its
// total, a snapshot and its version) and must see one consistent state.
var readOnly = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}

func (db *DB) inTx(ctx context.Context, opts *sql.TxOptions, fn func(tx *gorm.DB) error) error {
	if opts == nil {
		return db.gorm.WithContext(ctx).Transaction(fn)
	}
	return db.gorm.WithContext(ctx).Transaction(fn, opts)
}

// translate turns the driver errors a caller can act on into *callmatch.Error
// and wraps everything else with op, so that it stays internal. Callers that
// can say something more precise (which slug is taken) check first.
func translate(op string, err error) error {
	var e *callmatch.Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &e):
		return err
	case errors.Is(err, gorm.ErrRecordNotFound):
		return callmatch.Errorf(callmatch.ENOTFOUND, "Not found.")
	case errors.Is(err, gorm.ErrDuplicatedKey):
		return callmatch.Errorf(callmatch.ECONFLICT, "This record already exists.")
	case errors.Is(err, gorm.ErrForeignKeyViolated):
		return callmatch.Errorf(callmatch.EINVALID, "This refers to a record that does not exist.")
	case errors.Is(err, gorm.ErrCheckConstraintViolated):
		return callmatch.Errorf(callmatch.EINVALID, "A value is not allowed (%s).", constraint(err))
	}
	return fmt.Errorf("%s: %w", op, err)
}

func isNotFound(err error) bool { return errors.Is(err, gorm.ErrRecordNotFound) }

// constraint names the constraint a PostgreSQL error is about, or "".
func constraint(err error) string {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.ConstraintName
	}
	return ""
}
