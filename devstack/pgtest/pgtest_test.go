package pgtest_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5"

	"callmatch/devstack/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// Parallel tests each get a migrated database of their own.
func TestNewDBIsolated(t *testing.T) {
	for i := range 8 {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			conn := connect(t, pgtest.NewDB(t))
			var applied int
			if err := conn.QueryRow(t.Context(), "SELECT count(*) FROM goose_db_version WHERE version_id > 0").Scan(&applied); err != nil || applied == 0 {
				t.Fatalf("migrations applied = %d, %v", applied, err)
			}
			// The same table in every database: a shared one would collide.
			if _, err := conn.Exec(t.Context(), fmt.Sprintf("CREATE TABLE mine (n int); INSERT INTO mine VALUES (%d)", i)); err != nil {
				t.Fatal(err)
			}
			var n int
			if err := conn.QueryRow(t.Context(), "SELECT sum(n) FROM mine").Scan(&n); err != nil || n != i {
				t.Fatalf("sum = %d, %v; want %d", n, err, i)
			}
		})
	}
}

// A fault test can kill the server and bring it back; databases made before
// keep their data and NewDB works again.
func TestServerRestart(t *testing.T) {
	pg := pgtest.Server()
	if pg == nil {
		t.Skip("running against " + pgtest.EnvURL + ": the server is not ours to kill")
	}
	url := pgtest.NewDB(t)
	conn := connect(t, url)
	if _, err := conn.Exec(t.Context(), "CREATE TABLE kept (n int); INSERT INTO kept VALUES (7)"); err != nil {
		t.Fatal(err)
	}
	if err := pg.Kill(); err != nil {
		t.Fatal(err)
	}
	if err := conn.Ping(t.Context()); err == nil {
		t.Fatal("ping succeeded on a killed server")
	}
	if err := pg.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := connect(t, url).QueryRow(t.Context(), "SELECT n FROM kept").Scan(&n); err != nil || n != 7 {
		t.Fatalf("kept = %d, %v; want 7", n, err)
	}
	connect(t, pgtest.NewDB(t))
}

func connect(t *testing.T, url string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// BenchmarkNewDB measures what each database test pays up front (the
// databases are dropped when the benchmark ends).
func BenchmarkNewDB(b *testing.B) {
	for b.Loop() {
		pgtest.NewDB(b)
	}
}
