package api

import (
	"errors"
	"log/slog"
	"math"
	"strconv"

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
	c.AbortWithStatusJSON(status, body)
}

func asError(err error) (*callmatch.Error, bool) {
	var e *callmatch.Error
	ok := errors.As(err, &e)
	return e, ok
}
