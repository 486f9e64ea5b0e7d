// Package billing is how Callmatch earns: a vendor pays a referral fee when
// a campaign signs with it. It holds fee terms, the fee arithmetic, invoice
// records and their status machine, and the workflow that puts invoices on
// Stripe. It imports no SDK: the Stripe adapter lives in billing/stripe.
//
// Nothing here is an input to matching. The catalog and the engine never
// import this package (a test in this package checks), so that what a vendor
// pays can never change where it ranks.
package billing

import (
	"math"
	"time"

	"callmatch"
)

// Terms is the arithmetic of a referral fee: RateBPS basis points (1/100 of
// a percent) of the contract value, never less than MinimumCents and, when
// CapCents is set, never more than it.
type Terms struct {
	RateBPS      int    `json:"rate_bps"`
	MinimumCents int64  `json:"minimum_cents"`
	CapCents     *int64 `json:"cap_cents"` // nil: no cap
}

// FeeTerms are the terms agreed with one vendor, or the standard terms
// (Standard true) for a vendor without terms of its own.
type FeeTerms struct {
	VendorID string `json:"vendor_id"`
	Terms
	Standard  bool       `json:"standard"`
	UpdatedAt *time.Time `json:"updated_at,omitempty"`
	UpdatedBy string     `json:"updated_by,omitempty"` // actor label
}

// StandardTerms apply to a vendor until an admin records its own: 5% with
// a $250 minimum and no cap. A vendor is onboarded on these terms, so an
// engagement is never left unbilled for want of a contract row.
var StandardTerms = Terms{RateBPS: 500, MinimumCents: 25_000}

// MaxRateBPS is 50%: no referral agreement takes more, so a larger number
// is a typo (a rate entered in percent hundredths twice over).
const MaxRateBPS = 5_000

// maxFeeCents is $100 million, far past any real fee, low enough to catch
// a few extra digits.
const maxFeeCents = 10_000_000_000

// Validate checks what an admin typed.
func (t Terms) Validate() error {
	var fe callmatch.FieldErrors
	if t.RateBPS < 0 || t.RateBPS > MaxRateBPS {
		fe.Addf("rate_bps", "must be between 0 and %d basis points (0%% to %d%%)", MaxRateBPS, MaxRateBPS/100)
	}
	if t.MinimumCents < 0 || t.MinimumCents > maxFeeCents {
		fe.Addf("minimum_cents", "must be between 0 and %d (cents)", int64(maxFeeCents))
	}
	if t.CapCents != nil {
		switch {
		case *t.CapCents <= 0 || *t.CapCents > maxFeeCents:
			fe.Addf("cap_cents", "must be between 1 and %d (cents), or null for no cap", int64(maxFeeCents))
		case *t.CapCents < t.MinimumCents:
			fe.Add("cap_cents", "must not be below minimum_cents")
		}
	}
	return fe.Err()
}

// Fee is the referral fee on a contract: the rate, rounded half up to the
// cent, raised to the minimum and lowered to the cap.
func (t Terms) Fee(contractCents int64) (int64, error) {
	if contractCents <= 0 {
		return 0, callmatch.Errorf(callmatch.EINVALID, "The contract value must be more than 0 cents.")
	}
	if contractCents > (math.MaxInt64-5_000)/10_000 {
		return 0, callmatch.Errorf(callmatch.EINVALID, "The contract value %d cents is too large to bill.", contractCents)
	}
	fee := (contractCents*int64(t.RateBPS) + 5_000) / 10_000
	fee = max(fee, t.MinimumCents)
	if t.CapCents != nil {
		fee = min(fee, *t.CapCents)
	}
	return fee, nil
}
