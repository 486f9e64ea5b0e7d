package catalog_test

import (
	"testing"

	"callmatch/catalog"
)

// A rejection's reason is what the vendor is told; spaces tell nothing.
func TestCertificationDecisionRejectionNeedsAReason(t *testing.T) {
	for _, reason := range []string{"", "   ", " \t\n ", " ab "} {
		err := catalog.CertificationDecision{Status: catalog.CertRejected, Reason: reason}.Validate()
		if fieldErr(t, err, "reason") != "is required when rejecting: say why" {
			t.Errorf("reason %q: %v", reason, err)
		}
	}
	if err := (catalog.CertificationDecision{Status: catalog.CertRejected, Reason: " Expired. "}).Validate(); err != nil {
		t.Errorf("a real reason refused: %v", err)
	}
}
