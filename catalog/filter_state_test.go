package catalog_test

import (
	"strings"
	"testing"

	"callmatch"
	"callmatch/catalog"
)

func TestVendorFilterReadsStateNames(t *testing.T) {
	for in, want := range map[string]string{"Texas": "TX", "nuevo méxico": "NM", "tx": "TX", "OH": "OH", "Pensilvania": "PA"} {
		f := catalog.VendorFilter{State: in}
		if err := f.Validate(); err != nil || f.State != want {
			t.Errorf("state %q: %q, %v; want %q", in, f.State, err, want)
		}
	}
	f := catalog.VendorFilter{State: "Texsa"}
	err := f.Validate()
	if e, ok := err.(*callmatch.Error); !ok || !strings.Contains(e.Fields["state"], `"Texsa" is not allowed`) {
		t.Errorf("a misspelt state: %v", err)
	}
}
