package matching

import (
	"math"
	"slices"

	"callmatch"
	"callmatch/catalog"
)

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

// Bounds on a program (DOMAIN.md §4). They keep the demand model in range:
// the largest list, attempted the most times, priced at catalog.MaxRateCents
// stays far below MaxCostCents.
const (
	MaxRecords     = 1_000_000_000 // records, and completes_target
	MaxAttempts    = 20            // attempts_per_record, from 1
	MaxProgramDays = 366           // end_date − start_date
)

// IVRNeedsConsent is the field error of requirements.cell_consent on a
// request for ivr_broadcast with cells and no consent to call them.
const IVRNeedsConsent = "ivr_broadcast cannot call cell numbers without consent (TCPA): " +
	"confirm consent, set cell_share to 0, or leave ivr_broadcast out"

// MaxCostCents is the ceiling of a projected cost: a cost computed from
// rates or assumptions beyond the bounds saturates here instead of
// wrapping around int64.
const MaxCostCents int64 = 1e18

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

// validateRequest adds the request's problems to fe, each under the
// intake field it came from.
func validateRequest(fe *callmatch.FieldErrors, req Request) {
	if !catalog.Affiliations.Has(req.Affiliation) {
		fe.Add("campaign.affiliation", "must be "+catalog.Affiliations.Allowed())
	}
	if len(req.Services) == 0 {
		fe.Add("services", "choose at least one: "+catalog.Services.Allowed())
	}
	for _, s := range req.Services {
		if !catalog.Services.Has(s) {
			fe.Addf("services", "%q is not allowed; must be %s", s, catalog.Services.Allowed())
		}
	}
	for _, s := range req.TargetStates {
		if !catalog.States.Has(s) {
			fe.Addf("target_states", "%q is not a USPS state code", s)
		}
	}
	switch {
	case req.Records < 0 || req.Records > MaxRecords:
		fe.Addf("records", "must be from 0 to %d", MaxRecords)
	case req.Records == 0 && req.CompletesTarget == 0:
		fe.Add("records", "must be positive (or give completes_target for polling)")
	}
	// Attempts are per record: a polling program sized by its completes
	// target alone has no list to attempt, and may leave them 0.
	if a := req.AttemptsPerRecord; a < 0 || a > MaxAttempts || a == 0 && req.Records > 0 {
		fe.Addf("attempts_per_record", "must be from 1 to %d", MaxAttempts)
	}
	if req.CompletesTarget < 0 || req.CompletesTarget > MaxRecords {
		fe.Addf("completes_target", "must be from 0 to %d", MaxRecords)
	}
	if req.CompletesTarget > 0 && !slices.Contains(req.Services, "polling") {
		fe.Add("completes_target", "applies to polling only")
	}
	if req.StartDate.IsZero() || req.EndDate.IsZero() {
		fe.Add("start_date", "start_date and end_date are required (YYYY-MM-DD)")
	} else if req.EndDate <= req.StartDate {
		fe.Add("end_date", "must be after start_date")
	} else if req.EndDate > req.StartDate.AddDays(MaxProgramDays) {
		fe.Addf("end_date", "must be at most %d days after start_date (%s)", MaxProgramDays, req.StartDate.AddDays(MaxProgramDays))
	}
	if len(req.Languages) == 0 {
		fe.Add("languages", "give at least one language with its share, like en 1.0")
	}
	sum := 0.0
	seen := map[string]bool{}
	for _, l := range req.Languages {
		if !catalog.Languages.Has(l.Code) {
			fe.Addf("languages", "%q is not an ISO 639-1 code", l.Code)
		} else if seen[l.Code] {
			fe.Addf("languages", "%s is listed twice", l.Code)
		}
		seen[l.Code] = true
		if !(l.Share > 0 && l.Share <= 1) {
			fe.Add("languages", "each share must be more than 0 and at most 1")
		}
		sum += l.Share
	}
	if len(req.Languages) > 0 && !(math.Abs(sum-1) <= 1e-6) {
		// %.10g: a sum 0.00001 short of 1 must not print as 1.
		fe.Addf("languages", "shares must sum to 1 (within 0.000001); they sum to %.10g", sum)
	}
	if req.BudgetCents < 0 {
		fe.Add("budget_cents", "must not be negative")
	}
	r := req.Requirements
	if !(r.CellShare >= 0 && r.CellShare <= 1) {
		fe.Add("requirements.cell_share", "must be between 0 and 1")
	} else if r.CellShare > 0 && !r.CellConsent && slices.Contains(req.Services, "ivr_broadcast") {
		// Every vendor would be excluded: recorded calls may not reach cells
		// without consent (TCPA), so the request cannot be met as asked.
		fe.Add("requirements.cell_consent", IVRNeedsConsent)
	}
	for _, c := range r.Certifications {
		if !catalog.CertificationKinds.Has(c) {
			fe.Addf("requirements.certifications", "%q is not allowed; must be %s", c, catalog.CertificationKinds.Allowed())
		}
	}
	if r.MinAgentWageCents < 0 || r.MinAgentWageCents > MaxAgentWageCents {
		fe.Addf("requirements.min_agent_wage_cents", "must be from 0 (no requirement) to %d cents ($%d an hour)",
			MaxAgentWageCents, MaxAgentWageCents/100)
	}
	for _, goal := range []struct {
		field string
		got   []string
		codes catalog.Codes
	}{{"issue_areas", req.IssueAreas, catalog.IssueAreas}, {"audiences", req.Audiences, catalog.Audiences}} {
		for _, c := range goal.got {
			if !goal.codes.Has(c) {
				fe.Addf(goal.field, "%q is not allowed; must be %s", c, goal.codes.Allowed())
			}
		}
	}
}
