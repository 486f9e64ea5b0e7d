package e2e

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"callmatch/api"
	"callmatch/billing"
	"callmatch/demo"
	"callmatch/devstack"
	"callmatch/matching"
	"callmatch/meili"
	"callmatch/postgres"
)

// stripeCalls counts the calls that reach stripe-mock, per instance and per
// idempotency key, through one reverse proxy per instance: stripe-mock
// keeps no state, so the proxy is where "invoiced once" can be seen.
type stripeCalls struct {
	mu         sync.Mutex
	byKey      map[string]int // "POST /v1/invoices callmatch-engagement-…-invoice" → calls answered
	byInstance map[string]int
}

func (s *stripeCalls) proxy(t *testing.T, instance, target string) string {
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(u)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w}
		rp.ServeHTTP(rec, r)
		if r.Method == http.MethodPost && rec.status/100 == 2 {
			path := r.URL.Path
			if strings.HasPrefix(path, "/v1/invoices/") {
				path = "/v1/invoices/{id}" + path[strings.LastIndex(path, "/"):]
			}
			s.mu.Lock()
			s.byKey["POST "+path+" "+r.Header.Get("Idempotency-Key")]++
			s.byInstance[instance]++
			s.mu.Unlock()
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) { r.status = code; r.ResponseWriter.WriteHeader(code) }

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

// TestTwoInstancesProcessOutboxOnce runs two `callmatch serve` processes
// against one database, as two replicas behind a load balancer, each with
// its search relay and its billing job claiming rows from the shared
// outbox. Vendor edits and engagements are made through both. Every outbox
// row must be done, none claimed twice; every engagement must have one
// invoice, each billing step must have reached Stripe once per engagement,
// and the search index must hold every vendor at its stored version.
func TestTwoInstancesProcessOutboxOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the callmatch binary")
	}
	ctx := t.Context()
	st, err := devstack.Start(ctx, devstack.Options{Postgres: true, StripeMock: true, Meili: true, Database: "callmatch",
		NoFsync: true, Logger: testLogger()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Stop() })
	dbURL := st.Postgres.URL("callmatch")
	env := baseEnv(dbURL, postgres.NewDataKey())
	runCLI(t, env, "migrate", "up")
	runCLI(t, env, "seed", "--demo")
	// The demo campaigns come with engagements of their own, already
	// invoiced; their outbox rows are claimed like the test's.
	seeded := countEngagementRows(t, dbURL)

	calls := &stripeCalls{byKey: map[string]int{}, byInstance: map[string]int{}}
	var instances []*instance
	for _, name := range []string{"a", "b"} {
		instances = append(instances, startInstance(t, append(env,
			"MEILI_URL="+st.Meili.URL(), "MEILI_MASTER_KEY="+st.Meili.MasterKey(),
			"STRIPE_SECRET_KEY="+devstack.StripeMockKey, "STRIPE_WEBHOOK_SECRET=whsec_e2e",
			"STRIPE_API_BASE="+calls.proxy(t, name, st.StripeMock.URL()))))
	}
	tokens := make([]string, len(instances))
	for i, in := range instances {
		tokens[i] = advisorToken(t, in.url)
	}

	// Each engagement is recorded through one instance, alternating, in
	// quick succession so that both jobs find work at once.
	// The seed left a vendor row per demo vendor for the relays to race
	// over; vendor edits add more while they do.
	const engagements, edits = 12, 40
	forms := demo.Intakes()
	var engaged []string
	for k := range max(engagements, edits) {
		in, tok := instances[k%2], tokens[k%2]
		if k < edits {
			desc := fmt.Sprintf("edit %d through instance %d", k, k%2)
			if err := call(ctx, http.MethodPatch, in.url+"/api/v1/vendors/"+demo.VendorID(k%10), tok,
				map[string]string{"description": desc}, nil); err != nil {
				t.Fatal(err)
			}
		}
		if k < engagements {
			engaged = append(engaged, engage(t, in.url, tok, forms[k%len(forms)]))
		}
	}

	db, err := postgres.Open(ctx, dbURL, testLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	deadline := time.Now().Add(90 * time.Second)
	for {
		var pending int
		if err := db.SQL().QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE done_at IS NULL`).Scan(&pending); err != nil {
			t.Fatal(err)
		}
		if pending == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d outbox rows still pending after 90 s;\ninstance a:\n%s\ninstance b:\n%s",
				pending, instances[0].log, instances[1].log)
		}
		time.Sleep(200 * time.Millisecond)
	}

	// A relay completes a vendor's later rows with the one it claimed (they
	// carry nothing the document it sends lacks), so a vendor row may be
	// done unclaimed; a row claimed twice was processed twice.
	rows, err := db.SQL().QueryContext(ctx, `SELECT aggregate, aggregate_id, attempts, last_error FROM outbox ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for rows.Next() {
		var (
			agg, id, lastErr string
			attempts         int
		)
		if err := rows.Scan(&agg, &id, &attempts, &lastErr); err != nil {
			t.Fatal(err)
		}
		seen[agg]++
		if attempts > 1 || (agg == "engagement" && attempts != 1) {
			t.Errorf("%s %s: outbox row claimed %d times (last error %q), want once", agg, id, attempts, lastErr)
		}
	}
	rows.Close()
	if seen["engagement"] != seeded+engagements || seen["vendor"] < demoVendors+edits {
		t.Errorf("outbox rows %v, want %d engagement (%d seeded) and at least %d vendor rows", seen,
			seeded+engagements, seeded, demoVendors+edits)
	}
	checkIndex(t, db, st.Meili.URL(), st.Meili.MasterKey())

	var list api.InvoiceList
	if err := call(ctx, http.MethodGet, instances[0].url+"/api/v1/invoices?per_page=100", tokens[0], nil, &list); err != nil {
		t.Fatal(err)
	}
	invoices := map[string]int{}
	for _, inv := range list.Invoices {
		invoices[inv.EngagementID]++
		if inv.Status == billing.StatusPending || inv.StripeInvoiceID == "" {
			t.Errorf("invoice %s of engagement %s is %s with Stripe id %q", inv.ID, inv.EngagementID, inv.Status, inv.StripeInvoiceID)
		}
	}
	calls.mu.Lock()
	defer calls.mu.Unlock()
	for _, e := range engaged {
		if invoices[e] != 1 {
			t.Errorf("engagement %s has %d invoices, want 1", e, invoices[e])
		}
		for _, step := range []string{"POST /v1/invoices " + billing.IdempotencyKey(e, "invoice"),
			"POST /v1/invoiceitems " + billing.IdempotencyKey(e, "item")} {
			if n := calls.byKey[step]; n != 1 {
				t.Errorf("engagement %s: %q reached Stripe %d times, want once", e, step, n)
			}
		}
	}
	t.Logf("%d engagements billed, %d vendor edits relayed; outbox rows %v; Stripe calls by instance: %v",
		len(engaged), edits, seen, calls.byInstance)
}

func advisorToken(t *testing.T, base string) string {
	t.Helper()
	jarClient := &http.Client{Timeout: 30 * time.Second}
	req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/tokens", strings.NewReader(`{"name": "e2e", "ttl_days": 1}`))
	req.Header.Set("Content-Type", "application/json")
	for _, c := range advisorSession(t, base) {
		req.AddCookie(c)
	}
	resp, err := jarClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var tok api.TokenResponse
	if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusOK {
		t.Fatalf("token: %s", resp.Status)
	}
	if err := decodeBody(resp, &tok); err != nil {
		t.Fatal(err)
	}
	return tok.Token
}

// engage takes a demo intake from submission to a signed engagement with
// the first vendor of its shared shortlist, and returns the engagement id.
func engage(t *testing.T, base, token string, form any) string {
	t.Helper()
	ctx := t.Context()
	var sub api.SubmitResponse
	if err := call(ctx, http.MethodPost, base+"/api/v1/intakes", "", form, &sub); err != nil {
		t.Fatal(err)
	}
	var sl struct {
		ID     string          `json:"id"`
		Result matching.Result `json:"result"`
	}
	if err := call(ctx, http.MethodPost, base+"/api/v1/intakes/"+sub.ID+"/shortlists", token, map[string]any{"limit": 5}, &sl); err != nil {
		t.Fatal(err)
	}
	if len(sl.Result.Shortlist) == 0 {
		t.Fatalf("intake %s: empty shortlist", sub.ID)
	}
	if err := call(ctx, http.MethodPost, base+"/api/v1/shortlists/"+sl.ID+"/share", token, nil, nil); err != nil {
		t.Fatal(err)
	}
	var eng struct {
		ID string `json:"id"`
	}
	if err := call(ctx, http.MethodPost, base+"/api/v1/intakes/"+sub.ID+"/engagements", token,
		api.EngagementRequest{VendorID: sl.Result.Shortlist[0].VendorID, ContractValueCents: 5_000_000}, &eng); err != nil {
		t.Fatal(err)
	}
	if eng.ID == "" {
		t.Fatalf("intake %s: engagement without an id", sub.ID)
	}
	return eng.ID
}

// demoVendors is the size of the catalog `callmatch seed --demo` loads.
const demoVendors = 320

// checkIndex compares every vendor's version in PostgreSQL with its
// document in Meilisearch.
func checkIndex(t *testing.T, db *postgres.DB, meiliURL, key string) {
	t.Helper()
	ctx := t.Context()
	rows, err := db.SQL().QueryContext(ctx, `SELECT id::text, version FROM vendors`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var (
			id      string
			version int64
		)
		if err := rows.Scan(&id, &version); err != nil {
			t.Fatal(err)
		}
		n++
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, meiliURL+"/indexes/"+meili.DefaultIndex+"/documents/"+id, nil)
		req.Header.Set("Authorization", "Bearer "+key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct{ Version int64 }
		err = decodeBody(resp, &doc)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK || doc.Version != version {
			t.Errorf("vendor %s: version %d in PostgreSQL, index answers %s with version %d (%v)", id, version, resp.Status, doc.Version, err)
		}
	}
	if n < demoVendors {
		t.Errorf("%d vendors in PostgreSQL, want %d", n, demoVendors)
	}
}

// countEngagementRows counts the engagement rows in the outbox.
func countEngagementRows(t *testing.T, dbURL string) int {
	t.Helper()
	db, err := postgres.Open(t.Context(), dbURL, testLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.SQL().QueryRowContext(t.Context(), `SELECT count(*) FROM outbox WHERE aggregate = 'engagement'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
