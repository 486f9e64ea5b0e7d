package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"callmatch/api"
	"callmatch/billing"
	"callmatch/demo"
	"callmatch/devstack"
	"callmatch/postgres"
)

// The bounds issue 20 promises while PostgreSQL stops answering, and after.
const (
	livenessBound  = time.Second
	readinessBound = 5 * time.Second
	requestBound   = 10 * time.Second
	recoveryBound  = 10 * time.Second
)

// TestServeThroughPartitions runs `callmatch serve` with PostgreSQL and
// stripe-mock each behind a faultProxy, while clients submit consultation
// forms the whole time, and partitions the network to each in turn (the
// database's packets dropped without a reset, as in a failover or a stuck
// NAT). With the database partitioned, liveness stays 200, readiness turns
// 503 naming postgres, and API and page requests answer 503 with
// Retry-After instead of hanging; once it heals the app serves again
// without a restart, and every submission answered 201 is stored. With
// Stripe partitioned, requests do not wait on it, and an engagement
// recorded meanwhile is invoiced once after it heals. Each phase logs a
// row of the table in BENCHMARKS.md, Faults.
func TestServeThroughPartitions(t *testing.T) {
	skipShort(t)
	ctx := t.Context()
	st, err := devstack.Start(ctx, devstack.Options{Postgres: true, StripeMock: true, Database: "callmatch",
		NoFsync: true, Logger: testLogger()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Stop() })
	dbURL := st.Postgres.URL("callmatch")
	env := baseEnv(dbURL, postgres.NewDataKey())
	runCLI(t, env, "migrate", "up")
	runCLI(t, env, "seed", "--demo")

	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	pg := newFaultProxy(t, u.Host)
	u.Host = pg.Addr()
	calls := &stripeCalls{byKey: map[string]int{}, byInstance: map[string]int{}}
	stripeHTTP, err := url.Parse(calls.proxy(t, "a", st.StripeMock.URL()))
	if err != nil {
		t.Fatal(err)
	}
	stripe := newFaultProxy(t, stripeHTTP.Host)
	in := startInstance(t, append(env, "DATABASE_URL="+u.String(),
		"STRIPE_SECRET_KEY="+devstack.StripeMockKey, "STRIPE_WEBHOOK_SECRET=whsec_e2e",
		"STRIPE_API_BASE=http://"+stripe.Addr()))
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server log:\n%s", in.log)
		}
	})
	session := advisorSession(t, in.url)
	token := advisorToken(t, in.url)
	p := &prober{t: t, base: in.url, session: session}

	stream := startSubmissions(in.url, intakeBodies(t), 2)
	p.round("normal", 10)
	pg.Latency(200 * time.Millisecond)
	p.round("+200 ms each way", 10)
	pg.Pass()

	// Two rounds: the second finds the connections the first left
	// hanging, which must not slow it down.
	pg.Partition()
	for _, label := range []string{"partitioned", "still partitioned"} {
		r := p.round(label, 10)
		r.want(t, "/healthz", http.StatusOK, livenessBound)
		r.want(t, "/readyz", http.StatusServiceUnavailable, readinessBound)
		if !strings.Contains(r.byName("/readyz")[0].body, `"postgres":"unavailable"`) {
			t.Errorf("/readyz does not name the database: %s", r.byName("/readyz")[0].body)
		}
		for _, name := range []string{"GET /api/v1/vendors", "POST /api/v1/intakes", "GET /desk/vendors"} {
			r.want(t, name, http.StatusServiceUnavailable, requestBound)
		}
	}

	pg.Pass()
	healed := time.Now()
	recovered := p.recover(recoveryBound + 20*time.Second)
	t.Logf("recovered %s after the partition healed", recovered.Round(time.Millisecond))
	if recovered > recoveryBound {
		t.Errorf("recovered %s after the partition healed, want within %s", recovered, recoveryBound)
	}
	r := p.round("healed", 10)
	for _, name := range []string{"/healthz", "/readyz", "GET /api/v1/vendors", "POST /api/v1/intakes", "GET /desk/vendors"} {
		r.want(t, name, 0, requestBound)
	}
	time.Sleep(500 * time.Millisecond) // some submissions after the heal
	acked, statuses := stream.stop()
	checkStored(t, dbURL, acked, statuses, healed)

	stripe.Partition()
	r = p.round("stripe partitioned", 10)
	for _, name := range []string{"/healthz", "/readyz", "GET /api/v1/vendors", "POST /api/v1/intakes"} {
		r.want(t, name, 0, readinessBound)
	}
	engagement := engage(t, in.url, token, demo.Intakes()[0])
	waitFor(t, "the billing job to retry the engagement", 60*time.Second, func() bool {
		attempts, lastErr, _ := outboxState(t, dbURL, engagement)
		return attempts >= 1 && lastErr != ""
	})
	stripe.Pass()
	waitFor(t, "the engagement to be invoiced", 90*time.Second, func() bool {
		_, _, done := outboxState(t, dbURL, engagement)
		return done
	})
	var list api.InvoiceList
	if err := call(ctx, http.MethodGet, in.url+"/api/v1/invoices?per_page=100", token, nil, &list); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, inv := range list.Invoices {
		if inv.EngagementID == engagement {
			n++
			if inv.Status == billing.StatusPending || inv.StripeInvoiceID == "" {
				t.Errorf("invoice %s is %s with Stripe id %q", inv.ID, inv.Status, inv.StripeInvoiceID)
			}
		}
	}
	if n != 1 {
		t.Errorf("engagement %s has %d invoices, want 1", engagement, n)
	}
	attempts, lastErr, _ := outboxState(t, dbURL, engagement)
	t.Logf("engagement recorded while Stripe was partitioned: invoiced once, after %d attempts (last error %q)", attempts, lastErr)
	checkLoggedOnce(t, in.log.String())
}

// checkLoggedOnce: a failed request is logged once, however many layers
// saw its error.
func checkLoggedOnce(t *testing.T, log string) {
	t.Helper()
	seen := map[string]int{}
	for line := range strings.Lines(log) {
		var l struct {
			Msg       string `json:"msg"`
			RequestID string `json:"request_id"`
		}
		if json.Unmarshal([]byte(line), &l) == nil && l.RequestID != "" && l.Msg != "request" {
			seen[l.RequestID]++
		}
	}
	for id, n := range seen {
		if n > 1 {
			t.Errorf("request %s logged %d times, want once", id, n)
		}
	}
	t.Logf("%d failed requests logged, each once", len(seen))
}

// intakeBodies are the demo consultation forms as JSON.
func intakeBodies(t *testing.T) [][]byte {
	var bodies [][]byte
	for _, f := range demo.Intakes() {
		b, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		bodies = append(bodies, b)
	}
	return bodies
}

// submissions is a stream of public submissions from a few clients.
type submissions struct {
	done     chan struct{}
	wg       sync.WaitGroup
	mu       sync.Mutex
	acked    map[string]time.Time // id → when its 201 came
	statuses map[int]int
}

func startSubmissions(base string, bodies [][]byte, clients int) *submissions {
	s := &submissions{done: make(chan struct{}), acked: map[string]time.Time{}, statuses: map[int]int{}}
	client := &http.Client{Timeout: 60 * time.Second}
	for c := range clients {
		s.wg.Go(func() {
			for i := c; ; i += clients {
				select {
				case <-s.done:
					return
				default:
				}
				status, id := 0, ""
				resp, err := client.Post(base+"/api/v1/intakes", "application/json", bytes.NewReader(bodies[i%len(bodies)]))
				if err == nil {
					status = resp.StatusCode
					var sub api.SubmitResponse
					if status == http.StatusCreated && json.NewDecoder(resp.Body).Decode(&sub) == nil {
						id = sub.ID
					}
					resp.Body.Close()
				}
				s.mu.Lock()
				s.statuses[status]++
				if id != "" {
					s.acked[id] = time.Now()
				}
				s.mu.Unlock()
				if status != http.StatusCreated {
					time.Sleep(50 * time.Millisecond)
				}
			}
		})
	}
	return s
}

func (s *submissions) stop() (map[string]time.Time, map[int]int) {
	close(s.done)
	s.wg.Wait()
	return s.acked, s.statuses
}

// checkStored reads the intakes straight from PostgreSQL, not through the
// proxy: every acknowledged submission must be there.
func checkStored(t *testing.T, dbURL string, acked map[string]time.Time, statuses map[int]int, healed time.Time) {
	t.Helper()
	db, err := postgres.Open(t.Context(), dbURL, testLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	stored := storedIntakes(t, db)
	lost, after := 0, 0
	for id, at := range acked {
		if !stored[id] {
			lost++
			t.Errorf("submission %s was answered 201 but is not stored", id)
		}
		if at.After(healed) {
			after++
		}
	}
	t.Logf("submission stream: answers %v; %d acknowledged (%d after the heal), %d lost", statuses, len(acked), after, lost)
	if after == 0 {
		t.Error("no submission of the stream was acknowledged after the partition healed")
	}
	if statuses[http.StatusServiceUnavailable] == 0 {
		t.Error("no submission of the stream was refused: the partition missed it")
	}
	for status := range statuses {
		if status != http.StatusCreated && status != http.StatusServiceUnavailable {
			t.Errorf("the stream got %d answers %d, want only 201 and 503", statuses[status], status)
		}
	}
}

// storedIntakes are the ids of every intake in the database.
func storedIntakes(t *testing.T, db *postgres.DB) map[string]bool {
	t.Helper()
	rows, err := db.SQL().QueryContext(t.Context(), "SELECT id::text FROM intakes")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	stored := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		stored[id] = true
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return stored
}

// outboxState reads the engagement's outbox row straight from PostgreSQL.
func outboxState(t *testing.T, dbURL, engagement string) (attempts int, lastErr string, done bool) {
	t.Helper()
	db, err := postgres.Open(t.Context(), dbURL, testLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.SQL().QueryRowContext(t.Context(), `SELECT attempts, last_error, done_at IS NOT NULL FROM outbox
		WHERE aggregate = 'engagement' AND aggregate_id = $1`, engagement).Scan(&attempts, &lastErr, &done)
	if err != nil {
		t.Fatal(err)
	}
	return attempts, lastErr, done
}

func waitFor(t *testing.T, what string, limit time.Duration, done func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !done() {
		if time.Now().After(deadline) {
			t.Fatalf("waited %s for %s", limit, what)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// advisorSession signs the demo advisor in and returns the session cookie.
func advisorSession(t *testing.T, base string) []*http.Cookie {
	t.Helper()
	body := strings.NewReader(fmt.Sprintf(`{"email": %q, "password": "e2e-password"}`, demo.AdvisorEmail))
	resp, err := http.Post(base+"/api/v1/auth/login", "application/json", body)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("login: %s", resp.Status)
	}
	return resp.Cookies()
}
