package e2e

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// probe is one request's answer and how long it took.
type probe struct {
	name       string
	status     int // 0: no answer
	retryAfter string
	took       time.Duration
	body       string
}

type round []probe

func (r round) byName(name string) []probe {
	var ps []probe
	for _, p := range r {
		if p.name == name {
			ps = append(ps, p)
		}
	}
	return ps
}

// want checks that every probe of name answered status (0: any 2xx) within
// bound, and a 503 with Retry-After.
func (r round) want(t *testing.T, name string, status int, bound time.Duration) {
	t.Helper()
	for _, p := range r.byName(name) {
		ok := p.status == status || (status == 0 && p.status/100 == 2)
		if !ok || p.took > bound || (p.status == http.StatusServiceUnavailable && p.retryAfter == "") {
			t.Errorf("%s: %d (Retry-After %q) in %s, want %d within %s", name, p.status, p.retryAfter,
				p.took.Round(time.Millisecond), status, bound)
		}
	}
}

// prober measures what the table reports: liveness and readiness,
// and concurrent requests, half vendor lists as an advisor and half public
// submissions, plus a desk page.
type prober struct {
	t       *testing.T
	base    string
	session []*http.Cookie
}

var probeClient = &http.Client{Timeout: 60 * time.Second}

func (p *prober) do(name, method, path string, body []byte, session bool) probe {
	req, err := http.NewRequest(method, p.base+path, bytes.NewReader(body))
	if err != nil {
		p.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if session {
		for _, c := range p.session {
			req.AddCookie(c)
		}
	}
	start := time.Now()
	resp, err := probeClient.Do(req)
	pr := probe{name: name, took: time.Since(start)}
	if err != nil {
		return pr
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	pr.took = time.Since(start)
	pr.status, pr.retryAfter, pr.body = resp.StatusCode, resp.Header.Get("Retry-After"), string(b)
	return pr
}

// round sends n vendor lists and n submissions at once, with the health
// checks and a desk page beside them, and logs the figures.
func (p *prober) round(label string, n int) round {
	forms := intakeBodies(p.t)
	var (
		mu sync.Mutex
		r  round
		wg sync.WaitGroup
	)
	add := func(f func() probe) {
		wg.Go(func() {
			pr := f()
			mu.Lock()
			r = append(r, pr)
			mu.Unlock()
		})
	}
	// A browser sends its cookie to /healthz too.
	add(func() probe { return p.do("/healthz", http.MethodGet, "/healthz", nil, true) })
	add(func() probe { return p.do("/readyz", http.MethodGet, "/readyz", nil, false) })
	add(func() probe { return p.do("GET /desk/vendors", http.MethodGet, "/desk/vendors", nil, true) })
	for i := range n {
		add(func() probe { return p.do("GET /api/v1/vendors", http.MethodGet, "/api/v1/vendors", nil, true) })
		add(func() probe {
			return p.do("POST /api/v1/intakes", http.MethodPost, "/api/v1/intakes", forms[i%len(forms)], false)
		})
	}
	wg.Wait()
	var row []string
	for _, name := range []string{"/healthz", "/readyz", "GET /api/v1/vendors", "POST /api/v1/intakes", "GET /desk/vendors"} {
		row = append(row, name+" "+summary(r.byName(name)))
	}
	p.t.Logf("%-20s %s", label+":", strings.Join(row, "; "))
	return r
}

// summary is "200×10 in 0.12–0.17 s".
func summary(ps []probe) string {
	counts := map[int]int{}
	var took []time.Duration
	for _, p := range ps {
		counts[p.status]++
		took = append(took, p.took)
	}
	sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
	var codes []string
	for code, n := range counts {
		codes = append(codes, fmt.Sprintf("%d×%d", code, n))
	}
	sort.Strings(codes)
	return fmt.Sprintf("%s in %.2f–%.2f s", strings.Join(codes, ","), took[0].Seconds(), took[len(took)-1].Seconds())
}

// recover polls a vendor list and a submission until both succeed and
// returns how long that took.
func (p *prober) recover(limit time.Duration) time.Duration {
	forms := intakeBodies(p.t)
	start := time.Now()
	for time.Since(start) < limit {
		v := p.do("vendors", http.MethodGet, "/api/v1/vendors", nil, true)
		s := p.do("intake", http.MethodPost, "/api/v1/intakes", forms[0], false)
		if v.status == http.StatusOK && s.status == http.StatusCreated {
			return time.Since(start)
		}
		time.Sleep(100 * time.Millisecond)
	}
	p.t.Fatalf("not recovered %s after the partition healed", limit)
	return 0
}
