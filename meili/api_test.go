package meili_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"callmatch"
	"callmatch/account"
	"callmatch/api"
	"callmatch/catalog"
	"callmatch/devstack"
)

// tokenAuth signs in "Bearer cmt_<role>" as a user of that role, so that
// these tests need no accounts in the database. The account methods these
// tests never reach are left to the embedded nil interface.
type tokenAuth struct{ api.Authenticator }

func (tokenAuth) UserForAPIToken(_ context.Context, token string) (*account.User, error) {
	switch token {
	case "advisor", "admin":
		return &account.User{ID: "00000000-0000-4000-8000-00000000000" + map[string]string{"advisor": "1", "admin": "2"}[token],
			Email: token + "@example.org", Role: token}, nil
	case "vendor":
		return &account.User{ID: "00000000-0000-4000-8000-000000000003", Email: "v@example.org",
			Role: callmatch.RoleVendor, VendorID: "00000000-0000-4000-8000-000000000009"}, nil
	}
	return nil, callmatch.Errorf(callmatch.ENOTFOUND, "No such token.")
}

func (tokenAuth) Login(context.Context, string, string, string) (*account.User, string, time.Time, error) {
	return nil, "", time.Time{}, callmatch.Errorf(callmatch.EUNAUTHORIZED, "No.")
}
func (tokenAuth) Logout(context.Context, string) error { return nil }
func (tokenAuth) UserForSession(context.Context, string) (*account.User, error) {
	return nil, callmatch.Errorf(callmatch.ENOTFOUND, "No such session.")
}

type response struct {
	status int
	header http.Header
	body   string
}

func get(t *testing.T, base, path, role string) response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if role != "" {
		req.Header.Set("Authorization", "Bearer cmt_"+role)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), devstack.DevMeiliMasterKey) || strings.Contains(fmt.Sprint(resp.Header), devstack.DevMeiliMasterKey) {
		t.Errorf("GET %s: the Meilisearch master key leaked", path)
	}
	return response{resp.StatusCode, resp.Header, string(b)}
}

// TestSearchEndpoint drives GET /api/v1/vendors/search through the real
// API server, the real index and a real Meilisearch, including an outage.
func TestSearchEndpoint(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.create(fixture()...)
	e.reindex()
	srv := api.New(api.Config{Logger: slog.New(slog.DiscardHandler), Vendors: e.store, Auth: tokenAuth{}, Search: e.ix,
		Ready: []api.ReadyCheck{
			{Name: "postgres", Critical: true, Check: e.db.Ping},
			{Name: "meilisearch", Check: e.ix.Check},
		}})
	ts := httptest.NewServer(srv)
	defer ts.Close()

	r := get(t, ts.URL, "/api/v1/vendors/search?q=keystne&language=en&union_shop=true", "advisor")
	if r.status != http.StatusOK {
		t.Fatalf("search: %d %s", r.status, r.body)
	}
	var res catalog.SearchResult
	if err := json.Unmarshal([]byte(r.body), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 || res.Hits[0].Slug != "keystone-dialers" || res.Total < 1 ||
		res.Facets["certifications"]["pci_dss"] < 1 || res.PerPage != 20 || res.Page != 1 {
		t.Errorf("search result: %s", r.body)
	}
	for _, f := range []string{`"hits"`, `"total"`, `"facets"`, `"languages"`, `"services"`, `"serves"`, `"certifications"`, `"states"`} {
		if !strings.Contains(r.body, f) {
			t.Errorf("body lacks %s: %s", f, r.body)
		}
	}

	r = get(t, ts.URL, "/api/v1/vendors/search?sort=-total_seats&per_page=2&page=2&status=active", "admin")
	if err := json.Unmarshal([]byte(r.body), &res); err != nil || r.status != http.StatusOK ||
		res.Total != 6 || len(res.Hits) != 2 || res.Hits[0].Slug != "keystone-dialers" {
		t.Errorf("sorted page: %d %s", r.status, r.body)
	}

	for _, c := range []struct {
		path, role string
		status     int
		want       string
	}{
		{"/api/v1/vendors/search?q=x", "", http.StatusUnauthorized, "unauthorized"},
		{"/api/v1/vendors/search?q=x", "vendor", http.StatusForbidden, "forbidden"},
		{"/api/v1/vendors/search?language=spanish", "advisor", http.StatusUnprocessableEntity, `"language":"\"spanish\" is not allowed; must be one of aa`},
		{"/api/v1/vendors/search?certification=pci", "advisor", http.StatusUnprocessableEntity, `"certification":"\"pci\" is not allowed; must be one of pci_dss, soc2_type1`},
		{"/api/v1/vendors/search?sort=price&union_shop=maybe", "advisor", http.StatusUnprocessableEntity, `"union_shop":"must be true or false"`},
		{"/api/v1/vendors/search?sort=price", "advisor", http.StatusUnprocessableEntity, `"sort":"\"price\" is not allowed; must be one of relevance`},
		{"/api/v1/vendors/search?per_page=500", "advisor", http.StatusUnprocessableEntity, `"per_page":"must be between 1 and 100"`},
	} {
		r := get(t, ts.URL, c.path, c.role)
		if r.status != c.status || !strings.Contains(r.body, c.want) {
			t.Errorf("%s as %q: %d %s, want %d with %s", c.path, c.role, r.status, r.body, c.status, c.want)
		}
	}

	// Meilisearch down: search says so with Retry-After, readiness reports
	// it without taking the app out of the load balancer, and the rest of
	// the API works.
	if err := e.stack.Meili.Kill(); err != nil {
		t.Fatal(err)
	}
	r = get(t, ts.URL, "/api/v1/vendors/search?q=gotv", "advisor")
	if r.status != http.StatusServiceUnavailable || r.header.Get("Retry-After") != "5" || !strings.Contains(r.body, `"code":"unavailable"`) {
		t.Errorf("search while down: %d %v %s", r.status, r.header, r.body)
	}
	r = get(t, ts.URL, "/readyz", "")
	if r.status != http.StatusOK || !strings.Contains(r.body, `"meilisearch":"unavailable"`) {
		t.Errorf("readyz while down: %d %s", r.status, r.body)
	}
	if r := get(t, ts.URL, "/api/v1/vendors?language=es", "advisor"); r.status != http.StatusOK {
		t.Errorf("vendor list while search is down: %d %s", r.status, r.body)
	}
	if err := e.stack.Meili.Start(e.ctx); err != nil {
		t.Fatal(err)
	}
	r = get(t, ts.URL, "/readyz", "")
	if !strings.Contains(r.body, `"meilisearch":"ok"`) {
		t.Errorf("readyz after restart: %s", r.body)
	}
	if r := get(t, ts.URL, "/api/v1/vendors/search?q=gotv", "advisor"); r.status != http.StatusOK {
		t.Errorf("search after restart: %d %s", r.status, r.body)
	}
}
