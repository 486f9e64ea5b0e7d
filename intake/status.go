package intake

import (
	"slices"

	"callmatch"
	"callmatch/catalog"
)

// Intake statuses (DOMAIN.md §2).
const (
	StatusSubmitted   = "submitted"
	StatusInReview    = "in_review"
	StatusShortlisted = "shortlisted"
	StatusShared      = "shared"
	StatusEngaged     = "engaged"
	StatusClosed      = "closed"
	StatusWithdrawn   = "withdrawn"
)

// Statuses lists every intake status in lifecycle order.
var Statuses = catalog.Codes{
	StatusSubmitted, StatusInReview, StatusShortlisted, StatusShared,
	StatusEngaged, StatusClosed, StatusWithdrawn,
}

// transitions is the whole lifecycle of DOMAIN.md §9: from each status, the
// statuses an intake may move to. A status absent here is terminal.
//
//   - Generating a shortlist is itself a review, so a submitted intake may be
//     shortlisted without first being marked in_review.
//   - Shortlisting again (from shortlisted or shared) makes a new version;
//     sharing another shortlist while shared keeps the intake shared.
//   - shortlisted → engaged is for a campaign that picks from a shortlist
//     shared earlier while the advisor has generated a newer one; Engage
//     still requires the vendor to be on a shared shortlist.
//   - engaged → engaged records a second vendor: campaigns sometimes split
//     a program (say, Spanish calls to one vendor, English to another).
//   - A campaign may withdraw until it has engaged a vendor. Once engaged a
//     contract exists and a referral fee is owed, so the advisor closes the
//     intake instead; a withdrawn intake with a live engagement would
//     contradict billing.
var transitions = map[string][]string{
	StatusSubmitted:   {StatusInReview, StatusShortlisted, StatusWithdrawn},
	StatusInReview:    {StatusShortlisted, StatusWithdrawn},
	StatusShortlisted: {StatusShortlisted, StatusShared, StatusEngaged, StatusWithdrawn},
	StatusShared:      {StatusShortlisted, StatusShared, StatusEngaged, StatusWithdrawn},
	StatusEngaged:     {StatusEngaged, StatusClosed},
}

// CanTransition reports whether an intake in status from may move to to.
func CanTransition(from, to string) bool { return slices.Contains(transitions[from], to) }

// IsTerminal reports whether nothing more can happen to an intake in status s.
func IsTerminal(s string) bool { return len(transitions[s]) == 0 }

// CheckTransition returns nil when from → to is allowed, else a conflict
// naming the current status, which is what the person needs to understand
// why their action was refused.
func CheckTransition(from, to string) error {
	if CanTransition(from, to) {
		return nil
	}
	return callmatch.Errorf(callmatch.ECONFLICT, "The intake is %s and cannot become %s.", from, to)
}
