package api

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// Readiness is the body of GET /readyz.
type Readiness struct {
	Ready    bool              `json:"ready"`
	Services map[string]string `json:"services"` // name → "ok" or what is wrong
}

// healthz is liveness: it answers from the process alone, never waiting on
// a dependency, so that a load balancer or an orchestrator never restarts
// a healthy process because its database is slow. It runs before the
// session middleware (see routes), so a cookie costs it nothing either.
func (s *Server) healthz(c *gin.Context) {
	c.JSON(http.StatusOK, struct {
		Status string `json:"status"`
	}{"ok"})
}

// readyTimeout is how long /readyz waits for its checks: a probe that
// hangs is as bad as a dependency that does.
const readyTimeout = 2 * time.Second

// readyz checks the database (critical) and reports the other services, so
// a load balancer stops sending traffic only when we really cannot serve.
// The checks run side by side, each bounded by readyTimeout, and a check
// that ignores its context is reported unavailable when the time is up
// rather than waited for.
func (s *Server) readyz(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), readyTimeout)
	defer cancel()
	type answer struct {
		name string
		err  error
	}
	answers := make(chan answer, len(s.ready)) // buffered: a late check never blocks
	for _, chk := range s.ready {
		go func() { answers <- answer{chk.Name, chk.Check(ctx)} }()
	}
	r := Readiness{Ready: true, Services: map[string]string{}}
	for _, chk := range s.ready {
		r.Services[chk.Name] = "unavailable"
	}
collect:
	for range s.ready {
		select {
		case a := <-answers:
			if a.err == nil {
				r.Services[a.name] = "ok"
			}
		case <-ctx.Done():
			break collect
		}
	}
	for _, chk := range s.ready {
		if chk.Critical && r.Services[chk.Name] != "ok" {
			r.Ready = false
		}
	}
	status := http.StatusOK
	if !r.Ready {
		status = http.StatusServiceUnavailable
		c.Header("Retry-After", retryAfterSeconds)
	}
	c.JSON(status, r)
}
