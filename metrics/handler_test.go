package metrics

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// The listener takes loopback addresses only, naming the variable.
func TestListenLoopbackOnly(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:9090", "10.1.2.3:9090", ":9090", "example.org:9090", "127.0.0.1"} {
		if l, err := Listen(addr); err == nil {
			l.Close()
			t.Errorf("Listen(%q) accepted", addr)
		} else if !strings.Contains(err.Error(), "CALLMATCH_METRICS_ADDR") {
			t.Errorf("Listen(%q): %v, want the variable named", addr, err)
		}
	}
	l, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l.Close()
}

func scrape(t *testing.T, h http.Handler) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	b, _ := io.ReadAll(rec.Body)
	return rec.Code, string(b)
}

// The sources are read at scrape time; a queue that cannot be read fails
// its series (absent, not 0: an outage must not read as an empty queue),
// and the rest is still served.
func TestHandlerReadsSources(t *testing.T) {
	ObserveRequest("/api/v1/intakes/:id", 404, 3*time.Millisecond)
	src := Sources{
		Catalog: func() CatalogStat { return CatalogStat{Loaded: true, Version: 42, Vendors: 10001} },
		Queue: func(context.Context) ([]QueueStat, error) {
			return []QueueStat{{Kind: "mail", Depth: 3, OldestAge: 1500 * time.Millisecond}}, nil
		},
		RelayLag: func(context.Context) (time.Duration, error) { return 2 * time.Second, nil },
	}
	code, body := scrape(t, Handler(src))
	if code != http.StatusOK {
		t.Fatalf("status %d: %s", code, body)
	}
	for _, want := range []string{
		`http_request_duration_seconds_count{route="/api/v1/intakes/:id",status="404"}`,
		"callmatch_catalog_version 42", "callmatch_catalog_vendors 10001",
		`callmatch_jobs_queue_depth{kind="mail"} 3`, `callmatch_jobs_oldest_age_seconds{kind="mail"} 1.5`,
		"callmatch_search_relay_lag_seconds 2", "callmatch_match_duration_seconds_count",
		"callmatch_mail_sent_total", "callmatch_mail_failed_total", "callmatch_stripe_errors_total",
		"go_goroutines", "process_cpu_seconds_total",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("scrape lacks %s", want)
		}
	}

	src.Queue = func(context.Context) ([]QueueStat, error) { return nil, errors.New("database down") }
	code, body = scrape(t, Handler(src))
	if code != http.StatusOK || !strings.Contains(body, "callmatch_catalog_vendors 10001") {
		t.Errorf("scrape with the queue unreadable: %d, want the rest served:\n%s", code, body)
	}
	if strings.Contains(body, `callmatch_jobs_queue_depth{`) {
		t.Errorf("an unreadable queue was reported: %s", body)
	}
}
