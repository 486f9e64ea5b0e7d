package main

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"callmatch/app"
	"callmatch/demo"
	"callmatch/devstack/pgtest"
	"callmatch/metrics"
	"callmatch/postgres"
)

func TestLoadtestRefusesOtherHosts(t *testing.T) {
	for _, target := range []string{"http://localhost:8080", "http://10.0.0.1:8080", "https://127.0.0.1:8443",
		"http://127.0.0.1", "http://127.0.0.1:8080/api", "http://user@127.0.0.1:8080", "http://[::1]:8080", "127.0.0.1:8080"} {
		err := cmdLoadtest(t.Context(), []string{"--target", target}, io.Discard, io.Discard)
		if _, ok := err.(usageError); !ok {
			t.Errorf("--target %s: %v, want a usage error", target, err)
		}
	}
	for _, args := range [][]string{{"--duration", "3m"}, {"--duration", "0s"}, {"--rate", "-1"}, {"--rate", "20001"},
		{"--workers", "0"}, {"--workers", "513"}, {"--endpoints", "intake,delete"}, {"--timeout", "2m"}} {
		if _, ok := cmdLoadtest(t.Context(), args, io.Discard, io.Discard).(usageError); !ok {
			t.Errorf("%v: want a usage error", args)
		}
	}
}

func TestListeningPIDFindsThisProcess(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	pid, err := listeningPID(strconv.Itoa(l.Addr().(*net.TCPAddr).Port))
	if err != nil || pid != os.Getpid() {
		t.Fatalf("listeningPID: %d, %v; want %d", pid, err, os.Getpid())
	}
	rss, hwm, err := procMemory(pid)
	if err != nil || rss <= 0 || hwm < rss {
		t.Fatalf("procMemory: rss %d, hwm %d, %v", rss, hwm, err)
	}
}

// TestLoadtestAgainstServer runs a short, slow load against the real app on
// a small demo catalog: every intake and match succeeds and the report
// names both endpoints.
func TestLoadtestAgainstServer(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	const password = "load-pw"
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.New(ctx, app.Config{DatabaseURL: pgtest.NewDB(t), DataKey: postgres.NewDataKey(),
		PublicURL: "http://" + l.Addr().String(), IntakeRateLimit: 1_000_000})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if err := seedDemo(ctx, a.DB, password, 40, io.Discard); err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: a.API}
	go srv.Serve(l)
	defer srv.Close()
	ml, err := metrics.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go metrics.Serve(ctx, ml, a.Metrics())

	var out bytes.Buffer
	o := loadOptions{target: &url.URL{Scheme: "http", Host: l.Addr().String()}, duration: time.Second, rate: 20,
		workers: 2, timeout: 5 * time.Second, endpoints: []string{"intake", "match", "desk"},
		email: demo.AdvisorEmail, password: password, matchLimit: 25, metrics: "http://" + ml.Addr().String()}
	if err := loadtest(ctx, o, &out); err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + out.String())
	report := out.String()
	if !strings.Contains(report, "catalog 40 vendors") || !strings.Contains(report, "server memory: peak RSS") {
		t.Error("the report lacks the catalog size or the server's memory")
	}
	// 40 vendors is no test of the match goal, which is set for 10k.
	if !strings.Contains(report, "goal POST /api/v1/match: not judged") || !strings.Contains(report, "goal POST /api/v1/intakes: ") {
		t.Error("the report judges the match goal on a small catalog, or not the intake goal")
	}
	// The metrics listener saw each endpoint's requests by route.
	for _, label := range []string{"POST /api/v1/intakes", "POST /api/v1/match", "GET /desk/intakes/{id}"} {
		if !regexp.MustCompile(`(?m)^  ` + regexp.QuoteMeta(label) + ` +[1-9][0-9]* requests, p50 ≤ `).MatchString(report) {
			t.Errorf("no server time of %s from the metrics listener", label)
		}
	}
	if !strings.Contains(report, "goal GET /desk/intakes/{id}: not judged") || !strings.Contains(report, "matching engine mean") {
		t.Error("the report judges the desk goal on a small catalog, or lacks the engine's time")
	}
	for _, label := range []string{"POST /api/v1/intakes", "POST /api/v1/match", "GET /desk/intakes/{id}"} {
		var line string
		for _, l := range strings.Split(report, "\n") {
			if strings.HasPrefix(l, label+" ") {
				line = l
				break
			}
		}
		f := strings.Fields(line)
		if len(f) < 5 || f[2] == "0" || f[4] != "0" {
			t.Errorf("%s: %q, want requests and no errors", label, line)
		}
	}
}

// The match goal is stated for a 10k catalog: a run on a much smaller or
// larger one reports figures but no verdict.
func TestLoadGoalJudgedOnlyAtItsCatalogSize(t *testing.T) {
	fast := endpointResult{name: "match", metrics: vegeta.Metrics{Requests: 1000, Success: 1, Throughput: 2100}}
	fast.metrics.Latencies.P99 = 10 * time.Millisecond
	for vendors, want := range map[int]string{
		320:     "not judged",
		10_000:  "met",
		12_345:  "met",
		100_000: "not judged",
	} {
		var out bytes.Buffer
		printLoad(&out, []endpointResult{fast}, vendors)
		if !strings.Contains(out.String(), "goal POST /api/v1/match: "+want) {
			t.Errorf("%d vendors: want %q in\n%s", vendors, want, out.String())
		}
	}
}
