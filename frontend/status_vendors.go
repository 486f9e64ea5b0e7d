package frontend

import (
	"callmatch/intake"
	"callmatch/matching"
)

type sharedVendorView struct {
	intake.SharedVendor
	Bar    Bar
	Budget Budget
	Tied   bool
	// scope is the whole shared list, which each reason compares with.
	scope whyScope
}

// sharedVendors is the shared shortlist as the campaign reads it.
func sharedVendors(view *intake.CampaignView) []sharedVendorView {
	sl := view.Shortlist
	if sl == nil {
		return nil
	}
	cands := make([]matching.Candidate, len(sl.Vendors))
	factors := make([][]matching.Factor, len(sl.Vendors))
	ranks := map[int]int{}
	for i, v := range sl.Vendors {
		cands[i] = matching.Candidate{Factors: v.Factors}
		factors[i] = v.Factors
		ranks[v.Rank]++
	}
	scale := barScale(cands)
	scope := newWhyScope(factors, len(view.Request.TargetStates), len(view.Request.Services))
	out := make([]sharedVendorView, 0, len(sl.Vendors))
	for _, v := range sl.Vendors {
		out = append(out, sharedVendorView{SharedVendor: v, Bar: stackedBar(v.Factors, scale),
			Budget: budgetOf(v.ProjectedCostCents, view.Request.BudgetCents), Tied: ranks[v.Rank] > 1, scope: scope})
	}
	return out
}

// vendorWords are a shared vendor's reasons and warnings in a page's
// language, for every page that shows a shared vendor (status, card,
// compare, PDF).
type vendorWords struct {
	Why      []reasonLine
	Warnings []string
}

func wordsFor(pg *Page, v sharedVendorView) vendorWords {
	return vendorWords{Why: v.scope.why(pg, v.Factors, v.Warnings), Warnings: warningTexts(pg, v.Warnings)}
}

// Words are a vendor's reasons and warnings on the status page.
func (sp *statusPage) Words(v sharedVendorView) vendorWords { return wordsFor(sp.Page, v) }

// LocalSeats says how many of a vendor's seats sit in the campaign's
// states, or "" when the shortlist did not record it.
func (sp *statusPage) LocalSeats(v sharedVendorView) string {
	if v.SharedVendor.LocalSeats == nil {
		return ""
	}
	return sp.T("status.local_seats_text", num(*v.SharedVendor.LocalSeats))
}
