package frontend

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"callmatch/intake"
	"callmatch/matching"
)

// intakePage is the advisor's desk for one intake: the request, the
// demand, a live what-if ranking under the sliders, the saved shortlist
// versions with the advisor's marks, and the engagement.
type intakePage struct {
	*Page
	Intake      *intake.Intake
	Form        weightsForm
	FormError   string
	Live        *rankingView
	Demand      matching.Demand
	Exclusions  []exclusionGroup
	Excluded    int // all excluded vendors, even those not listed
	Listed      int // excluded vendors listed with reasons
	Versions    []*intake.Shortlist
	Saved       *rankingView // the version shown; nil before the first
	Engagements []*intake.Engagement
	Engageable  []vendorOption
	Names       map[string]string // vendor id → name, for engagements
	Paces       []*Burnup         // each engagement's delivered against planned
	Quotes      *quotesView       // invitations and quotes

	// Share is what the campaign sees and what sharing Saved would change;
	// Messages are the campaign's to its advisors, newest first.
	Share    *intake.ShareState
	Messages []*intake.CampaignMessage
}

type vendorOption struct{ ID, Name string }

// excludedShown bounds the excluded vendors listed with reasons; the
// counts always cover all of them. As many as the API lists by default:
// at 10k vendors, 1,000 rows with reasons were most of the page's time
// (ISSUE18: p95 ≤ 50 ms), and an advisor reads the counts and a few
// examples per reason.
const excludedShown = intake.DefaultExcludedLimit

// deskIntake shows an intake with a live ranking under the weights of its
// latest shortlist (else the campaign's priorities, else the defaults).
func (p *pages) deskIntake(c *gin.Context) {
	pg := p.newStaffPage(c, "desk", "Intake")
	ip, err := p.loadIntakePage(c.Request.Context(), pg, c.Param("id"), c.Query("shortlist"), nil)
	if err != nil {
		p.fail(c, pg, err)
		return
	}
	p.render(c, http.StatusOK, "desk_intake", ip)
}

// loadIntakePage gathers the page. wf is the advisor's what-if; nil
// ranks under the weights of the latest shortlist, else the intake's own
// (intake.ResolveWeights).
func (p *pages) loadIntakePage(ctx context.Context, pg *Page, id, shortlistID string, wf *weightsForm) (*intakePage, error) {
	versions, err := p.Intakes.Shortlists(ctx, id)
	if err != nil {
		return nil, err
	}
	what := intake.WhatIf{Limit: defaultRankLimit, ExcludedLimit: excludedShown, LocalSeats: true}
	switch {
	case wf != nil:
		what = wf.whatIf(excludedShown)
	case len(versions) > 0:
		sl := versions[0]
		what.Weights, what.Method, what.Limit = &sl.Weights, sl.Method, sl.Limit
	}
	in, res, err := p.Intakes.WhatIfIntake(ctx, id, what)
	if err != nil {
		return nil, err
	}
	engs, err := p.Intakes.Engagements(ctx, id)
	if err != nil {
		return nil, err
	}
	ip := &intakePage{Page: pg, Intake: in, Versions: versions, Engagements: engs, Names: map[string]string{}}
	pg.Title = in.Form.Campaign.Name
	if pg.Title == "" {
		pg.Title = "Erased intake"
	}
	if wf != nil {
		ip.Form = *wf
	} else {
		ip.Form = weightsFormOf(intake.ResolveWeights(what.Weights, &in.Form), what.Method, what.Limit)
	}
	if ip.Quotes, err = p.loadQuotes(ctx, pg, in, versions); err != nil {
		return nil, err
	}
	ip.Live = newRankingView(res, in.Form.BudgetCents, nil)
	ip.Demand, ip.Exclusions, ip.Excluded, ip.Listed = res.Demand, exclusionGroups(res), res.ExcludedTotal, len(res.Excluded)
	// What the campaign was shown, read once: the latest share for the
	// saved version's share state, every shared shortlist for the
	// engagement form.
	shared, err := p.showSaved(ctx, ip, versions, shortlistID)
	if err != nil {
		return nil, err
	}
	if ip.Messages, err = p.Intakes.Messages(ctx, id); err != nil {
		return nil, err
	}
	// Engagements read the vendor's name with them (a team plan's part may
	// be a vendor no shortlist lists); shortlists name the rest.
	for _, e := range engs {
		ip.Names[e.VendorID] = e.VendorName
	}
	for _, sl := range versions {
		if sl.Result == nil {
			continue
		}
		for _, cd := range sl.Result.Shortlist {
			ip.Names[cd.VendorID] = cd.VendorName
		}
	}
	// The campaign signs with a vendor it was shown: on a shared shortlist
	// as its latest share showed it, so a drop since sharing hides nobody
	// (the store judges the engagement the same way).
	seen := map[string]bool{}
	for _, sl := range shared {
		if sl.Result == nil {
			continue
		}
		for _, cd := range sl.Result.Shortlist {
			if !sl.Dropped(cd.VendorID) && !seen[cd.VendorID] {
				seen[cd.VendorID] = true
				ip.Engageable = append(ip.Engageable, vendorOption{ID: cd.VendorID, Name: cd.VendorName})
			}
		}
	}
	if ip.Paces, err = p.intakeCharts(ctx, pg, id, "", len(engs) > 0, ip.Names); err != nil {
		return nil, err
	}
	return ip, nil
}

// pickVersion is the version asked for, else the newest.
func pickVersion(versions []*intake.Shortlist, id string) *intake.Shortlist {
	for _, sl := range versions {
		if sl.ID == id {
			return sl
		}
	}
	if len(versions) > 0 {
		return versions[0]
	}
	return nil
}

// Goal names a messaging-goal code in words for the advisor.
func (ip *intakePage) Goal(code string) string { return matching.GoalWords(code) }

// Closed reports whether nothing more can happen to the intake.
func (ip *intakePage) Closed() bool { return intake.IsTerminal(ip.Intake.Status) }

// CanReview reports whether the page offers "Start review": only what the
// lifecycle allows from the current status is offered.
func (ip *intakePage) CanReview() bool {
	return intake.CanTransition(ip.Intake.Status, intake.StatusInReview)
}

// CanClose reports whether the page offers "Close".
func (ip *intakePage) CanClose() bool {
	return intake.CanTransition(ip.Intake.Status, intake.StatusClosed)
}

// CanErase reports whether personal data is left to erase; erasure is
// allowed in any status, once.
func (ip *intakePage) CanErase() bool { return ip.Intake.ErasedAt == nil }

// TotalSeats is the seats the whole program needs at once.
func (ip *intakePage) TotalSeats() float64 {
	s := 0.0
	for _, l := range ip.Demand.ByLanguage {
		s += l.SeatsNeeded
	}
	return s
}
