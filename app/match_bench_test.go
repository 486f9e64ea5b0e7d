package app_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"syscall"
	"testing"
	"time"

	"callmatch"
	"callmatch/account"
	"callmatch/api"
	"callmatch/app"
	"callmatch/demo"
	"callmatch/demo/seed"
	"callmatch/devstack/pgtest"
	"callmatch/postgres"
)

// BenchmarkMatchRequest is one POST /api/v1/match as `callmatch loadtest`
// sends it (an API token, a demo form, limit 25, the API's 200 listed
// exclusions, ~85 kB answered) through the whole product's handler on the
// 10k demo catalog: the server's CPU per request without the network and
// the load generator. cpu-ns/op counts PostgreSQL's share too only when
// it runs in this process, which it does not: "services" is the
// loadtest's figure for that.
func BenchmarkMatchRequest(b *testing.B) {
	ctx := callmatch.WithActor(b.Context(), callmatch.Actor{System: "bench"})
	a, err := app.New(ctx, app.Config{DatabaseURL: pgtest.NewDB(b), DataKey: postgres.NewDataKey(),
		PublicURL: "http://callmatch.test", IntakeRateLimit: 10})
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	if _, err := seed.Demo(ctx, seed.Config{DB: a.DB, Password: "bench-password", Vendors: 10_000}); err != nil {
		b.Fatal(err)
	}
	u, _, _, err := a.Auth.Login(ctx, demo.AdvisorEmail, "bench-password", "192.0.2.1")
	if err != nil {
		b.Fatal(err)
	}
	token, _, err := a.Auth.IssueAPIToken(ctx, account.ActorForUser(u, account.CredentialSession, ""), "bench", 1)
	if err != nil {
		b.Fatal(err)
	}
	var bodies [][]byte
	for _, f := range demo.Intakes() {
		body, err := json.Marshal(api.MatchRequest{IntakeRequest: api.IntakeRequestOf(f), Limit: 25, AsOf: demo.AsOf})
		if err != nil {
			b.Fatal(err)
		}
		bodies = append(bodies, body)
	}
	serve := func(i int) int {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/match", bytes.NewReader(bodies[i%len(bodies)]))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+account.APITokenPrefix+token)
		w := &discardWriter{header: http.Header{}}
		a.API.ServeHTTP(w, req)
		return w.status
	}
	for i := range len(bodies) { // loads the catalog; warms the pools
		if s := serve(i); s != http.StatusOK {
			b.Fatalf("match: %d", s)
		}
	}
	cpu := processCPU()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if s := serve(i); s != http.StatusOK {
			b.Fatalf("match: %d", s)
		}
	}
	b.ReportMetric(float64(processCPU()-cpu)/float64(b.N), "cpu-ns/op")
}

// discardWriter is a ResponseWriter that keeps the status alone, as the
// load generator drains answers without keeping them.
type discardWriter struct {
	header http.Header
	status int
}

func (w *discardWriter) Header() http.Header { return w.header }
func (w *discardWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return io.Discard.Write(p)
}
func (w *discardWriter) WriteHeader(s int) {
	if w.status == 0 {
		w.status = s
	}
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
