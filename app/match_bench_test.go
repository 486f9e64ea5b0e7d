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
	a, token := benchApp(b, false)
	var bodies [][]byte
	for _, f := range demo.Intakes() {
		body, err := json.Marshal(api.MatchRequest{IntakeRequest: api.IntakeRequestOf(f), Limit: 25, AsOf: demo.AsOf})
		if err != nil {
			b.Fatal(err)
		}
		bodies = append(bodies, body)
	}
	benchRequests(b, a, len(bodies), func(i int) *http.Request {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/match", bytes.NewReader(bodies[i%len(bodies)]))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		return req
	})
}

// BenchmarkDeskIntakePage is the advisor's intake page (a live ranking on
// the 10k demo catalog, the saved shortlists, quotes, engagements) of the
// demo campaigns that have shortlists, in turn: the page `callmatch
// loadtest` opens as its desk endpoint.
func BenchmarkDeskIntakePage(b *testing.B) {
	a, token := benchApp(b, true)
	rows, err := a.DB.SQL().QueryContext(b.Context(), `SELECT intake_id FROM shortlists GROUP BY intake_id ORDER BY intake_id`)
	if err != nil {
		b.Fatal(err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			b.Fatal(err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if len(ids) == 0 {
		b.Fatal("the demo seeded no shortlist")
	}
	benchRequests(b, a, len(ids), func(i int) *http.Request {
		req := httptest.NewRequest(http.MethodGet, "/desk/intakes/"+ids[i%len(ids)], nil)
		req.Header.Set("Authorization", "Bearer "+token)
		return req
	})
}

// benchApp assembles the app on a new database with the demo (10k
// vendors; its campaigns too when campaigns is set) and returns it with an
// API token of the demo advisor.
func benchApp(b *testing.B, campaigns bool) (*app.App, string) {
	ctx := callmatch.WithActor(b.Context(), callmatch.Actor{System: "bench"})
	a, err := app.New(ctx, app.Config{DatabaseURL: pgtest.NewDB(b), DataKey: postgres.NewDataKey(),
		PublicURL: "http://callmatch.test", IntakeRateLimit: 10})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(a.Close)
	sc := seed.Config{DB: a.DB, Password: "bench-password", Vendors: 10_000}
	if campaigns {
		sc.Intakes, sc.Quotes = a.Intakes, a.Quotes
	}
	if _, err := seed.Demo(ctx, sc); err != nil {
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
	return a, account.APITokenPrefix + token
}

// benchRequests serves request(i) through the whole handler, first once
// for each of warm (loading the catalog, filling the pools), then b.N
// times, and reports the process's CPU per request beside the wall time.
func benchRequests(b *testing.B, a *app.App, warm int, request func(i int) *http.Request) {
	serve := func(i int) {
		w := &discardWriter{header: http.Header{}}
		a.API.ServeHTTP(w, request(i))
		if w.status != http.StatusOK {
			b.Fatalf("request %d: %d", i, w.status)
		}
	}
	for i := range warm {
		serve(i)
	}
	cpu := processCPU()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		serve(i)
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
