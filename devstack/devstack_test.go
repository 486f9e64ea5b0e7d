package devstack

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// TestStack runs the real services: start all three, use each, crash and
// restart PostgreSQL and Meilisearch on the same port and data, stop, and
// start again on the same directory as `callmatch dev` does.
func TestStack(t *testing.T) {
	dir, err := TempDir("devstack-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	ctx := t.Context()
	o := Options{
		Dir: dir, Postgres: true, Meili: true, StripeMock: true, Database: "callmatch",
		Logger: slog.New(slog.NewTextHandler(t.Output(), nil)),
	}

	began := time.Now()
	st, err := Start(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("first start (initdb included): %s", time.Since(began).Round(time.Millisecond))
	stopped := false
	t.Cleanup(func() {
		if !stopped {
			st.Stop()
		}
	})

	pgURL := st.Postgres.URL("callmatch")
	mustExec(t, pgURL, "CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)")
	createIndex(t, st.Meili, "kept")
	var customers struct{ Object string }
	if err := getJSON(ctx, st.StripeMock.URL()+"/v1/customers", StripeMockKey, &customers); err != nil || customers.Object != "list" {
		t.Fatalf("stripe-mock: %v %+v", err, customers)
	}

	t.Run("kill and restart postgres", func(t *testing.T) {
		port, pid := st.Postgres.Port(), st.Postgres.PID()
		if err := st.Postgres.Kill(); err != nil {
			t.Fatal(err)
		}
		assertGone(t, pid)
		if _, err := pgx.Connect(ctx, pgURL); err == nil {
			t.Fatal("connected to a killed server")
		}
		began := time.Now()
		if err := st.Postgres.Start(ctx); err != nil {
			t.Fatal(err)
		}
		t.Logf("restart after kill: %s", time.Since(began).Round(time.Millisecond))
		if st.Postgres.Port() != port {
			t.Errorf("port %d after restart, want %d", st.Postgres.Port(), port)
		}
		if n := queryInt(t, pgURL, "SELECT n FROM kept"); n != 42 {
			t.Errorf("kept = %d after crash, want 42", n)
		}
	})

	t.Run("kill and restart meilisearch", func(t *testing.T) {
		pid := st.Meili.PID()
		if err := st.Meili.Kill(); err != nil {
			t.Fatal(err)
		}
		assertGone(t, pid)
		if err := st.Meili.Kill(); err == nil {
			t.Error("Kill of a killed service succeeded")
		}
		began := time.Now()
		if err := st.Meili.Start(ctx); err != nil {
			t.Fatal(err)
		}
		t.Logf("restart after kill: %s", time.Since(began).Round(time.Millisecond))
		var idx struct{ UID string }
		if err := getJSON(ctx, st.Meili.URL()+"/indexes/kept", st.Meili.MasterKey(), &idx); err != nil || idx.UID != "kept" {
			t.Fatalf("index after crash: %v %+v", err, idx)
		}
	})

	pids := []int{st.Postgres.PID(), st.Meili.PID(), st.StripeMock.PID()}
	began = time.Now()
	if err := st.Stop(); err != nil {
		t.Fatal(err)
	}
	stopped = true
	t.Logf("stop: %s", time.Since(began).Round(time.Millisecond))
	for _, pid := range pids {
		assertGone(t, pid)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("Stop removed a directory it did not create: %v", err)
	}

	// A second start on the same directory keeps the data, as dev restarts do.
	began = time.Now()
	st, err = Start(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	stopped = false
	t.Logf("start on existing data: %s", time.Since(began).Round(time.Millisecond))
	if n := queryInt(t, st.Postgres.URL("callmatch"), "SELECT n FROM kept"); n != 42 {
		t.Errorf("kept = %d after restart, want 42", n)
	}
	log, err := os.ReadFile(st.Postgres.LogPath())
	if err != nil || strings.Count(string(log), "=== devstack") != 3 {
		t.Errorf("postgres log should record three starts: %v\n%s", err, log)
	}
}

// TestTempStack checks that an empty Dir gives a temporary directory that
// Stop removes, and the fast settings of test servers.
func TestTempStack(t *testing.T) {
	began := time.Now()
	st, err := Start(t.Context(), Options{Postgres: true, NoFsync: true, CacheInitdb: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("temporary PostgreSQL ready in %s", time.Since(began).Round(time.Millisecond))
	defer st.Stop()
	if st.Meili != nil || st.StripeMock != nil {
		t.Error("started services that were not selected")
	}
	var fsync string
	conn, err := pgx.Connect(t.Context(), st.Postgres.URL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if err := conn.QueryRow(t.Context(), "SHOW fsync").Scan(&fsync); err != nil || fsync != "off" {
		t.Errorf("fsync = %q, %v; want off", fsync, err)
	}
	if err := st.Stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(st.Dir()); !os.IsNotExist(err) {
		t.Errorf("temporary dir %s left behind: %v", st.Dir(), err)
	}
}

func TestMissingMeiliBinary(t *testing.T) {
	t.Setenv("MEILI_BIN", "/nonexistent/meilisearch")
	_, err := Start(t.Context(), Options{Meili: true})
	if err == nil || !strings.Contains(err.Error(), "make deps") {
		t.Fatalf("err = %v, want one naming make deps", err)
	}
}

func assertGone(t *testing.T, pid int) {
	t.Helper()
	if pid == 0 {
		t.Fatal("service had no pid")
	}
	if err := syscall.Kill(pid, 0); err == nil && processState(pid) != "Z" {
		t.Errorf("pid %d still alive", pid)
	}
}

func processState(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	return f[0]
}

func mustExec(t *testing.T, url, sql string) {
	t.Helper()
	conn, err := pgx.Connect(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(t.Context(), sql); err != nil {
		t.Fatal(err)
	}
}

func queryInt(t *testing.T, url, sql string) int {
	t.Helper()
	conn, err := pgx.Connect(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n int
	if err := conn.QueryRow(t.Context(), sql).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// createIndex creates a Meilisearch index and waits for its task.
func createIndex(t *testing.T, m *Meili, uid string) {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"uid": uid})
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, m.URL()+"/indexes", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+m.MasterKey())
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var task struct{ TaskUID int }
	err = json.NewDecoder(resp.Body).Decode(&task)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusAccepted {
		t.Fatalf("create index: %s %v", resp.Status, err)
	}
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		var st struct{ Status string }
		if err := getJSON(t.Context(), fmt.Sprintf("%s/tasks/%d", m.URL(), task.TaskUID), m.MasterKey(), &st); err != nil {
			t.Fatal(err)
		}
		switch st.Status {
		case "succeeded":
			return
		case "failed", "canceled":
			t.Fatalf("create index task %s", st.Status)
		}
	}
	t.Fatal("create index task did not finish")
}

// A checkout in a directory only its owner may enter (mktemp -d makes
// 0700) is beyond the postgres user's reach when we are root: PostgreSQL's
// data then lives under /var/tmp, and the next start on the same data dir
// finds it again.
func TestPostgresOutsideUnreachableDataDir(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("only root runs PostgreSQL as another user")
	}
	private, err := os.MkdirTemp("", "devstack-private-") // 0700
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(private) })
	o := Options{Dir: filepath.Join(private, "checkout", ".data"), Postgres: true, Database: "callmatch",
		Logger: slog.New(slog.NewTextHandler(t.Output(), nil))}

	st, err := Start(t.Context(), o)
	if err != nil {
		t.Fatal(err)
	}
	pgDir := filepath.Dir(st.Postgres.DataDir())
	t.Cleanup(func() { os.RemoveAll(pgDir) })
	if strings.HasPrefix(pgDir, private) {
		st.Stop()
		t.Fatalf("PostgreSQL data in %s, which the postgres user cannot reach", pgDir)
	}
	mustExec(t, st.Postgres.URL("callmatch"), "CREATE TABLE kept (n int); INSERT INTO kept VALUES (7)")
	st.Stop()

	st, err = Start(t.Context(), o)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Stop()
	if again := filepath.Dir(st.Postgres.DataDir()); again != pgDir {
		t.Errorf("second start keeps PostgreSQL data in %s, the first in %s", again, pgDir)
	}
	if n := queryInt(t, st.Postgres.URL("callmatch"), "SELECT n FROM kept"); n != 7 {
		t.Errorf("kept = %d after a restart, want 7", n)
	}
}
