package intake

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"callmatch"
	"callmatch/matching"
)

// Engagement is a campaign's signed choice of a vendor, recorded by an
// advisor. It is what the vendor's referral fee is invoiced on.
type Engagement struct {
	ID                 string
	IntakeID           string
	VendorID           string
	VendorName         string // as the catalog names it now; set when read, not stored
	ShortlistID        string // the shared shortlist the vendor was chosen from
	ContractValueCents int64
	CreatedAt          time.Time
	CreatedBy          string // actor label
	// Part is the team-plan part the campaign signed for; nil when it
	// signed for the whole program.
	Part *Part
	// Bookings is what the engagement books at the vendor (matching.Book
	// on the snapshot the service matched on). The store checks them
	// against the vendor's free seats under the vendor's row lock and
	// stores them with the engagement; a repeat of a recorded engagement
	// returns the first one's.
	Bookings []matching.Booking
}

// Part is a vendor's part of a team plan (MARKETPLACE.md §2): the plan's
// max_vendors it was chosen under and the shares of the program's weeks
// and languages it takes, which is all an engagement for it books.
type Part struct {
	MaxVendors int                  `json:"max_vendors"`
	Shares     []matching.PartShare `json:"shares"`
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
		e.ContractValueCents == other.ContractValueCents && e.partMaxVendors() == other.partMaxVendors()
}

// partMaxVendors is 0 for a whole-program engagement. A retried part
// engagement is recognised by the plan it was chosen from, not by its
// shares, which a plan computed later on other bookings may move.
func (e *Engagement) partMaxVendors() int {
	if e.Part == nil {
		return 0
	}
	return e.Part.MaxVendors
}

// PartOf returns vendorID's part of plan as an engagement's Part, or a
// field error when the plan gives the vendor no part.
func PartOf(plan *matching.TeamPlan, vendorID string) (*Part, error) {
	i := slices.IndexFunc(plan.Parts, func(p matching.PlanPart) bool { return p.VendorID == vendorID })
	if i < 0 {
		var fe callmatch.FieldErrors
		fe.Addf("vendor_id", "%q is not a part of the team plan for at most %d vendors", vendorID, plan.MaxVendors)
		return nil, fe.Err()
	}
	part := &Part{MaxVendors: plan.MaxVendors}
	for _, w := range plan.Parts[i].Weeks {
		if w.Share > 0 {
			part.Shares = append(part.Shares, matching.PartShare{WeekStart: w.WeekStart, Language: w.Language, Share: w.Share})
		}
	}
	return part, nil
}

// ShortlistFrom picks the shortlist e is made from among those shared
// with the campaign, most recently shared first. A part of a team plan is
// the plan's choice, not the shortlist's (its vendors may be excluded
// from any shortlist for capacity alone), so it names the latest shared
// shortlist; the campaign must still have been shown one.
func (e *Engagement) ShortlistFrom(shared []*Shortlist) (*Shortlist, error) {
	if e.Part == nil || len(shared) == 0 {
		return ShortlistForEngagement(shared, e.VendorID)
	}
	return shared[0], nil
}

// ShortlistForEngagement picks the shortlist an engagement with vendorID is
// made from: of the shortlists shared with the campaign, each as its latest
// share showed it (Store.FindSharedShortlists, most recently shared first),
// the first that lists the vendor and whose advisor had not dropped it when
// sharing. The campaign can only have chosen what it was shown, and it was
// shown no drop made after sharing.
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
