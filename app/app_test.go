package app_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"callmatch"
	"callmatch/account"
	"callmatch/app"
	"callmatch/devstack/pgtest"
	"callmatch/postgres"
)

// The app serves and is ready with only the database, the data key and
// the public address: search answers 503 and the desk directory lists
// from PostgreSQL. Before app.New, serve panicked here on a nil search
// (issue 12).
func TestServeWithoutOptionalServices(t *testing.T) {
	t.Parallel()
	a, base, cancel, served := serveApp(t)

	if status, body := get(t, base+"/readyz", ""); status != http.StatusOK || body != `{"ready":true,"services":{"postgres":"ok"}}` {
		t.Fatalf("/readyz: %d %s", status, body)
	}
	session := advisorSession(t, a)
	status, body := get(t, base+"/api/v1/vendors/search?q=x", session)
	if status != http.StatusServiceUnavailable || !strings.Contains(body, `"code":"unavailable"`) {
		t.Errorf("search without MEILI_URL: %d %s, want 503 unavailable", status, body)
	}
	if status, body := get(t, base+"/desk/vendors?q=x", session); status != http.StatusOK || !strings.Contains(body, "<html") {
		t.Errorf("desk directory without search: %d", status)
	}
	for _, page := range []string{"/", "/consult"} {
		if status, _ := get(t, base+page, ""); status != http.StatusOK {
			t.Errorf("%s: %d", page, status)
		}
	}
	cancel()
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Serve did not return after its context ended")
	}
}

func TestNewRefusesIncompleteConfig(t *testing.T) {
	t.Parallel()
	good := app.Config{DatabaseURL: "postgres://127.0.0.1:1/none", DataKey: postgres.NewDataKey(), PublicURL: "https://callmatch.example.org"}
	for _, c := range []struct {
		name string
		edit func(*app.Config)
		want string
	}{
		{"no public URL", func(c *app.Config) { c.PublicURL = "" }, "CALLMATCH_PUBLIC_URL is not set"},
		{"public URL without scheme", func(c *app.Config) { c.PublicURL = "callmatch.example.org" }, `CALLMATCH_PUBLIC_URL "callmatch.example.org" is not`},
		{"public URL with a path", func(c *app.Config) { c.PublicURL = "https://example.org/callmatch" }, "CALLMATCH_PUBLIC_URL"},
		{"no data key", func(c *app.Config) { c.DataKey = "" }, "CALLMATCH_DATA_KEY"},
		{"no database", func(c *app.Config) { c.DatabaseURL = "" }, "DATABASE_URL is not set"},
		{"nothing", func(c *app.Config) { *c = app.Config{} },
			"DATABASE_URL is not set; point it at PostgreSQL (or use `callmatch dev`); CALLMATCH_DATA_KEY: "},
		{"nothing", func(c *app.Config) { *c = app.Config{} }, "; CALLMATCH_PUBLIC_URL is not set"},
	} {
		cfg := good
		c.edit(&cfg)
		a, err := app.New(t.Context(), cfg)
		var ce *app.ConfigError
		if !errors.As(err, &ce) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want a configuration error with %q", c.name, err, c.want)
		}
		if a != nil {
			a.Close()
		}
	}
}

// serveApp assembles an app with the required configuration alone, on a
// database of its own, and serves it on a loopback port at base; cancel
// stops it, and served then yields what Serve returned.
func serveApp(t *testing.T) (a *app.App, base string, cancel context.CancelFunc, served <-chan error) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base = "http://" + l.Addr().String()
	ctx, cancel := context.WithCancel(t.Context())
	t.Cleanup(cancel)
	a, err = app.New(ctx, app.Config{DatabaseURL: pgtest.NewDB(t), DataKey: postgres.NewDataKey(), PublicURL: base,
		IntakeRateLimit: 10})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	ch := make(chan error, 1)
	go func() { ch <- a.Serve(ctx, l) }()
	return a, base, cancel, ch
}

// advisorSession creates an advisor and returns its session token.
func advisorSession(t *testing.T, a *app.App) string {
	t.Helper()
	ctx := callmatch.WithActor(t.Context(), callmatch.Actor{System: "test"})
	hash, err := account.HashPassword("advisor password")
	if err != nil {
		t.Fatal(err)
	}
	u := &account.User{Email: "advisor@example.org", Role: callmatch.RoleAdvisor, PasswordHash: hash}
	if err := a.Accounts.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	_, token, _, err := a.Auth.Login(ctx, u.Email, "advisor password", "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	return token
}

func get(t *testing.T, url, session string) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if session != "" {
		req.AddCookie(&http.Cookie{Name: "callmatch_session", Value: session})
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, strings.TrimSpace(string(b))
}

// TestMain starts the PostgreSQL server the tests' databases live on.
func TestMain(m *testing.M) { pgtest.Main(m) }
