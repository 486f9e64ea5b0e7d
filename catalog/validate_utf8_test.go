package catalog_test

import (
	"testing"

	"callmatch"
	"callmatch/catalog"
)

// Text that is not UTF-8 is refused naming its field, never passed on to
// PostgreSQL (which refuses it with an internal error, 22021).
func TestVendorValidateRefusesInvalidUTF8(t *testing.T) {
	const bad = "Caf\xe9"
	tests := map[string]func(v *catalog.Vendor){
		"name":                     func(v *catalog.Vendor) { v.Name = bad },
		"description":              func(v *catalog.Vendor) { v.Description = bad },
		"website":                  func(v *catalog.Vendor) { v.Website = "https://x.example/" + bad },
		"sites[1].city":            func(v *catalog.Vendor) { v.Sites[1].City = bad },
		"sites[1].region":          func(v *catalog.Vendor) { v.Sites[1].Region = bad },
		"sites[0].timezone":        func(v *catalog.Vendor) { v.Sites[0].Timezone = "America/" + bad },
		"services[0]":              func(v *catalog.Vendor) { v.Services[0] = bad },
		"certifications[0].reason": func(v *catalog.Vendor) { v.Certifications[0].Reason = bad },
		"languages[1].code":        func(v *catalog.Vendor) { v.Languages[1].Code = "\xff\xfe" },
		"rates[0].model":           func(v *catalog.Vendor) { v.Rates[0].Model = bad },
		"state_experience[1]":      func(v *catalog.Vendor) { v.StateExperience[1] = bad },
		"certifications[1].kind":   func(v *catalog.Vendor) { v.Certifications[1].Kind = bad },
	}
	for field, breakIt := range tests {
		v := validVendor()
		breakIt(v)
		err := v.Validate()
		e, ok := err.(*callmatch.Error)
		if !ok || e.Code != callmatch.EINVALID || e.Fields[field] != "must be text in UTF-8" {
			t.Errorf("%s not UTF-8: %v, want %s named", field, err, field)
		}
	}
}
