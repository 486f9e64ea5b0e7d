package frontend

import (
	"math"
	"sort"

	"callmatch/intake"
	"callmatch/matching"
)

type sharedVendorView struct {
	intake.SharedVendor
	Bar     Bar
	Budget  Budget
	Reasons []factorView
	Tied    bool
}

// factorView is one reason for a vendor's place: a criterion, how the
// vendor scored on it (0–100) and how much it weighs.
type factorView struct {
	Criterion string
	Score     int
	Weight    string
	Share     string // of the vendor's total score
	Detail    string // the engine's words for it (experience, with messaging goals)
}

// sharedVendors is the shared shortlist as the campaign reads it.
func sharedVendors(view *intake.CampaignView) []sharedVendorView {
	sl := view.Shortlist
	if sl == nil {
		return nil
	}
	cands := make([]matching.Candidate, len(sl.Vendors))
	ranks := map[int]int{}
	for i, v := range sl.Vendors {
		cands[i] = matching.Candidate{Factors: v.Factors}
		ranks[v.Rank]++
	}
	scale := barScale(cands)
	out := make([]sharedVendorView, 0, len(sl.Vendors))
	for _, v := range sl.Vendors {
		out = append(out, sharedVendorView{SharedVendor: v, Bar: stackedBar(v.Factors, scale),
			Budget: budgetOf(v.ProjectedCostCents, view.Request.BudgetCents), Reasons: reasons(v.Factors),
			Tied: ranks[v.Rank] > 1})
	}
	return out
}

// reasons orders a vendor's factors by what they gave its score.
func reasons(fs []matching.Factor) []factorView {
	sorted := append([]matching.Factor(nil), fs...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Contribution > sorted[j].Contribution })
	sum := total(fs)
	out := make([]factorView, 0, len(fs))
	for _, f := range sorted {
		fv := factorView{Criterion: f.Criterion, Score: int(f.Normalized*100 + 0.5), Weight: pct(f.Weight), Detail: f.Detail}
		if sum > 0 {
			fv.Share = pct(math.Max(f.Contribution, 0) / sum)
		}
		out = append(out, fv)
	}
	return out
}

// LocalSeats says how many of a vendor's seats sit in the campaign's
// states, or "" when the shortlist did not record it.
func (sp *statusPage) LocalSeats(v sharedVendorView) string {
	if v.SharedVendor.LocalSeats == nil {
		return ""
	}
	return sp.T("status.local_seats_text", num(*v.SharedVendor.LocalSeats))
}
