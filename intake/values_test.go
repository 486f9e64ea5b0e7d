package intake

import (
	"errors"
	"net/url"
	"testing"

	"callmatch"
)

// A form post whose free text is not UTF-8 is refused naming the field,
// rather than stored with the bytes replaced.
func TestParseValuesRefusesInvalidUTF8(t *testing.T) {
	for _, field := range freeText {
		v := url.Values{field: {"Abc \xff\xfe"}}
		_, err := ParseValues(v)
		var e *callmatch.Error
		if !errors.As(err, &e) || e.Code != callmatch.EINVALID {
			t.Fatalf("%s: err = %v, want EINVALID", field, err)
		}
		if msg := e.Fields[field]; msg != "must be text in UTF-8" {
			t.Errorf("%s: field error %q, want the UTF-8 message; all: %v", field, msg, e.Fields)
		}
	}
	_, err := ParseValues(url.Values{"campaign.name": {"Ñandú für Señora"}})
	var e *callmatch.Error
	if errors.As(err, &e) {
		if _, bad := e.Fields["campaign.name"]; bad {
			t.Errorf("valid UTF-8 refused: %v", e.Fields)
		}
	}
}
