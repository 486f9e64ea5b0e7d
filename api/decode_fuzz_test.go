package api

import (
	"encoding/json"
	"net/url"
	"sync"
	"testing"

	"callmatch"
	"callmatch/demo"
	"callmatch/intake"
	"callmatch/matching"
)

// FuzzDecodeIntake feeds arbitrary bodies to the public intake decoder, the
// one endpoint anyone on the internet can reach: JSON through the strict
// decoder and then validation, and the same bytes as a form-encoded body.
// Nothing may panic, and every refusal must be a 400-class invalid error
// that names what is wrong, never an internal one.
func FuzzDecodeIntake(f *testing.F) {
	for _, form := range demo.Intakes() {
		b, err := json.Marshal(form)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{``, `{}`, `null`, `[]`, `{"records": 1e400}`, `{"start_date": "2026-02-30"}`,
		`{"languages": [{"code": "es", "share": -0}]}`, `{"campaign": {"name": "x"}} {}`,
		`{"priorities": {"cost": 1e308, "quality": 1e308}}`, `{"records": -9223372036854775808}`,
		"campaign.name=x&services=gotv&records=10&languages=es:1&start_date=2027-01-01",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var form intake.Form
		if err := decodeStrict(body, &form); err != nil {
			wantInvalid(t, "decode", err)
		} else {
			checkForm(t, form)
		}
		if values, err := url.ParseQuery(string(body)); err == nil {
			if form, err := ParseIntakeValues(values); err != nil {
				wantInvalid(t, "form", err)
			} else {
				checkForm(t, form)
			}
		}
	})
}

// checkForm runs what the handler runs after decoding.
func checkForm(t *testing.T, form intake.Form) {
	form.ApplyDefaults()
	if err := form.Validate(); err != nil {
		wantInvalid(t, "validate", err)
		return
	}
	// A valid form is one the engine accepts and matches without fault.
	if err := form.ValidateForMatch(); err != nil {
		t.Fatalf("valid form refused for matching: %v", err)
	}
	if _, err := matching.Match(fuzzCatalog(), form.MatchRequest(), matching.Options{AsOf: demo.AsOf, Weights: form.Priorities}); err != nil {
		t.Fatalf("valid form refused by the engine: %v", err)
	}
}

var fuzzCatalog = sync.OnceValue(func() *matching.Catalog { return matching.NewCatalog(demo.Vendors(200), "fuzz") })

func wantInvalid(t *testing.T, step string, err error) {
	t.Helper()
	if code := callmatch.ErrorCode(err); code != callmatch.EINVALID && code != callmatch.ETOOLARGE {
		t.Fatalf("%s: error code %q, want invalid: %v", step, code, err)
	}
}
