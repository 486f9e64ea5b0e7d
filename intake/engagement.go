package intake

import (
	"fmt"
	"strings"
	"time"

	"callmatch"
)

// Engagement is a campaign's signed choice of a vendor, recorded by an
// advisor. It is what the vendor's referral fee is invoiced on.
type Engagement struct {
	ID                 string
	IntakeID           string
	VendorID           string
	ShortlistID        string // the shared shortlist the vendor was chosen from
	ContractValueCents int64
	CreatedAt          time.Time
	CreatedBy          string // actor label
}

// maxContractCents is $1 billion: far past any calling program, low enough
// that a typo of a few extra digits is caught.
const maxContractCents = 100_000_000_000

// Validate checks what an advisor typed.
func (e *Engagement) Validate() error {
	var fe callmatch.FieldErrors
	e.VendorID = strings.TrimSpace(e.VendorID)
	if e.VendorID == "" {
		fe.Add("vendor_id", "is required")
	}
	if e.ContractValueCents <= 0 || e.ContractValueCents > maxContractCents {
		fe.Addf("contract_value_cents", "must be more than 0 and at most %d (cents)", int64(maxContractCents))
	}
	return fe.Err()
}

// SameAs reports whether other records the same choice, so that a retried
// request is recognised as the one already recorded.
func (e *Engagement) SameAs(other *Engagement) bool {
	return e.IntakeID == other.IntakeID && e.VendorID == other.VendorID &&
		e.ContractValueCents == other.ContractValueCents
}

// ShortlistForEngagement picks the shortlist an engagement with vendorID is
// made from: of the shortlists shared with the campaign (most recently
// shared first), the first that lists the vendor and whose advisor has not
// dropped it. The campaign can only have chosen what it was shown.
func ShortlistForEngagement(shared []*Shortlist, vendorID string) (*Shortlist, error) {
	for _, s := range shared {
		if s.SharedAt != nil && s.Candidate(vendorID) != nil && !s.Dropped(vendorID) {
			return s, nil
		}
	}
	msg := "is not on a shortlist shared with this campaign"
	if len(shared) == 0 {
		msg = "cannot be engaged before a shortlist is shared with the campaign"
	}
	return nil, &callmatch.Error{Code: callmatch.EINVALID, Message: "Some fields are not valid.",
		Fields: map[string]string{"vendor_id": fmt.Sprintf("%q %s", vendorID, msg)}}
}
