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
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
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
	gorm     *gorm.DB
	sql      *sql.DB
	logger   *slog.Logger
	timeouts Timeouts
}

// Timeouts bound every wait on the server, so that a database that stops
// answering (a partition, a failover, a stuck NAT: packets dropped, no
// reset) costs seconds, not the minutes TCP takes to give up.
type Timeouts struct {
	// Connect bounds dialing, TLS and authentication of a new connection;
	// a connect_timeout in the URL wins.
	Connect time.Duration
	// Statement is PostgreSQL's statement_timeout on every connection of
	// the pool: the server abandons a statement that runs longer, so that a
	// request that gave up leaves no work (and no locks) behind. Zero
	// leaves the server's setting.
	Statement time.Duration
	// IdleInTransaction is PostgreSQL's idle_in_transaction_session_timeout:
	// a transaction whose client vanished mid-way (its COMMIT lost in a
	// partition) is ended by the server after it, releasing its row locks,
	// instead of blocking every writer of those rows once the partition
	// heals. Zero leaves the server's setting.
	IdleInTransaction time.Duration
}

// DefaultTimeouts suit a server answering requests: its statements take
// milliseconds, and the request deadline (5 s by default) is a little
// longer than the statement's, so that the server cancels a slow statement
// cleanly before the client has to drop the connection.
var DefaultTimeouts = Timeouts{Connect: 5 * time.Second, Statement: 4 * time.Second, IdleInTransaction: 10 * time.Second}

// BatchTimeouts are for the commands that run long statements on purpose:
// import, seed, reindex.
var BatchTimeouts = Timeouts{Connect: 5 * time.Second, Statement: 10 * time.Minute, IdleInTransaction: time.Minute}

// A connection the network has silently dropped is noticed by keepalives
// when idle (15 s + 3 × 5 s) and by TCP_USER_TIMEOUT when data waits for an
// acknowledgement.
const (
	keepAliveIdle     = 15 * time.Second
	keepAliveInterval = 5 * time.Second
	keepAliveCount    = 3
	tcpUserTimeout    = 20 * time.Second
)

// connConfig parses url and sets the timeouts on it.
func connConfig(url string, t Timeouts) (*pgx.ConnConfig, error) {
	cfg, err := pgx.ParseConfig(url) // its errors mask the password
	if err != nil {
		return nil, fmt.Errorf("database URL: %w", err)
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = t.Connect
	}
	d := &net.Dialer{
		Timeout:         cfg.ConnectTimeout,
		KeepAliveConfig: net.KeepAliveConfig{Enable: true, Idle: keepAliveIdle, Interval: keepAliveInterval, Count: keepAliveCount},
		Control: func(_, _ string, c syscall.RawConn) error {
			return setUserTimeout(c, tcpUserTimeout)
		},
	}
	cfg.DialFunc = d.DialContext
	if t.Statement > 0 {
		cfg.RuntimeParams["statement_timeout"] = strconv.FormatInt(t.Statement.Milliseconds(), 10)
	}
	if t.IdleInTransaction > 0 {
		cfg.RuntimeParams["idle_in_transaction_session_timeout"] = strconv.FormatInt(t.IdleInTransaction.Milliseconds(), 10)
	}
	return cfg, nil
}

// Open connects to the database at url with DefaultTimeouts and checks that
// it answers. Schema migrations are not applied here: that is `callmatch
// migrate`'s job.
func Open(ctx context.Context, url string, logger *slog.Logger) (*DB, error) {
	return OpenWith(ctx, url, logger, DefaultTimeouts)
}

// OpenWith is Open with other timeouts.
func OpenWith(ctx context.Context, url string, logger *slog.Logger, t Timeouts) (*DB, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	cfg, err := connConfig(url, t)
	if err != nil {
		return nil, err
	}
	g, err := gorm.Open(postgres.New(postgres.Config{Conn: stdlib.OpenDB(*cfg, stdlib.OptionShouldPing(pingAfterIdle))}), &gorm.Config{
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
	db := &DB{gorm: g, sql: sqlDB, logger: logger, timeouts: t}
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
	var err error
	if opts == nil {
		err = db.gorm.WithContext(ctx).Transaction(fn)
	} else {
		err = db.gorm.WithContext(ctx).Transaction(fn, opts)
	}
	return outOfTime(ctx, err)
}

// outOfTime marks err as the deadline's doing when ctx's deadline passed:
// database/sql rolls the transaction back then, and the statement or the
// commit that was cut short may report only sql.ErrTxDone, which would
// otherwise read as an internal error rather than a database that did not
// answer in time.
func outOfTime(ctx context.Context, err error) error {
	if err == nil || !errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return fmt.Errorf("%w (%w)", err, context.DeadlineExceeded)
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
	case unreachable(err), outOfTimeErr(err):
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

// outOfTimeErr reports whether the database did not answer within the time
// the caller gave it (the request's deadline, a job's, /readyz's) or
// PostgreSQL's statement_timeout cancelled the statement: the client is
// told to come back, as when the server is down. A client that went away
// cancels its context instead (context.Canceled), which is not the
// database's fault and stays apart.
func outOfTimeErr(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "57014" // query_canceled: statement_timeout
	}
	return errors.Is(err, context.DeadlineExceeded)
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
