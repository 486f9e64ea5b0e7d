package api

import (
	"net/http"
	"strings"
	"testing"

	"callmatch"
	"callmatch/catalog"
)

func TestDecodeStrict(t *testing.T) {
	tests := []struct {
		name      string
		body      string
		wantMsg   string // substring of the message
		wantField string // a field named in the error
	}{
		{"empty", ``, "empty", ""},
		{"syntax names line and column", "{\n \"name\": \"x\",,\n}", "line 2, column 14", ""},
		{"truncated", `{"name": "x"`, "ends too early", ""},
		{"unknown field", `{"name": "x", "fee_bps": 12}`, "not taken", "fee_bps"},
		{"wrong type", `{"name": 12}`, "wrong type", "name"},
		{"wrong nested type keeps the index", `{"sites": [{}, {"seats": "many"}]}`, "wrong type", "sites[1].seats"},
		{"bad date names the field", `{"capacity": {"calendar": [{"week_start": "next monday"}]}}`, "not valid", "capacity.calendar[0].week_start"},
		{"two values", `{} {}`, "single JSON value", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v catalog.Vendor
			err := callmatch.UnmarshalJSON([]byte(tt.body), &v)
			if err == nil {
				t.Fatal("want an error, got nil")
			}
			if callmatch.ErrorCode(err) != callmatch.EINVALID {
				t.Fatalf("code = %q, want invalid", callmatch.ErrorCode(err))
			}
			e, _ := asError(err)
			if !strings.Contains(e.Message, tt.wantMsg) {
				t.Errorf("message %q does not contain %q", e.Message, tt.wantMsg)
			}
			if tt.wantField != "" {
				if _, ok := e.Fields[tt.wantField]; !ok {
					t.Errorf("fields %v do not name %q", e.Fields, tt.wantField)
				}
			}
		})
	}
}

func TestStatusOf(t *testing.T) {
	tests := []struct {
		err  error
		want int
	}{
		{callmatch.Errorf(callmatch.EINVALID, "bad"), http.StatusBadRequest},
		{(&callmatch.FieldErrors{"records": "must be positive"}).Err(), http.StatusUnprocessableEntity},
		{callmatch.Errorf(callmatch.ENOTFOUND, "x"), http.StatusNotFound},
		{callmatch.Errorf(callmatch.ECONFLICT, "x"), http.StatusConflict},
		{callmatch.Errorf(callmatch.ETOOLARGE, "x"), http.StatusRequestEntityTooLarge},
		{callmatch.Errorf(callmatch.ERATELIMITED, "x"), http.StatusTooManyRequests},
		{callmatch.Errorf(callmatch.EUNAVAILABLE, "x"), http.StatusServiceUnavailable},
		{http.ErrHandlerTimeout, http.StatusInternalServerError},
	}
	for _, tt := range tests {
		if got := StatusOf(tt.err); got != tt.want {
			t.Errorf("StatusOf(%v) = %d, want %d", tt.err, got, tt.want)
		}
	}
}
