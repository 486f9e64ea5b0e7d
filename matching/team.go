package matching

import (
	"fmt"
	"math"
	"slices"

	"callmatch"
	"callmatch/catalog"
)

// TeamPlan splits one program across at most MaxVendors vendors
// (MARKETPLACE.md §2). Its JSON is the contract of `callmatch plan` and
// POST /api/v1/intakes/{id}/plans.
type TeamPlan struct {
	Feasible       bool       `json:"feasible"`
	MaxVendors     int        `json:"max_vendors"`
	TotalCostCents int64      `json:"total_cost_cents"`
	Parts          []PlanPart `json:"parts"`
	Unmet          []Unmet    `json:"unmet"`
	Candidates     []string   `json:"candidates"`
	Warnings       []string   `json:"warnings"`
}

// PlanPart is one vendor's part of a team plan.
type PlanPart struct {
	VendorID           string     `json:"vendor_id"`
	Name               string     `json:"name"`
	Share              float64    `json:"share"` // dials-weighted share of the whole program
	ProjectedCostCents int64      `json:"projected_cost_cents"`
	Weeks              []PartWeek `json:"weeks"`
}

// PartWeek is a part's share of one week and language and the seats it needs.
type PartWeek struct {
	WeekStart callmatch.Date `json:"week_start"`
	Language  string         `json:"language"`
	Share     float64        `json:"share"`
	Seats     float64        `json:"seats"`
}

// Unmet is work no vendor set can take.
type Unmet struct {
	WeekStart callmatch.Date `json:"week_start"`
	Language  string         `json:"language"`
	Share     float64        `json:"share"`
}

// DefaultMaxVendors is a plan's max_vendors when none is given; 1–5 are allowed.
const DefaultMaxVendors = 3

// MaxTeamVendors bounds max_vendors: 637 sets of up to 5 among 10
// candidates is what exact enumeration affords per request.
const MaxTeamVendors = 5

// PlanTeam splits req across at most maxVendors (1–MaxTeamVendors; the
// caller applies DefaultMaxVendors when none is given) of the catalog's
// best TeamCandidates vendors that fail no knockout but capacity, ranked
// with opt's method and weights as Match ranks. It chooses the set and the
// shares of lowest total cost that cover every week and language within
// the vendors' free seats, bookings of intakeID not counted; when no set
// covers everything, the set that covers the most, then costs least, with
// the rest in Unmet. The set is chosen exactly, by enumeration, and the
// result is deterministic. No candidates is a plan too: infeasible, with
// a warning saying so. Bad input is field errors, as for Match, plus
// max_vendors.
func PlanTeam(c *Catalog, req Request, opt Options, intakeID string, maxVendors int) (*TeamPlan, error) {
	if c == nil {
		c = &Catalog{}
	}
	var fe callmatch.FieldErrors
	if maxVendors < 1 || maxVendors > MaxTeamVendors {
		fe.Addf("max_vendors", "must be from 1 to %d, got %d", MaxTeamVendors, maxVendors)
	}
	if intakeID != "" {
		opt.IntakeID = intakeID
	}
	pl, method, weights := compile(c, req, opt, &fe)
	if err := fe.Err(); err != nil {
		return nil, err
	}
	tp := newTeamProblem(c, pl, weights, method, opt.IntakeID)
	return tp.plan(c, maxVendors), nil
}

// plan solves the problem and renders the contract's JSON shape.
func (tp *teamProblem) plan(c *Catalog, maxVendors int) *TeamPlan {
	out := &TeamPlan{MaxVendors: maxVendors, Parts: []PlanPart{}, Unmet: []Unmet{},
		Candidates: make([]string, len(tp.cands)), Warnings: []string{}}
	for k, cd := range tp.cands {
		out.Candidates[k] = cd.id
	}
	best := tp.search(maxVendors)
	if best == nil {
		out.Warnings = append(out.Warnings,
			"no vendor can take part: every vendor fails a knockout other than insufficient_capacity")
		for _, week := range tp.weeks {
			for _, lg := range tp.pl.langs {
				out.Unmet = append(out.Unmet, Unmet{week, lg.str, 1})
			}
		}
		return out
	}

	nW, nL := len(tp.weeks), len(tp.pl.langs)
	parts := make([]PlanPart, len(best.set))
	shares := make([]float64, len(best.set)) // dials-weighted, unrounded
	tp.evaluate(newWeekFlow(nL, len(best.set)), best.set, func(w int, f *weekFlow) {
		for s, k := range best.set {
			for l, lg := range tp.pl.langs {
				y := f.flow[s*nL+l]
				if y <= flowEps {
					continue
				}
				shares[s] += tp.frac[w] * y
				parts[s].Weeks = append(parts[s].Weeks, PartWeek{tp.weeks[w], lg.str,
					round4(y / lg.share), ceilTenth(y * tp.unit[k*nW+w])})
			}
		}
		for l, lg := range tp.pl.langs {
			if rest := 1 - f.in[l]/lg.share; round4(rest) > 0 {
				out.Unmet = append(out.Unmet, Unmet{tp.weeks[w], lg.str, round4(rest)})
			}
		}
	})
	for s, k := range best.set {
		if shares[s] <= flowEps {
			continue
		}
		cd := tp.cands[k]
		parts[s].VendorID, parts[s].Name = cd.id, c.name(cd.idx)
		parts[s].Share = round4(shares[s])
		parts[s].ProjectedCostCents = int64(math.Round(cd.cost * shares[s]))
		out.TotalCostCents += parts[s].ProjectedCostCents
		out.Warnings = append(out.Warnings, tp.minimumWarnings(c, cd, shares[s])...)
	}
	// Parts read best-ranked first, whatever the price order the flow used.
	for _, k := range slices.Sorted(slices.Values(best.set)) {
		if s := slices.Index(best.set, k); shares[s] > flowEps {
			out.Parts = append(out.Parts, parts[s])
		}
	}
	out.Feasible = best.coverage >= 1-coverageTol
	if !out.Feasible {
		out.Warnings = append(out.Warnings, fmt.Sprintf(
			"no team of at most %d of the %d candidates has the free seats for every week and language: %.1f%% of the program's dials stay uncovered (see unmet)",
			maxVendors, len(tp.cands), 100*(1-best.coverage)))
	}
	if b := tp.pl.budget; b > 0 && out.TotalCostCents > b {
		out.Warnings = append(out.Warnings, "total cost "+dollars(out.TotalCostCents)+" exceeds the budget of "+dollars(b))
	}
	return out
}

// minimumWarnings names the services whose minimum order the vendor's
// part does not reach: a team plan ignores minimums in its cost, so the
// advisor must negotiate them.
func (tp *teamProblem) minimumWarnings(c *Catalog, cd teamCand, share float64) []string {
	var w []string
	p := &c.profiles[cd.idx]
	for i, s := range tp.pl.services {
		x, r, ok := tp.pl.serviceCost(c, p, i, s)
		if ok && r.minimum > 0 && x*share < float64(r.minimum) {
			w = append(w, fmt.Sprintf("%s's part of %s (%s) is below its minimum order of %s",
				c.name(cd.idx), catalog.Services[s], dollars(int64(math.Round(x*share))), dollars(r.minimum)))
		}
	}
	return w
}

// round4 gives shares a stable printed form.
func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

// ceilTenth rounds seats up to a tenth, as a booking does.
func ceilTenth(x float64) float64 { return tenthsUp(x) / 10 }

// tenthsUp is seats x in tenths of a seat, rounded up: the one rounding of
// bookings, holds and plans. The slack keeps a figure that is a tenth but
// for floating-point rounding from going up another tenth.
func tenthsUp(x float64) float64 { return math.Ceil(x*10 - 1e-6) }
