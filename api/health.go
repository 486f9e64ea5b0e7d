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

func (s *Server) healthz(c *gin.Context) {
	c.JSON(http.StatusOK, struct {
		Status string `json:"status"`
	}{"ok"})
}

// readyz checks the database (critical) and reports the other services, so
// a load balancer stops sending traffic only when we really cannot serve.
func (s *Server) readyz(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
	defer cancel()
	r := Readiness{Ready: true, Services: map[string]string{}}
	for _, chk := range s.ready {
		if err := chk.Check(ctx); err != nil {
			r.Services[chk.Name] = "unavailable"
			if chk.Critical {
				r.Ready = false
			}
			continue
		}
		r.Services[chk.Name] = "ok"
	}
	status := http.StatusOK
	if !r.Ready {
		status = http.StatusServiceUnavailable
		c.Header("Retry-After", "5")
	}
	c.JSON(status, r)
}
