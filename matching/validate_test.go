package matching

import (
	"strings"
	"testing"

	"callmatch"
)

// TestSharesSumMessage: three shares of 0.33333 are refused with their
// real sum, not one rounded to "1".
func TestSharesSumMessage(t *testing.T) {
	req := garcia()
	req.Languages = []LanguageShare{{Code: "en", Share: 0.33333}, {Code: "es", Share: 0.33333}, {Code: "vi", Share: 0.33333}}
	var fe callmatch.FieldErrors
	validateRequest(&fe, req)
	if msg := fe["languages"]; !strings.Contains(msg, "they sum to 0.99999") || !strings.Contains(msg, "0.000001") {
		t.Errorf("languages: %q", msg)
	}
}
