package catalog_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"callmatch"
	"callmatch/catalog"
	"callmatch/demo"
	"callmatch/intake"
	"callmatch/matching"
)

// FuzzVendorValidation feeds arbitrary vendor files to the import parsers
// (JSON and CSV, what `callmatch import` and the API read) and every
// vendor they produce to Validate. Nothing may panic; refusals are invalid
// errors naming fields; and a vendor that passes Validate must be one the
// matching engine takes without fault, since validation is all that
// stands between a vendor's form and the catalog every match reads.
func FuzzVendorValidation(f *testing.F) {
	vs := demo.Vendors(3)
	for _, v := range vs {
		b, err := json.Marshal([]*catalog.Vendor{v})
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, false)
	}
	var csv bytes.Buffer
	if err := catalog.WriteVendorCSV(&csv, vs); err != nil {
		f.Fatal(err)
	}
	f.Add(csv.Bytes(), true)
	for _, s := range []string{`[]`, `[{}]`, `[null]`, `{"name": "x"}`,
		`[{"name": "A", "status": "active", "capacity": {"hours_per_day": 1e309}}]`,
		`[{"name": "A", "status": "active", "sites": [{"country": "US", "region": "TX", "seats": -1}]}]`,
		`[{"name": "A", "status": "active", "capacity": {"calendar": [{"week_start": "2027-02-29", "seats_available": 1}]}}]`,
	} {
		f.Add([]byte(s), false)
	}
	f.Fuzz(func(t *testing.T, data []byte, asCSV bool) {
		name := "vendors.json"
		if asCSV {
			name = "vendors.csv"
		}
		parsed, _, err := catalog.ParseVendorFile(name, bytes.NewReader(data))
		if err != nil {
			return // unreadable as a whole: reported, nothing imported
		}
		var valid []*catalog.Vendor
		for _, v := range parsed {
			if v == nil {
				continue
			}
			if err := v.Validate(); err != nil {
				if code := callmatch.ErrorCode(err); code != callmatch.EINVALID {
					t.Fatalf("Validate: code %q, want invalid: %v", code, err)
				}
				continue
			}
			valid = append(valid, v)
		}
		if len(valid) == 0 {
			return
		}
		cat := matching.NewCatalog(valid, "fuzz")
		for _, form := range fuzzForms {
			if _, err := matching.Match(cat, form.MatchRequest(), matching.Options{AsOf: demo.AsOf}); err != nil {
				t.Fatalf("match over valid vendors: %v", err)
			}
		}
	})
}

var fuzzForms = func() []intake.Form {
	var out []intake.Form
	for _, f := range demo.Intakes() {
		f.ApplyDefaults()
		out = append(out, f)
	}
	return out
}()
