package api

import (
	"errors"
	"fmt"
	"html"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/httpstatus"
)

// ErrorBody is the one JSON error shape of the API.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail names the code, says what happened and, for invalid input,
// which fields are wrong and what they allow.
type ErrorDetail struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// StatusOf returns the HTTP status for err (see httpstatus.Of).
func StatusOf(err error) int { return httpstatus.Of(err) }

// fail writes err as the API's JSON error and logs it if it is internal.
// This is the only place that logs request errors.
func fail(c *gin.Context, err error) {
	status := StatusOf(err)
	body := ErrorBody{Error: ErrorDetail{Code: callmatch.ErrorCode(err), Message: callmatch.ErrorMessage(err)}}
	if e, ok := asError(err); ok {
		body.Error.Fields = e.Fields
		if e.RetryAfter > 0 {
			c.Header("Retry-After", strconv.Itoa(int(math.Ceil(e.RetryAfter.Seconds()))))
		}
	}
	if status >= 500 {
		logger(c).LogAttrs(c.Request.Context(), slog.LevelError, "request failed",
			slog.Int("status", status), slog.String("error", err.Error()))
	}
	if isPage(c.Request.URL.Path) {
		// The middleware runs before the pages' own handlers: an advisor
		// whose session cannot be read while the database is away gets a
		// page to read, not JSON.
		c.Data(status, "text/html; charset=utf-8", pageError(status, body.Error.Message))
		c.Abort()
		return
	}
	c.AbortWithStatusJSON(status, body)
}

// isPage reports whether path is one of the web pages rather than the
// JSON API, the health checks or Stripe's webhook.
func isPage(path string) bool {
	for _, p := range []string{"/api/", "/webhooks/", "/healthz", "/readyz"} {
		if strings.HasPrefix(path, p) {
			return false
		}
	}
	return true
}

// pageError is a minimal page for an error the middleware answers before
// any page handler runs; the pages render their own errors otherwise.
func pageError(status int, message string) []byte {
	return fmt.Appendf(nil, `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>%d %s · Callmatch</title></head>
<body><main><h1>%s</h1><p>%s</p><p><a href="">Try again</a></p></main></body></html>
`, status, html.EscapeString(http.StatusText(status)), html.EscapeString(http.StatusText(status)), html.EscapeString(message))
}

func asError(err error) (*callmatch.Error, bool) {
	var e *callmatch.Error
	ok := errors.As(err, &e)
	return e, ok
}
