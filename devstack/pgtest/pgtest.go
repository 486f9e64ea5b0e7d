// Package pgtest gives each test its own migrated PostgreSQL database, cheaply
// enough that tests run in parallel against the real server: the test binary
// migrates one template database once, and every test gets
// CREATE DATABASE … TEMPLATE, a file-level copy.
//
//	func TestMain(m *testing.M) { pgtest.Main(m) }
//
//	func TestSomething(t *testing.T) {
//		t.Parallel()
//		url := pgtest.NewDB(t)
//		…
//	}
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"flag"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"callmatch/devstack"
	"callmatch/migrations"
)

// EnvURL names the variable that points the tests at an existing server
// instead of starting one: the URL of a database there the tests may connect
// to as a role allowed to create databases, e.g.
// postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable.
const EnvURL = "CALLMATCH_TEST_POSTGRES_URL"

// Set once by Main before any test runs, read-only afterwards.
var (
	stack    *devstack.Stack // nil when EnvURL is used
	adminURL string
	template string
)

// Main starts PostgreSQL for the test binary (or uses EnvURL), migrates the
// template database, runs the tests, stops the server and exits. Call it from
// TestMain.
func Main(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	flag.Parse() // for testing.Verbose; m.Run would parse them anyway
	if fuzzingOnly() {
		// The fuzz coordinator and each of its workers run TestMain: a
		// database apiece would eat a short fuzzing run's time.
		return m.Run()
	}
	began := time.Now()
	if err := setUp(); err != nil {
		fmt.Fprintln(os.Stderr, "pgtest:", err)
		tearDown()
		return 1
	}
	if testing.Verbose() {
		fmt.Fprintf(os.Stderr, "pgtest: template %s ready in %s\n", template, time.Since(began).Round(time.Millisecond))
	}
	code := m.Run()
	if err := tearDown(); err != nil {
		fmt.Fprintln(os.Stderr, "pgtest:", err)
		if code == 0 {
			code = 1
		}
	}
	return code
}

// fuzzingOnly reports a run of fuzz targets alone (-run '^$' -fuzz X):
// fuzz targets are pure and need no database.
func fuzzingOnly() bool {
	fuzz, run := flag.Lookup("test.fuzz"), flag.Lookup("test.run")
	return fuzz != nil && fuzz.Value.String() != "" && run != nil && run.Value.String() == "^$"
}

func setUp() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	adminURL = os.Getenv(EnvURL)
	if adminURL == "" {
		var err error
		stack, err = devstack.Start(ctx, devstack.Options{
			Postgres:    true,
			NoFsync:     true,
			CacheInitdb: true,
			Logger:      slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
		})
		if err != nil {
			return err
		}
		adminURL = stack.Postgres.URL("postgres")
	}
	// Unique per binary: binaries sharing one server through EnvURL must not
	// clone a template another one is still migrating.
	name := "tmpl_" + randomHex()
	if err := admin(ctx, "CREATE DATABASE "+ident(name)+" STRATEGY FILE_COPY"); err != nil {
		return err
	}
	template = name
	db, err := migrations.Open(dbURL(template))
	if err != nil {
		return err
	}
	err = migrations.Up(ctx, db)
	db.Close()
	if err != nil {
		return fmt.Errorf("migrate template: %w", err)
	}
	// CREATE DATABASE waits, in steps of 100ms, while anyone is connected to
	// its template. Barring connections keeps autovacuum workers out.
	return admin(ctx, "ALTER DATABASE "+ident(template)+" WITH ALLOW_CONNECTIONS false")
}

func tearDown() error {
	if stack != nil {
		return stack.Stop() // the whole server goes, with every database on it
	}
	if template == "" {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return admin(ctx, "DROP DATABASE IF EXISTS "+ident(template)+" WITH (FORCE)")
}

// NewDB creates a database migrated to the newest version, named after the
// test, and returns its URL. It is dropped when the test ends.
func NewDB(t testing.TB) string {
	t.Helper()
	if template == "" {
		t.Fatal("pgtest: call pgtest.Main(m) from TestMain first")
	}
	name := dbName(t.Name())
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	// FILE_COPY copies the template's files after a checkpoint, cheap on a
	// server without fsync; the default WAL_LOG writes every page to the WAL.
	if err := admin(ctx, "CREATE DATABASE "+ident(name)+" TEMPLATE "+ident(template)+" STRATEGY FILE_COPY"); err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		// FORCE: a pool the test forgot to close must not keep it alive.
		if err := admin(ctx, "DROP DATABASE IF EXISTS "+ident(name)+" WITH (FORCE)"); err != nil {
			t.Errorf("pgtest: %v", err)
		}
	})
	return dbURL(name)
}

// Server is the PostgreSQL this binary started, for fault tests that kill
// and restart it; nil when the tests run against EnvURL, where such tests
// should skip. A test that kills it must not run in parallel with others.
func Server() *devstack.Postgres {
	if stack == nil {
		return nil
	}
	return stack.Postgres
}

// admin runs one statement on its own connection to the admin database: a
// fresh connection each time survives a server restart by a fault test.
func admin(ctx context.Context, sql string) error {
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return fmt.Errorf("connect to the admin database: %w", err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, sql); err != nil {
		return fmt.Errorf("%s: %w", sql, err)
	}
	return nil
}

// dbURL is adminURL with its database replaced by name.
func dbURL(name string) string {
	u, err := url.Parse(adminURL)
	if err != nil || u.Scheme == "" {
		panic(fmt.Sprintf("pgtest: %s must be a postgres:// URL", EnvURL))
	}
	u.Path = "/" + name
	u.RawPath = ""
	return u.String()
}

// dbName makes a readable, unique database name from a test name, so a
// database left on a shared server points at its test.
func dbName(test string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(test) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
		if b.Len() == 40 { // identifiers end at 63 bytes
			break
		}
	}
	return "t_" + b.String() + "_" + randomHex()
}

func randomHex() string {
	b := make([]byte, 5)
	rand.Read(b) // never fails, per its documentation
	return hex.EncodeToString(b)
}

func ident(name string) string { return pgx.Identifier{name}.Sanitize() }
