package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"callmatch/api"
	"callmatch/demo"
	"callmatch/metrics"
)

// Metrics are served on their own listener only: the public address has
// no /metrics, and the listener names routes by pattern (never a raw
// path, which may carry an id or a campaign's token) and serves every
// family of ISSUE18 §2 while the app runs.
func TestMetricsListener(t *testing.T) {
	t.Parallel()
	a, base, cancel, served := serveApp(t)
	ml, err := metrics.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	metricsURL := "http://" + ml.Addr().String() + "/metrics"
	ctx, stopMetrics := context.WithCancel(t.Context())
	defer stopMetrics()
	scraped := make(chan error, 1)
	go func() { scraped <- metrics.Serve(ctx, ml, a.Metrics()) }()

	for _, path := range []string{"/metrics", "/debug/pprof/"} {
		if status, body := get(t, base+path, ""); status != http.StatusNotFound || strings.Contains(body, "http_request_duration_seconds") {
			t.Errorf("public %s: %d %.200s, want 404", path, status, body)
		}
	}
	session := advisorSession(t, a)
	const id = "0190a4c2-5f3e-7b6a-9d1e-2c3b4a5d6e7f"
	if status, _ := get(t, base+"/api/v1/intakes/"+id, session); status != http.StatusNotFound {
		t.Errorf("unknown intake: %d, want 404", status)
	}
	body, _ := json.Marshal(api.MatchRequest{IntakeRequest: api.IntakeRequestOf(demo.Intakes()[0]), AsOf: demo.AsOf})
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, base+"/api/v1/match", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.AddCookie(&http.Cookie{Name: "callmatch_session", Value: session})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("match: %d", resp.StatusCode)
	}

	want := []string{
		`http_request_duration_seconds_bucket{route="/api/v1/intakes/:id",status="404",le="0.025"}`,
		`http_request_duration_seconds_count{route="unmatched",status="404"}`, // the public /metrics
		`http_request_duration_seconds_count{route="/api/v1/match",status="200"} 1`,
		"callmatch_match_duration_seconds_count", "callmatch_catalog_version", "callmatch_catalog_vendors 0",
		"callmatch_jobs_queue_depth{kind=", "callmatch_jobs_oldest_age_seconds{kind=", "callmatch_search_relay_lag_seconds 0",
		"callmatch_mail_sent_total", "callmatch_mail_failed_total", "callmatch_stripe_errors_total",
	}
	// River's periodic tasks run on start once a leader is elected, which
	// puts the first job kinds in the table.
	var scrape string
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		var status int
		if status, scrape = get(t, metricsURL, ""); status != http.StatusOK {
			t.Fatalf("metrics listener: %d %s", status, scrape)
		}
		if strings.Contains(scrape, "callmatch_jobs_queue_depth{kind=") {
			break
		}
	}
	for _, w := range want {
		if !strings.Contains(scrape, w) {
			t.Errorf("metrics lack %s", w)
		}
	}
	if strings.Contains(scrape, id) {
		t.Errorf("metrics name a raw path with an id")
	}
	cancel()
	stopMetrics()
	for _, c := range []<-chan error{served, scraped} {
		select {
		case err := <-c:
			if err != nil {
				t.Errorf("serve: %v", err)
			}
		case <-time.After(20 * time.Second):
			t.Fatal("a listener did not stop after its context ended")
		}
	}
}
