package billing

import (
	"testing"

	"callmatch"
)

func cents(n int64) *int64 { return &n }

func TestFee(t *testing.T) {
	for _, tc := range []struct {
		name     string
		terms    Terms
		contract int64
		want     int64
	}{
		{"rate", Terms{RateBPS: 500}, 10_000_000, 500_000},
		{"rounds half up", Terms{RateBPS: 1}, 5_000, 1},         // 0.5 cent
		{"rounds down below half", Terms{RateBPS: 1}, 4_999, 0}, // 0.4999 cent
		{"minimum", Terms{RateBPS: 500, MinimumCents: 25_000}, 100_000, 25_000},
		{"cap", Terms{RateBPS: 1_000, CapCents: cents(1_000_000)}, 100_000_000, 1_000_000},
		{"cap equal to minimum", Terms{RateBPS: 1_000, MinimumCents: 5_000, CapCents: cents(5_000)}, 1, 5_000},
		{"zero rate bills the minimum", Terms{MinimumCents: 10_000}, 100_000_000, 10_000},
		{"largest contract", Terms{RateBPS: MaxRateBPS}, 100_000_000_000, 50_000_000_000},
	} {
		got, err := tc.terms.Fee(tc.contract)
		if err != nil || got != tc.want {
			t.Errorf("%s: Fee(%d) = %d, %v; want %d", tc.name, tc.contract, got, err, tc.want)
		}
	}
	for _, contract := range []int64{0, -1, 1 << 62} {
		if _, err := StandardTerms.Fee(contract); callmatch.ErrorCode(err) != callmatch.EINVALID {
			t.Errorf("Fee(%d): %v, want invalid", contract, err)
		}
	}
}

func TestTermsValidate(t *testing.T) {
	if err := StandardTerms.Validate(); err != nil {
		t.Fatalf("standard terms: %v", err)
	}
	for name, tc := range map[string]struct {
		terms Terms
		field string
	}{
		"negative rate":     {Terms{RateBPS: -1}, "rate_bps"},
		"rate over 50%":     {Terms{RateBPS: MaxRateBPS + 1}, "rate_bps"},
		"negative minimum":  {Terms{RateBPS: 500, MinimumCents: -1}, "minimum_cents"},
		"zero cap":          {Terms{RateBPS: 500, CapCents: cents(0)}, "cap_cents"},
		"cap below minimum": {Terms{RateBPS: 500, MinimumCents: 10_000, CapCents: cents(9_999)}, "cap_cents"},
		"absurd minimum":    {Terms{RateBPS: 500, MinimumCents: maxFeeCents + 1}, "minimum_cents"},
	} {
		err := tc.terms.Validate()
		e, ok := err.(*callmatch.Error)
		if !ok || e.Fields[tc.field] == "" {
			t.Errorf("%s: %v, want a message for %s", name, err, tc.field)
		}
	}
}
