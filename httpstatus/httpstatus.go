// Package httpstatus is the one table from the error vocabulary to HTTP
// statuses, shared by the JSON API and the web pages so that neither
// depends on the other.
package httpstatus

import (
	"errors"
	"net/http"

	"callmatch"
)

var byCode = map[string]int{
	callmatch.EINVALID:      http.StatusBadRequest,
	callmatch.EUNAUTHORIZED: http.StatusUnauthorized,
	callmatch.EFORBIDDEN:    http.StatusForbidden,
	callmatch.ENOTFOUND:     http.StatusNotFound,
	callmatch.ECONFLICT:     http.StatusConflict,
	callmatch.ETOOLARGE:     http.StatusRequestEntityTooLarge,
	callmatch.ERATELIMITED:  http.StatusTooManyRequests,
	callmatch.EUNAVAILABLE:  http.StatusServiceUnavailable,
	callmatch.EINTERNAL:     http.StatusInternalServerError,
}

// Of returns the HTTP status for err. An invalid request is 400 when the
// body could not be read at all, and 422 when it was read but named fields
// are wrong (unknown, wrong type, not an allowed value).
func Of(err error) int {
	code := callmatch.ErrorCode(err)
	var e *callmatch.Error
	if code == callmatch.EINVALID && errors.As(err, &e) && len(e.Fields) > 0 {
		return http.StatusUnprocessableEntity
	}
	if s, ok := byCode[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}
