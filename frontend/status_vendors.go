package frontend

import (
	"fmt"

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

// localBar is a bar whose spoken label and segment titles name the
// criteria in the page's language (chart.go words them by code).
func localBar(pg *Page, b Bar) Bar {
	out := Bar{Segments: make([]Segment, len(b.Segments))}
	for i, s := range b.Segments {
		s.Criterion = pg.T("criterion." + s.Criterion)
		out.Segments[i] = s
		out.Label += fmt.Sprintf("%s %.3f; ", s.Criterion, s.Contribution)
	}
	return out
}

// BarOf is a vendor's bar on the status page, spoken in its language.
func (sp *statusPage) BarOf(v sharedVendorView) Bar { return localBar(sp.Page, v.Bar) }

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
