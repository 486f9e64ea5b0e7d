package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"sync/atomic"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"callmatch/api"
	"callmatch/demo"
)

// loadEndpoint is one thing the load test exercises.
type loadEndpoint struct {
	label    string
	route    string // its route pattern, as http_request_duration_seconds names it
	targeter func(base, token string, o loadOptions) (vegeta.Targeter, error)
	// workers caps --workers (0: no cap). The desk page's goal is the time
	// an advisor waits for it, so the pages are opened one at a time; eight
	// at once would measure the queue of a box with two cores.
	workers int
}

var loadEndpoints = map[string]loadEndpoint{
	"intake": {"POST /api/v1/intakes", "/api/v1/intakes", intakeTargets, 0},
	"match":  {"POST /api/v1/match", "/api/v1/match", matchTargets, 0},
	"search": {"GET /api/v1/vendors/search", "/api/v1/vendors/search", searchTargets, 0},
	"desk":   {"GET /desk/intakes/{id}", "/desk/intakes/:id", deskTargets, 1},
}

// cycle hands out the targets in turn; vegeta calls it from many workers.
func cycle(ts []vegeta.Target) vegeta.Targeter {
	var n atomic.Uint64
	return func(t *vegeta.Target) error {
		*t = ts[(n.Add(1)-1)%uint64(len(ts))]
		return nil
	}
}

func jsonHeader(token string) http.Header {
	h := http.Header{"Content-Type": {"application/json"}}
	if token != "" {
		h.Set("Authorization", "Bearer "+token)
	}
	return h
}

// intakeTargets submits the demo consultation forms in turn, as the public
// does: no login, a durable insert each.
func intakeTargets(base, _ string, _ loadOptions) (vegeta.Targeter, error) {
	var ts []vegeta.Target
	for _, f := range demo.Intakes() {
		body, err := json.Marshal(f)
		if err != nil {
			return nil, err
		}
		ts = append(ts, vegeta.Target{Method: http.MethodPost, URL: base + "/api/v1/intakes", Body: body, Header: jsonHeader("")})
	}
	return cycle(ts), nil
}

// matchTargets runs what-if matches of the demo intakes, as of the day the
// demo data describes, asking for a page of the shortlist as the advisor
// desk does; the excluded list keeps the API's default cap.
func matchTargets(base, token string, o loadOptions) (vegeta.Targeter, error) {
	var ts []vegeta.Target
	for _, f := range demo.Intakes() {
		body, err := json.Marshal(api.MatchRequest{IntakeRequest: api.IntakeRequestOf(f), Limit: o.matchLimit, AsOf: demo.AsOf})
		if err != nil {
			return nil, err
		}
		ts = append(ts, vegeta.Target{Method: http.MethodPost, URL: base + "/api/v1/match", Body: body, Header: jsonHeader(token)})
	}
	return cycle(ts), nil
}

// searchQueries are what advisors type and tick: words, facets, both.
var searchQueries = []url.Values{
	{"q": {"spanish gotv texas"}},
	{"q": {"union shop"}, "service": {"persuasion"}},
	{"language": {"es"}, "state": {"TX"}},
	{"q": {"predictive"}, "serves": {"republican"}, "onshore": {"true"}},
	{"q": {"houston"}},
	{"certification": {"pci_dss"}, "service": {"fundraising"}, "sort": {"lowest_rate"}},
}

func searchTargets(base, token string, _ loadOptions) (vegeta.Targeter, error) {
	var ts []vegeta.Target
	for _, q := range searchQueries {
		ts = append(ts, vegeta.Target{Method: http.MethodGet, URL: base + "/api/v1/vendors/search?" + q.Encode(), Header: jsonHeader(token)})
	}
	return cycle(ts), nil
}

// deskTargets open the advisor's intake page (ranked live on the whole
// catalog) of the newest intakes in turn.
func deskTargets(base, token string, _ loadOptions) (vegeta.Targeter, error) {
	req, err := http.NewRequest(http.MethodGet, base+"/api/v1/intakes?per_page=20", nil)
	if err != nil {
		return nil, err
	}
	req.Header = jsonHeader(token)
	resp, err := (&http.Client{Timeout: time.Minute}).Do(req)
	if err != nil {
		return nil, fmt.Errorf("loadtest: list intakes: %w", err)
	}
	defer resp.Body.Close()
	var list api.IntakeList
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil || resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("loadtest: list intakes: %s %v", resp.Status, err)
	}
	if len(list.Intakes) == 0 {
		return nil, fmt.Errorf("loadtest: no intakes to open on the desk; seed the demo first")
	}
	var ts []vegeta.Target
	h := http.Header{"Authorization": {"Bearer " + token}}
	for _, in := range list.Intakes {
		ts = append(ts, vegeta.Target{Method: http.MethodGet, URL: base + "/desk/intakes/" + in.ID, Header: h})
	}
	return cycle(ts), nil
}

// advisorToken signs in and trades the session for an API token, which
// every worker can send as a header.
func advisorToken(ctx context.Context, c *http.Client, base, email, password string) (string, error) {
	jar, err := cookiejar.New(nil)
	if err != nil {
		return "", err
	}
	c = &http.Client{Timeout: c.Timeout, Jar: jar}
	if _, err := postJSON(ctx, c, base+"/api/v1/auth/login", "", api.LoginRequest{Email: email, Password: password}, nil); err != nil {
		return "", fmt.Errorf("loadtest: sign in as %s: %w", email, err)
	}
	var tok api.TokenResponse
	if _, err := postJSON(ctx, c, base+"/api/v1/tokens", "", api.TokenRequest{Name: "loadtest", TTLDays: 1}, &tok); err != nil {
		return "", fmt.Errorf("loadtest: create an API token: %w", err)
	}
	return tok.Token, nil
}

// catalogSize asks the server how many vendors a match sees.
func catalogSize(ctx context.Context, c *http.Client, base, token string) (int, error) {
	f := demo.Intakes()[0]
	var res struct {
		Shortlist     []json.RawMessage `json:"shortlist"`
		ExcludedTotal int               `json:"excluded_total"`
	}
	req := api.MatchRequest{IntakeRequest: api.IntakeRequestOf(f), AsOf: demo.AsOf}
	// A server that has just started answers 503 while it loads its
	// catalog (a request waits on it only as long as its timeout): ask
	// again for a while, as its Retry-After says, before giving up.
	for deadline := time.Now().Add(3 * time.Minute); ; {
		status, err := postJSON(ctx, c, base+"/api/v1/match", token, req, &res)
		if err == nil {
			return len(res.Shortlist) + res.ExcludedTotal, nil
		}
		if status != http.StatusServiceUnavailable || time.Now().After(deadline) {
			return 0, fmt.Errorf("loadtest: probe match: %w", err)
		}
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(2 * time.Second):
		}
	}
}

func postJSON(ctx context.Context, c *http.Client, url, token string, in, out any) (int, error) {
	body, err := json.Marshal(in)
	if err != nil {
		return 0, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header = jsonHeader(token)
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return resp.StatusCode, err
	}
	if resp.StatusCode/100 != 2 {
		return resp.StatusCode, fmt.Errorf("%s: %s", resp.Status, bytes.TrimSpace(raw[:min(len(raw), 300)]))
	}
	if out != nil {
		return resp.StatusCode, json.Unmarshal(raw, out)
	}
	return resp.StatusCode, nil
}
