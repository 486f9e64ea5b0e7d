package matching

import "callmatch"

// Request is what the engine needs to know of a campaign's intake. It holds
// no contact data: the engine never sees who the campaign's people are.
type Request struct {
	Affiliation         string
	SponsorType         string
	ChallengerInPrimary bool

	Services     []string
	TargetStates []string

	Records           int64
	AttemptsPerRecord int64
	CompletesTarget   int64

	StartDate callmatch.Date
	EndDate   callmatch.Date

	Languages   []LanguageShare
	BudgetCents int64

	// IssueAreas and Audiences are the campaign's messaging goals
	// (catalog.IssueAreas, catalog.Audiences). They count toward experience
	// only when named: without them a request scores as it always has.
	IssueAreas []string
	Audiences  []string

	Requirements Requirements
}

// LanguageShare is the share of the list to be called in a language.
type LanguageShare struct {
	Code  string  `json:"code"`
	Share float64 `json:"share"`
}

// Requirements are the campaign's hard rules, after defaults were applied.
type Requirements struct {
	UnionRequired     bool     `json:"union_required"`
	DomesticOnly      bool     `json:"domestic_only"`
	TakesCardPayments bool     `json:"takes_card_payments"`
	CellShare         float64  `json:"cell_share"`
	CellConsent       bool     `json:"cell_consent"`
	Certifications    []string `json:"certifications"`
	// MinAgentWageCents is the lowest hourly agent wage the campaign
	// accepts (fair labor); 0 requires nothing. A vendor that declares no
	// wage floor cannot meet a requirement.
	MinAgentWageCents int64 `json:"min_agent_wage_cents,omitempty"`
}

// MaxAgentWageCents bounds a required wage floor: $200 an hour is more
// than any calling program pays, so more is a typing mistake.
const MaxAgentWageCents = 20_000

// Weights are the relative importance of the five criteria. They are
// normalized to sum 1 before use.
type Weights struct {
	Cost       float64 `json:"cost"`
	Quality    float64 `json:"quality"`
	Capacity   float64 `json:"capacity"`
	Experience float64 `json:"experience"`
	Readiness  float64 `json:"readiness"`
}

// DefaultWeights are used when neither the intake nor the caller gives any.
var DefaultWeights = Weights{Cost: 0.3, Quality: 0.25, Capacity: 0.2, Experience: 0.15, Readiness: 0.1}

// Methods of scoring.
const (
	MethodSAW    = "saw"
	MethodTOPSIS = "topsis"
)

// Options are the advisor's choices for one run. AsOf is required: the
// engine has no clock of its own.
type Options struct {
	Weights *Weights // nil: the request's priorities or DefaultWeights
	Method  string   // "" means saw
	AsOf    callmatch.Date
	Limit   int // 0: no limit on the shortlist length
	// ExcludedLimit lists at most this many excluded vendors, with their
	// reasons, in catalog order; 0 lists all. ExclusionSummary and
	// ExcludedTotal always count every excluded vendor. A what-if over a
	// large catalog needs the counts and a page of examples, not 100k
	// explanations.
	ExcludedLimit int

	// LocalSeats fills Candidate.LocalSeats: the seats of each shortlisted
	// vendor's US sites in the target states (local employment). It is
	// shown, never scored, and off by default so that a result without it
	// stays as it always was.
	LocalSeats bool

	// IntakeID names the intake being matched when the catalog has
	// bookings (Catalog.WithBookings): its own bookings never count against
	// it, so re-matching an engaged intake sees the seats it holds as free.
	// "" counts every booking.
	IntakeID string

	// Assumptions replaces DefaultAssumptions for what-if runs; nil uses
	// the defaults. Whatever is used is echoed in demand.assumptions.
	Assumptions *Assumptions
}
