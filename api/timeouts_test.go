package api_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/account"
	"callmatch/api"
)

// sessionAuth is an Authenticator whose session lookup answers err and
// counts its calls; nothing else of it is used.
type sessionAuth struct {
	api.Authenticator
	err   error
	calls atomic.Int32
}

func (a *sessionAuth) UserForSession(context.Context, string) (*account.User, error) {
	a.calls.Add(1)
	return nil, a.err
}

func serve(t *testing.T, srv *api.Server, method, path string, cookie bool) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, nil)
	if cookie {
		req.AddCookie(&http.Cookie{Name: "callmatch_session", Value: "some-session"})
	}
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	return rec
}

// TestHealthzNeverLooksUpTheSession: liveness answers from the process
// alone, also for a browser that sends its session cookie along, so that a
// database that stops answering never makes the process look dead.
func TestHealthzNeverLooksUpTheSession(t *testing.T) {
	auth := &sessionAuth{err: callmatch.Errorf(callmatch.EUNAVAILABLE, "down")}
	srv := api.New(api.Config{Logger: slog.New(slog.DiscardHandler), Auth: auth})
	if rec := serve(t, srv, http.MethodGet, "/healthz", true); rec.Code != http.StatusOK {
		t.Errorf("/healthz with a session cookie: %d %s", rec.Code, rec.Body)
	}
	if n := auth.calls.Load(); n != 0 {
		t.Errorf("/healthz looked the session up %d times, want never", n)
	}
}

// TestSessionLookupUnavailable: a session that cannot be looked up because
// the database is unavailable is a 503 to retry, not an anonymous caller
// told to sign in again.
func TestSessionLookupUnavailable(t *testing.T) {
	auth := &sessionAuth{err: &callmatch.Error{Code: callmatch.EUNAVAILABLE, Message: "down", RetryAfter: 5 * time.Second}}
	srv := api.New(api.Config{Logger: slog.New(slog.DiscardHandler), Auth: auth})
	rec := serve(t, srv, http.MethodGet, "/api/v1/vendors", true)
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") != "5" ||
		!strings.Contains(rec.Body.String(), `"code":"unavailable"`) {
		t.Errorf("GET /api/v1/vendors while sessions cannot be read: %d (Retry-After %q) %s, want 503 unavailable with Retry-After",
			rec.Code, rec.Header().Get("Retry-After"), rec.Body)
	}
	// A page gets a page, not the API's JSON.
	page := serve(t, srv, http.MethodGet, "/desk/vendors", true)
	if page.Code != http.StatusServiceUnavailable || page.Header().Get("Retry-After") != "5" ||
		!strings.HasPrefix(page.Header().Get("Content-Type"), "text/html") || !strings.Contains(page.Body.String(), "<h1>Service Unavailable</h1>") {
		t.Errorf("GET /desk/vendors while sessions cannot be read: %d (Retry-After %q, %s) %s, want a 503 page with Retry-After",
			page.Code, page.Header().Get("Retry-After"), page.Header().Get("Content-Type"), page.Body)
	}
	auth.err = callmatch.Errorf(callmatch.EUNAUTHORIZED, "Your session has ended; sign in again.")
	if rec := serve(t, srv, http.MethodGet, "/api/v1/vendors", true); rec.Code != http.StatusUnauthorized {
		t.Errorf("GET /api/v1/vendors with an ended session: %d, want 401", rec.Code)
	}
}

// TestReadyzAnswersWhenACheckHangs: a dependency that never answers, even
// one whose check ignores its context, makes /readyz answer 503 naming it,
// not hang; the checks run side by side, so a hanging optional one does
// not hide the answer of the critical one.
func TestReadyzAnswersWhenACheckHangs(t *testing.T) {
	hang := make(chan struct{})
	t.Cleanup(func() { close(hang) })
	srv := api.New(api.Config{Logger: slog.New(slog.DiscardHandler), Ready: []api.ReadyCheck{
		{Name: "stripe", Check: func(context.Context) error { <-hang; return nil }},
		{Name: "postgres", Critical: true, Check: func(context.Context) error { <-hang; return nil }},
		{Name: "meilisearch", Check: func(context.Context) error { return nil }},
	}})
	rec := serve(t, srv, http.MethodGet, "/readyz", false)
	want := `{"ready":false,"services":{"meilisearch":"ok","postgres":"unavailable","stripe":"unavailable"}}`
	if rec.Code != http.StatusServiceUnavailable || rec.Body.String() != want || rec.Header().Get("Retry-After") == "" {
		t.Errorf("/readyz: %d (Retry-After %q) %s, want 503 %s", rec.Code, rec.Header().Get("Retry-After"), rec.Body, want)
	}
}

// TestRequestsHaveADeadline: every request but the health checks carries
// the configured deadline, which bounds its waits on the database.
func TestRequestsHaveADeadline(t *testing.T) {
	srv := api.New(api.Config{Logger: slog.New(slog.DiscardHandler), RequestTimeout: time.Hour})
	var left time.Duration
	srv.Engine().GET("/test/deadline", func(c *gin.Context) {
		if d, ok := c.Request.Context().Deadline(); ok {
			left = time.Until(d)
		}
		c.Status(http.StatusNoContent)
	})
	serve(t, srv, http.MethodGet, "/test/deadline", false)
	if left <= 0 || left > time.Hour {
		t.Errorf("request deadline %s away, want within the configured hour", left)
	}
}

// TestEvery503SaysWhenToRetry: a page that answers 503 without naming a
// delay still tells the client when to come back.
func TestEvery503SaysWhenToRetry(t *testing.T) {
	srv := api.New(api.Config{Logger: slog.New(slog.DiscardHandler)})
	srv.Engine().GET("/test/page", func(c *gin.Context) {
		c.Data(http.StatusServiceUnavailable, "text/html; charset=utf-8", []byte("<p>later</p>"))
	})
	if rec := serve(t, srv, http.MethodGet, "/test/page", false); rec.Header().Get("Retry-After") == "" {
		t.Errorf("a 503 page without Retry-After: %d %v", rec.Code, rec.Header())
	}
}
