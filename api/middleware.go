package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/account"
	"callmatch/metrics"
)

type loggerKey struct{}

// logger returns the request's logger, which carries its request ID.
func logger(c *gin.Context) *slog.Logger {
	if l, ok := c.Request.Context().Value(loggerKey{}).(*slog.Logger); ok {
		return l
	}
	return slog.Default()
}

// requestContext gives every request an ID (echoed in X-Request-ID), a
// logger that stamps it on every line, and an anonymous actor; it logs one
// line per request. The query string is never logged: it may hold a
// campaign's private link token.
func (s *Server) requestContext(c *gin.Context) {
	start := time.Now()
	id := c.GetHeader("X-Request-ID")
	if !validRequestID(id) {
		id = newRequestID()
	}
	c.Header("X-Request-ID", id)
	l := s.log.With(slog.String("request_id", id))
	ctx := context.WithValue(c.Request.Context(), loggerKey{}, l)
	ctx = callmatch.WithActor(ctx, callmatch.Actor{RequestID: id})
	c.Request = c.Request.WithContext(ctx)

	c.Next()

	path := c.FullPath() // the route pattern: ids and tokens in paths stay out of logs
	if path == "" {
		path = "unmatched"
	}
	l.LogAttrs(c.Request.Context(), slog.LevelInfo, "request",
		slog.String("method", c.Request.Method), slog.String("route", path),
		slog.Int("status", c.Writer.Status()), slog.Duration("duration", time.Since(start)),
		slog.String("actor", callmatch.ActorFrom(c.Request.Context()).Label()))
}

// measure records every request's duration by route pattern and status
// (http_request_duration_seconds). The pattern, never the path: paths
// carry ids and campaigns' link tokens, and one series per id would grow
// without bound. It runs first, so the time covers the other middleware.
func measure(c *gin.Context) {
	start := time.Now()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	metrics.ObserveRequest(route, c.Writer.Status(), time.Since(start))
}

func validRequestID(id string) bool {
	if len(id) < 8 || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

func newRequestID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// recoverPanics turns a panic into a 500 with the API's error shape; the
// panic value is logged, never sent.
func (s *Server) recoverPanics(c *gin.Context) {
	defer func() {
		if r := recover(); r != nil {
			if r == http.ErrAbortHandler {
				panic(r)
			}
			fail(c, fmt.Errorf("panic: %v", r))
		}
	}()
	c.Next()
}

// hsts keeps browsers on https for two years once they have seen the site
// over it, subdomains included.
const hsts = "max-age=63072000; includeSubDomains"

// securityHeaders are sent on every response.
func (s *Server) securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	if s.secure {
		h.Set("Strict-Transport-Security", hsts)
	}
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	c.Next()
}

// crossOrigin rejects cross-site writes (CSRF) using Fetch metadata and the
// Origin header. Requests without browser headers (API clients using bearer
// tokens) pass, as they carry no ambient cookie authority.
func (s *Server) crossOrigin(c *gin.Context) {
	if err := s.csrf.Check(c.Request); err != nil {
		fail(c, callmatch.Errorf(callmatch.EFORBIDDEN, "Cross-site request refused."))
		return
	}
	c.Next()
}

// authenticate resolves the session cookie or bearer API token into the
// request's actor. A bad or expired credential is treated as anonymous, so
// that routes decide for themselves whether anonymous callers are allowed.
func (s *Server) authenticate(c *gin.Context) {
	ctx := c.Request.Context()
	actor := callmatch.ActorFrom(ctx)
	if token, ok := bearerToken(c.Request); ok && strings.HasPrefix(token, account.APITokenPrefix) {
		if u, err := s.auth.UserForAPIToken(ctx, strings.TrimPrefix(token, account.APITokenPrefix)); err == nil {
			actor = account.ActorForUser(u, account.CredentialAPIToken, actor.RequestID)
		} else if !badCredential(err) {
			fail(c, err)
			return
		}
	} else if cookie, err := c.Request.Cookie(s.sessionCookieName()); err == nil && cookie.Value != "" {
		if u, err := s.auth.UserForSession(ctx, cookie.Value); err == nil {
			actor = account.ActorForUser(u, account.CredentialSession, actor.RequestID)
		} else if !badCredential(err) {
			fail(c, err)
			return
		}
	}
	c.Request = c.Request.WithContext(callmatch.WithActor(ctx, actor))
	c.Next()
}

// badCredential reports whether a credential lookup failed because of the
// credential itself. Anything else (the database is unavailable, an
// internal error) fails the request: answering a signed-in user as
// anonymous during an outage would send them to sign in again, or a 401
// to an API client that should retry.
func badCredential(err error) bool {
	switch callmatch.ErrorCode(err) {
	case callmatch.EUNAUTHORIZED, callmatch.ENOTFOUND, callmatch.EFORBIDDEN, callmatch.EINVALID:
		return true
	}
	return false
}

// noStore keeps every API answer and everything shown to a signed-in user
// out of caches, shared or the browser's: they hold campaign contacts,
// rankings and accounts. A handler may still choose otherwise (the static
// assets do).
func noStore(c *gin.Context) {
	if strings.HasPrefix(c.Request.URL.Path, "/api/v1/") || callmatch.ActorFrom(c.Request.Context()).UserID != "" {
		c.Header("Cache-Control", "no-store")
	}
	c.Next()
}

func bearerToken(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:]), true
	}
	return "", false
}

// requireUser answers 401 to anonymous callers on routes for signed-in users.
func requireUser(c *gin.Context) {
	if callmatch.ActorFrom(c.Request.Context()).UserID == "" {
		fail(c, callmatch.Errorf(callmatch.EUNAUTHORIZED, "Sign in first."))
		return
	}
	c.Next()
}

// requireStaff lets only advisors and admins through.
func requireStaff(c *gin.Context) {
	a := callmatch.ActorFrom(c.Request.Context())
	switch {
	case a.UserID == "":
		fail(c, callmatch.Errorf(callmatch.EUNAUTHORIZED, "Sign in first."))
	case !a.IsStaff():
		fail(c, callmatch.Errorf(callmatch.EFORBIDDEN, "Only advisors and admins may do this."))
	default:
		c.Next()
	}
}

// DefaultRequestTimeout is how long a request may wait on the database and
// the search engine when Config.RequestTimeout is zero.
const DefaultRequestTimeout = 5 * time.Second

// deadline bounds every wait of the request: the stores' and the search
// engine's calls take the request's context, so a database that stops
// answering makes them fail with the deadline, which the stores report as
// unavailable (503 with Retry-After) instead of holding the client, and a
// pooled connection, for as long as TCP takes to give up.
func (s *Server) deadline(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), s.requestTimeout)
	defer cancel()
	c.Request = c.Request.WithContext(ctx)
	c.Next()
}

// retryAfterSeconds is what a 503 tells clients when its error names no
// delay of its own: about as long as a database restart or failover takes.
const retryAfterSeconds = "5"

// retryAfter makes every 503 carry Retry-After, the pages' as well as the
// API's: a client told to come back should be told when.
func retryAfter(c *gin.Context) {
	c.Writer = &retryAfterWriter{ResponseWriter: c.Writer}
	c.Next()
}

type retryAfterWriter struct{ gin.ResponseWriter }

func (w *retryAfterWriter) WriteHeader(code int) {
	if code == http.StatusServiceUnavailable && w.Header().Get("Retry-After") == "" {
		w.Header().Set("Retry-After", retryAfterSeconds)
	}
	w.ResponseWriter.WriteHeader(code)
}
