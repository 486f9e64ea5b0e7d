// Package postgres implements the domain stores on PostgreSQL through GORM.
// Row structs, transactions and the translation of driver errors into
// *callmatch.Error live here and nowhere else.
package postgres

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"

	"callmatch"
)

// poolSize caps the connections a process opens, and the idle ones it keeps.
// Keeping fewer idle than open would close connections after every burst
// above the idle cap only to open them again on the next one (a TCP and
// TLS handshake and a backend fork each); ConnMaxIdleTime still hands them
// back when the server goes quiet.
const poolSize = 20

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
	g, err := gorm.Open(postgres.New(postgres.Config{DSN: url,
		OptionOpenDB: []stdlib.OptionOpenDB{stdlib.OptionShouldPing(pingAfterIdle)}}), &gorm.Config{
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
	sqlDB.SetMaxOpenConns(poolSize)
	sqlDB.SetMaxIdleConns(poolSize)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)  // a quiet server gives its backends back
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

// analyze refreshes the planner statistics of tables. It is an
// optimisation only: a failure is logged, not returned.
func (db *DB) analyze(ctx context.Context, tables ...string) {
	for _, t := range tables {
		if err := db.gorm.WithContext(ctx).Exec("ANALYZE " + t).Error; err != nil {
			db.logger.Warn("analyze", slog.String("table", t), slog.String("error", err.Error()))
		}
	}
}

// translate turns the driver errors a caller can act on into *callmatch.Error
// (a database that cannot be reached into unavailable, with Retry-After) and
// wraps everything else with op, so that it stays internal. Callers that can
// say something more precise (which slug is taken) check first.
func translate(op string, err error) error {
	var e *callmatch.Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &e):
		return err
	case unreachable(err):
		return fmt.Errorf("%w (postgres %s: %w)", errUnavailable, op, err)
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

// retryAfter is how long clients are told to wait while the database cannot
// be reached: about as long as a restart or a managed failover takes to
// start answering again.
const retryAfter = 5 * time.Second

// errUnavailable is what a request sees while the database is down; the
// cause goes into the wrapping error, for the log only.
var errUnavailable = &callmatch.Error{
	Code:       callmatch.EUNAVAILABLE,
	Message:    "The service is unavailable for a moment; please try again shortly.",
	RetryAfter: retryAfter,
}

// unreachable reports whether err means that the database could not be
// reached or dropped the connection, as opposed to refusing the statement:
// the same request may well succeed once the server is back.
func unreachable(err error) bool {
	var pgErr *pgconn.PgError
	var connErr *pgconn.ConnectError
	var opErr *net.OpError
	switch {
	case errors.As(err, &connErr):
		return true // refused, timed out, server starting or full, bad credentials
	case errors.As(err, &pgErr):
		switch pgErr.Code {
		case "57P01", // admin_shutdown: the server is stopping, or pg_terminate_backend
			"57P02", // crash_shutdown: another backend crashed
			"57P03", // cannot_connect_now: starting up or in recovery
			"53300": // too_many_connections
			return true
		}
		return strings.HasPrefix(pgErr.Code, "08") // connection_exception
	}
	// The connection broke mid-statement: pgx mostly reports that as
	// ErrConnClosed, at times as the read error. *net.OpError and not
	// net.Error: context.DeadlineExceeded is a net.Error too, and a
	// statement that ran out of the request's time says nothing about the
	// server being down.
	return errors.As(err, &opErr) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		errors.Is(err, pgconn.ErrConnClosed) || errors.Is(err, driver.ErrBadConn)
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
