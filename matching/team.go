package matching

import "callmatch"

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

// PlanTeam plans req across the catalog's best ten candidates.
// opt is as for Match (AsOf, Weights, Method); IntakeID in opt... see the
// planner owner's doc. Bad input is field errors.
//
// CONTRACT (session 4): implemented by the planner owner.
func PlanTeam(c *Catalog, req Request, opt Options, intakeID string, maxVendors int) (*TeamPlan, error) {
	return &TeamPlan{MaxVendors: maxVendors}, nil
}
