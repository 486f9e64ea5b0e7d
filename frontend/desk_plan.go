package frontend

import (
	"context"
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/catalog"
	"callmatch/intake"
	"callmatch/matching"
)

// planPage is the "Split across vendors" view of an intake: the team plan
// for at most MaxVendors vendors, each part's share and cost by week, the
// total against the budget and the best single vendor, and the work no
// vendor set can take.
type planPage struct {
	*Page
	IntakeID string
	// Problem is what is wrong with the request (max_vendors out of
	// range), shown above the chooser instead of a plan.
	Problem    string
	Intake     *intake.Intake
	Plan       *matching.TeamPlan
	MaxVendors int
	Choices    []int
	// Columns are the program's languages, the columns of each part's
	// table (not Langs, which is the layout's language switch).
	Columns []string
	Parts   []partView
	Unmet   []unmetWeek
	Budget  Budget
	// Single is the cheapest plan one vendor can carry alone; nil when no
	// single vendor can. Saving is Single's cost less the plan's.
	Single *matching.PlanPart
	Saving int64
	// Engaged are the vendors already engaged for this intake.
	Engaged map[string]bool
	Closed  bool
}

// partView is one vendor's part with its weeks as table rows.
type partView struct {
	matching.PlanPart
	Weeks  []partWeekRow
	Bar    seatBar // the part's share of the program, 0–100
	Engage string  // the projected cost in dollars, offered as the contract value
}

// partWeekRow is a part's week: its share and seats per language (in the
// page's language order) and the cost of that week.
type partWeekRow struct {
	Start     callmatch.Date
	Cells     []matching.PartWeek // zero value where the part takes none
	CostCents int64
}

// unmetWeek is the work of a week no vendor set can take, per language.
type unmetWeek struct {
	Start  callmatch.Date
	Shares []matching.Unmet
}

// deskPlan shows the split view: a fragment for htmx (the intake page's
// "Split across vendors" section), else a page of its own.
func (p *pages) deskPlan(c *gin.Context) {
	pg := p.newStaffPage(c, "desk", "Split across vendors")
	maxVendors := matching.DefaultMaxVendors
	if s := c.Query("max_vendors"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			n = -1 // the service names the field and the allowed values
		}
		maxVendors = n
	}
	status := http.StatusOK
	pp, err := p.loadPlanPage(c.Request.Context(), pg, c.Param("id"), maxVendors)
	switch {
	case callmatch.ErrorCode(err) == callmatch.EINVALID:
		status, pp = http.StatusUnprocessableEntity, &planPage{Page: pg, IntakeID: c.Param("id"), Problem: problemText(err),
			MaxVendors: matching.DefaultMaxVendors, Choices: maxVendorChoices()}
	case err != nil:
		p.fail(c, pg, err)
		return
	}
	if isHTMX(c) {
		p.renderFragment(c, status, "desk_plan", "plan", pp)
		return
	}
	p.render(c, status, "desk_plan", pp)
}

func maxVendorChoices() []int {
	var out []int
	for n := 1; n <= intake.MaxVendorsLimit; n++ {
		out = append(out, n)
	}
	return out
}

// loadPlanPage asks for the plan and, to compare with, the best plan of
// one vendor: the same planner on the same snapshot, so the two figures
// are costed alike (minimums aside, which a team plan ignores per part).
func (p *pages) loadPlanPage(ctx context.Context, pg *Page, id string, maxVendors int) (*planPage, error) {
	plan, err := p.Intakes.Plan(ctx, id, maxVendors)
	if err != nil {
		return nil, err
	}
	single, err := p.Intakes.Plan(ctx, id, 1)
	if err != nil {
		return nil, err
	}
	in, err := p.Intakes.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	engs, err := p.Intakes.Engagements(ctx, id)
	if err != nil {
		return nil, err
	}
	pg.Title = "Split " + in.Form.Campaign.Name
	pp := &planPage{Page: pg, IntakeID: in.ID, Intake: in, Plan: plan, MaxVendors: maxVendors, Choices: maxVendorChoices(),
		Engaged: map[string]bool{}, Closed: intake.IsTerminal(in.Status), Budget: budgetOf(plan.TotalCostCents, in.Form.BudgetCents)}
	for _, e := range engs {
		pp.Engaged[e.VendorID] = true
	}
	if single.Feasible && len(single.Parts) == 1 {
		pp.Single = &single.Parts[0]
		pp.Saving = single.TotalCostCents - plan.TotalCostCents
	}
	for _, l := range in.Form.Languages {
		pp.Columns = append(pp.Columns, l.Code)
	}
	frac := weekFractions(in.Form, callmatch.DateOf(p.Now()))
	for _, part := range plan.Parts {
		pp.Parts = append(pp.Parts, newPartView(part, pp.Columns, in.Form.Languages, frac))
	}
	pp.Unmet = unmetWeeks(plan.Unmet)
	return pp, nil
}

// weekFractions is each week's fraction of the program's dials: the
// program calls evenly over its days from max(start, today) to its end,
// as the planner schedules it (MARKETPLACE.md §2).
func weekFractions(f intake.Form, today callmatch.Date) map[callmatch.Date]float64 {
	from := max(f.StartDate, today)
	days := int(f.EndDate - from)
	out := map[callmatch.Date]float64{}
	if days <= 0 {
		return out
	}
	for d := from; d < f.EndDate; d++ {
		out[catalog.WeekStart(d)] += 1 / float64(days)
	}
	return out
}

// newPartView lays a part's weeks out by language and spreads its cost
// over them: a part's cost is linear in the dials it takes, so a week
// costs the part's cost times that week's share of the part's dials.
func newPartView(part matching.PlanPart, langs []string, shares []matching.LanguageShare, frac map[callmatch.Date]float64) partView {
	pv := partView{PlanPart: part, Engage: plainDollars(part.ProjectedCostCents),
		Bar: seatBar{Declared: "100", Booked: svgNum(part.Share * 100), Label: pct(part.Share) + " of the program"}}
	langShare := map[string]float64{}
	for _, l := range shares {
		langShare[l.Code] = l.Share
	}
	weight := map[callmatch.Date]float64{}
	total := 0.0
	for _, w := range part.Weeks {
		k := slices.IndexFunc(pv.Weeks, func(r partWeekRow) bool { return r.Start == w.WeekStart })
		if k < 0 {
			pv.Weeks = append(pv.Weeks, partWeekRow{Start: w.WeekStart, Cells: make([]matching.PartWeek, len(langs))})
			k = len(pv.Weeks) - 1
		}
		if j := slices.Index(langs, w.Language); j >= 0 {
			pv.Weeks[k].Cells[j] = w
		}
		x := w.Share * langShare[w.Language] * frac[w.WeekStart]
		weight[w.WeekStart] += x
		total += x
	}
	slices.SortFunc(pv.Weeks, func(a, b partWeekRow) int { return int(a.Start - b.Start) })
	if total > 0 {
		// Whole cents per week, the remainder in the last, so that the
		// weeks add up to the part's cost exactly.
		left := part.ProjectedCostCents
		for i := range pv.Weeks {
			c := int64(float64(part.ProjectedCostCents) * weight[pv.Weeks[i].Start] / total)
			if i == len(pv.Weeks)-1 {
				c = left
			}
			pv.Weeks[i].CostCents, left = c, left-c
		}
	}
	return pv
}

func unmetWeeks(us []matching.Unmet) []unmetWeek {
	var out []unmetWeek
	for _, u := range us {
		if n := len(out); n > 0 && out[n-1].Start == u.WeekStart {
			out[n-1].Shares = append(out[n-1].Shares, u)
			continue
		}
		out = append(out, unmetWeek{Start: u.WeekStart, Shares: []matching.Unmet{u}})
	}
	return out
}
