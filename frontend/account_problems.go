package frontend

import (
	"errors"

	"callmatch"
)

// formErrors is what a refused form post shows: one line at the top and a
// message at each field the domain named (keyed by the form's field name).
type formErrors struct {
	Banner string
	Fields map[string]string
}

// Field returns the message for one field, or "".
func (fe formErrors) Field(name string) string { return fe.Fields[name] }

// formErrorsOf turns a domain error a person can fix (invalid, conflict,
// rate limited, forbidden) into formErrors; ok is false for any other
// error, which the caller renders as an error page.
func formErrorsOf(err error) (fe formErrors, ok bool) {
	var e *callmatch.Error
	if !errors.As(err, &e) {
		return fe, false
	}
	switch e.Code {
	case callmatch.EINVALID, callmatch.ECONFLICT, callmatch.ERATELIMITED, callmatch.EFORBIDDEN, callmatch.ENOTFOUND:
		return formErrors{Banner: e.Message, Fields: e.Fields}, true
	}
	return fe, false
}
