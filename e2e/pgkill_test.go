package e2e

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"

	"callmatch/api"
	"callmatch/app"
	"callmatch/devstack"
	"callmatch/migrations"
	"callmatch/postgres"
)

func testLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// TestIntakesSurvivePostgresKill submits consultation forms from several
// clients while PostgreSQL is killed with SIGKILL and started again. Every
// submission answered 201 must be in the database afterwards, and the API
// must take submissions again once the database is back, without a restart.
// fsync stays on: this is the durable-commit path production runs.
func TestIntakesSurvivePostgresKill(t *testing.T) {
	ctx := t.Context()
	st, err := devstack.Start(ctx, devstack.Options{Postgres: true, Database: "callmatch", Logger: testLogger()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Stop() })
	url := st.Postgres.URL("callmatch")
	sqlDB, err := migrations.Open(url)
	if err != nil {
		t.Fatal(err)
	}
	err = migrations.Up(ctx, sqlDB)
	sqlDB.Close()
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.New(ctx, app.Config{DatabaseURL: url, DataKey: postgres.NewDataKey(), PublicURL: "http://callmatch.test",
		IntakeRateLimit: 1_000_000})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	db := a.DB
	srv := httptest.NewServer(a.API)
	t.Cleanup(srv.Close)

	bodies := intakeBodies(t)
	type answer struct {
		status     int
		retryAfter string
		id         string
		at         time.Time
	}
	var (
		mu      sync.Mutex
		answers []answer
	)
	stop := make(chan struct{})
	var clients sync.WaitGroup
	client := &http.Client{Timeout: 10 * time.Second}
	for c := range 4 {
		clients.Go(func() {
			for i := c; ; i += 4 {
				select {
				case <-stop:
					return
				default:
				}
				a := answer{at: time.Now()}
				resp, err := client.Post(srv.URL+"/api/v1/intakes", "application/json", bytes.NewReader(bodies[i%len(bodies)]))
				if err == nil {
					a.status, a.retryAfter = resp.StatusCode, resp.Header.Get("Retry-After")
					var sub api.SubmitResponse
					if resp.StatusCode == http.StatusCreated && json.NewDecoder(resp.Body).Decode(&sub) == nil {
						a.id = sub.ID
					}
					resp.Body.Close()
				}
				mu.Lock()
				answers = append(answers, a)
				mu.Unlock()
				if a.status != http.StatusCreated {
					time.Sleep(20 * time.Millisecond) // no busy loop while the database is down
				}
			}
		})
	}

	time.Sleep(1500 * time.Millisecond)
	if err := st.Postgres.Kill(); err != nil {
		t.Fatal(err)
	}
	killed := time.Now()
	time.Sleep(time.Second)
	if err := st.Postgres.Start(ctx); err != nil {
		t.Fatal(err)
	}
	restarted := time.Now()
	time.Sleep(2 * time.Second)
	close(stop)
	clients.Wait()

	acked := map[string]bool{}
	statuses := map[int]int{}
	afterRestart := 0
	for _, a := range answers {
		statuses[a.status]++
		// A client must be told to come back, not that we broke.
		if a.status != http.StatusCreated && (a.status != http.StatusServiceUnavailable || a.retryAfter == "") {
			t.Errorf("a submission during the outage got %d (Retry-After %q), want 503 with Retry-After", a.status, a.retryAfter)
		}
		if a.id != "" {
			acked[a.id] = true
			if a.at.After(restarted) {
				afterRestart++
			}
		}
	}
	stored := storedIntakes(t, db)
	lost := 0
	for id := range acked {
		if !stored[id] {
			lost++
			t.Errorf("submission %s was answered 201 but is not in the database", id)
		}
	}
	t.Logf("%d submissions: answers %v; %d acknowledged, %d stored, %d lost; %d acknowledged after the restart; down %s",
		len(answers), statuses, len(acked), len(stored), lost, afterRestart, restarted.Sub(killed).Round(time.Millisecond))
	if statuses[http.StatusCreated] == len(answers) {
		t.Error("no submission failed: the kill happened outside the stream")
	}
	if afterRestart == 0 {
		t.Error("no submission succeeded after PostgreSQL came back: the API did not recover by itself")
	}
}
