package matching

// Result is the match result of DOMAIN.md §8, the contract shared by the API,
// the CLI and stored shortlists. Field order is the JSON order.
type Result struct {
	EngineVersion    string         `json:"engine_version"`
	CatalogVersion   string         `json:"catalog_version,omitempty"`
	Method           string         `json:"method"`
	AsOf             string         `json:"as_of"`
	Weights          Weights        `json:"weights"`
	Demand           Demand         `json:"demand"`
	Shortlist        []Candidate    `json:"shortlist"`
	Excluded         []Excluded     `json:"excluded"`
	ExcludedTotal    int            `json:"excluded_total"`    // may exceed len(Excluded) under Options.ExcludedLimit
	ExclusionSummary map[string]int `json:"exclusion_summary"` // excluded vendors per code
	Ties             [][]string     `json:"ties"`              // vendor ids, each group in shortlist order
}

// Demand is the intake's workload, with the assumptions that produced it.
type Demand struct {
	Dials       float64          `json:"dials"`
	AgentHours  float64          `json:"agent_hours"`
	CallingDays int              `json:"calling_days"`
	ByLanguage  []LanguageDemand `json:"by_language"`
	Assumptions map[string]any   `json:"assumptions"`
}

// LanguageDemand is the seats needed for one language's share of the work.
type LanguageDemand struct {
	Code        string  `json:"code"`
	Share       float64 `json:"share"`
	AgentHours  float64 `json:"agent_hours"`
	SeatsNeeded float64 `json:"seats_needed"`
}

// Candidate is one shortlisted vendor with the factors behind its score.
type Candidate struct {
	Rank               int      `json:"rank"`
	VendorID           string   `json:"vendor_id"`
	VendorName         string   `json:"vendor_name"`
	Score              float64  `json:"score"`
	ProjectedCostCents int64    `json:"projected_cost_cents"`
	Factors            []Factor `json:"factors"`
	Warnings           []string `json:"warnings"`
	// LocalSeats is the vendor's seats in the target states, when
	// Options.LocalSeats asked for it; not scored.
	LocalSeats *int `json:"local_seats,omitempty"`
}

// Factor is one criterion's part of a score. For saw, contributions add up
// to the score.
type Factor struct {
	Criterion    string  `json:"criterion"`
	Weight       float64 `json:"weight"`
	Raw          float64 `json:"raw"`
	Normalized   float64 `json:"normalized"`
	Contribution float64 `json:"contribution"`
	// Detail says in words what the raw value counts; only experience has
	// one, and only when the request names messaging goals.
	Detail string `json:"detail,omitempty"`
}

// Excluded is a vendor knocked out, with every reason that applies.
type Excluded struct {
	VendorID   string   `json:"vendor_id"`
	VendorName string   `json:"vendor_name"`
	Reasons    []Reason `json:"reasons"`
}

// Reason is a knockout code (DOMAIN.md §6) and a sentence for people.
type Reason struct {
	Code   string `json:"code"`
	Detail string `json:"detail"`
}
