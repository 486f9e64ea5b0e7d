package quote

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"callmatch"
	"callmatch/account"
	"callmatch/catalog"
	"callmatch/intake"
	"callmatch/matching"
)

// OpportunityWindow is how far back Opportunities counts exclusions.
const OpportunityWindow = 90 * 24 * time.Hour

// Exclusion is one program whose latest shortlist excluded the vendor: the
// knockout codes and what the program asked. The store fills it; the
// campaign's name never leaves Opportunities.
type Exclusion struct {
	IntakeID string
	Reasons  []matching.Reason
	Form     intake.Form
}

// Opportunities is what a vendor learns from the marketplace: its
// invitations by state, and over OpportunityWindow how many programs
// excluded it for each knockout code with what they asked, in aggregate,
// never naming a campaign.
type Opportunities struct {
	VendorID string
	Since    callmatch.Date
	Open     int // invitations it may still answer
	Answered int // quoted or declined, undecided
	Won      int
	Lost     int
	Expired  int
	// Knockouts are the codes, the most programs first.
	Knockouts []KnockoutCount
}

// KnockoutCount is one knockout code: the programs it excluded the vendor
// from, and what those programs asked that the vendor lacks ("Vietnamese
// seats", "pci_dss certification"), the most asked first.
type KnockoutCount struct {
	Code     string
	Programs int
	Asks     []Ask
}

// Ask is one thing asked and by how many of those programs.
type Ask struct {
	What     string
	Programs int
}

// Opportunities returns the vendor's opportunities: for its own users and
// staff (account policy; another vendor's user is told it does not exist).
func (s *Service) Opportunities(ctx context.Context, vendorID string) (*Opportunities, error) {
	if err := account.CanReadVendor(callmatch.ActorFrom(ctx), vendorID); err != nil && intake.AuthorizeStaff(ctx) != nil {
		return nil, err
	}
	now := s.Now()
	invs, err := s.store.FindInvitations(ctx, Filter{VendorID: vendorID})
	if err != nil {
		return nil, err
	}
	exs, err := s.store.FindExclusions(ctx, vendorID, now.Add(-OpportunityWindow))
	if err != nil {
		return nil, err
	}
	o := CountOpportunities(invs, exs, now)
	o.VendorID, o.Since = vendorID, callmatch.DateOf(now.Add(-OpportunityWindow))
	return o, nil
}

// CountOpportunities aggregates invitations and exclusions as of now.
func CountOpportunities(invs []*Invitation, exs []Exclusion, now time.Time) *Opportunities {
	o := &Opportunities{Knockouts: []KnockoutCount{}}
	for _, inv := range invs {
		switch {
		case inv.Outcome == OutcomeWon:
			o.Won++
		case inv.Outcome == OutcomeLost:
			o.Lost++
		case inv.State(now) == StatusExpired:
			o.Expired++
		case inv.Status == StatusInvited && inv.Open(now):
			o.Open++
		case inv.Status != StatusInvited:
			o.Answered++
		}
	}
	byCode := map[string]*KnockoutCount{}
	asks := map[string]map[string]int{}
	for _, ex := range exs {
		seen := map[string]bool{}
		for _, r := range ex.Reasons {
			code := r.Code
			if seen[code] {
				continue
			}
			seen[code] = true
			k := byCode[code]
			if k == nil {
				k = &KnockoutCount{Code: code}
				byCode[code], asks[code] = k, map[string]int{}
			}
			k.Programs++
			for _, what := range askedFor(r, &ex.Form) {
				asks[code][what]++
			}
		}
	}
	for code, k := range byCode {
		for what, n := range asks[code] {
			k.Asks = append(k.Asks, Ask{What: what, Programs: n})
		}
		slices.SortFunc(k.Asks, func(a, b Ask) int { return cmp.Or(cmp.Compare(b.Programs, a.Programs), cmp.Compare(a.What, b.What)) })
		o.Knockouts = append(o.Knockouts, *k)
	}
	slices.SortFunc(o.Knockouts, func(a, b KnockoutCount) int {
		return cmp.Or(cmp.Compare(b.Programs, a.Programs), cmp.Compare(a.Code, b.Code))
	})
	return o
}

// askedFor is what a program asked that a knockout code is about, in
// words a vendor can act on; nothing that could name the campaign.
func askedFor(r matching.Reason, f *intake.Form) []string {
	var out []string
	switch r.Code {
	case matching.ReasonLanguageNotCovered, matching.ReasonInsufficientCapacity:
		// The detail names the languages short ("no Vietnamese seats"); a
		// detail naming none is about the week's total.
		for _, l := range f.Languages {
			if name := catalog.LanguageName(l.Code); strings.Contains(r.Detail, name) {
				out = append(out, name+" seats")
			}
		}
		if len(out) == 0 && r.Code == matching.ReasonInsufficientCapacity {
			out = append(out, "seats in the program's weeks")
		}
	case matching.ReasonServiceNotOffered, matching.ReasonNoRateForService:
		out = append(out, f.Services...)
	case matching.ReasonCertificationMissing, matching.ReasonCertificationExpired:
		for _, c := range f.Requirements.Certifications {
			out = append(out, c+" certification")
		}
	case matching.ReasonAffiliationNotServed:
		out = append(out, f.Campaign.Affiliation+" campaigns")
	case matching.ReasonUnionRequired:
		out = append(out, "union agents")
	case matching.ReasonOffshoreNotAllowed:
		out = append(out, "domestic calling only")
	case matching.ReasonWageFloorNotMet:
		out = append(out, "a declared agent wage floor")
	case matching.ReasonDialingModeNotAllowed:
		for _, s := range f.TargetStates {
			out = append(out, "dialing rules of "+s)
		}
	}
	return out
}
