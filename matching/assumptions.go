package matching

import (
	"maps"
	"slices"

	"callmatch"
	"callmatch/catalog"
)

// Assumptions are every number and rule of thumb the demand model and the
// scoring rely on. They live here, in one place, and each result echoes the
// set it used under demand.assumptions, so a shortlist can be re-derived and
// challenged line by line.
type Assumptions struct {
	// DialsPerAgentHour is the throughput of one seat for an hour in each
	// dialing mode. For prerecorded a "seat" is one supervised line; for
	// p2p_sms a dial is one message sent by a person.
	DialsPerAgentHour ModeRates `json:"dials_per_agent_hour"`
	// InboundCallsPerAgentHour sizes inbound_hotline, which dials nobody.
	InboundCallsPerAgentHour float64 `json:"inbound_calls_per_agent_hour"`

	// ContactRate and CooperationRate turn a polling completes target into
	// dials, and dials into contacts and completes for per_contact and
	// per_complete pricing. The same figures are used for every vendor so a
	// self-reported contact rate can neither shrink its workload nor its bill.
	ContactRate     float64 `json:"contact_rate"`
	CooperationRate float64 `json:"cooperation_rate"`

	// PlanningHoursPerDay sizes the result-level demand, which belongs to no
	// vendor; each vendor is sized with its own hours_per_day.
	PlanningHoursPerDay float64 `json:"planning_hours_per_day"`
	// MaxCallingHoursPerDay caps a vendor's hours: voters are called between
	// 8 a.m. and 9 p.m. local time (the FTC Telemarketing Sales Rule window,
	// which campaigns observe as a norm), so a 24-hour floor does not make a
	// program fit.
	MaxCallingHoursPerDay float64 `json:"max_calling_hours_per_day"`

	// Quality is QAWeight·qa_score + ContactWeight·min(1, contact_rate /
	// ContactRateReference), multiplied by SelfReportedFactor unless the
	// metrics were verified.
	QualityQAWeight      float64 `json:"quality_qa_weight"`
	QualityContactWeight float64 `json:"quality_contact_weight"`
	ContactRateReference float64 `json:"contact_rate_reference"`
	SelfReportedFactor   float64 `json:"self_reported_factor"`

	// Capacity fit is the headroom 1−u, where u is the program's share of the
	// vendor's tightest constraint (weekly seats or a language's seats). It
	// is scaled down linearly below TrivialShare (too small a client to get
	// attention) and multiplied by DangerousPenalty above DangerousShare (no
	// slack for surges or sick days).
	TrivialShare     float64 `json:"trivial_share"`
	DangerousShare   float64 `json:"dangerous_share"`
	DangerousPenalty float64 `json:"dangerous_penalty"`

	// ReadinessFullSlackDays caps the slack between ramp-up and start: beyond
	// it, being earlier is worth nothing more.
	ReadinessFullSlackDays int `json:"readiness_full_slack_days"`
	// CertExpiryWarningDays warns when a required certification lapses this
	// soon after the window: renewals slip and disputes outlive campaigns.
	CertExpiryWarningDays int `json:"cert_expiry_warning_days"`

	// StateRules restrict prerecorded calls by target state.
	StateRules []StateRule `json:"state_rules"`
}

// ModeRates holds one figure per dialing mode.
type ModeRates struct {
	Manual      float64 `json:"manual"`
	ClickToDial float64 `json:"click_to_dial"`
	Preview     float64 `json:"preview"`
	Predictive  float64 `json:"predictive"`
	Prerecorded float64 `json:"prerecorded"`
	P2PSMS      float64 `json:"p2p_sms"`
}

// byIndex returns the rates in catalog.DialingModes order.
func (m ModeRates) byIndex() [numModes]float64 {
	return [numModes]float64{m.Manual, m.ClickToDial, m.Preview, m.Predictive, m.Prerecorded, m.P2PSMS}
}

// State rule kinds.
const (
	// RuleNoAutomatedPolitical: prerecorded political calls are banned.
	RuleNoAutomatedPolitical = "no_automated_political_calls"
	// RuleLiveOperatorFirst: a live operator must speak before a recording.
	RuleLiveOperatorFirst = "live_operator_first"
)

// StateRule is a state law as data, with the day it was last checked
// against its source (DOMAIN.md §10; not legal advice).
type StateRule struct {
	State   string         `json:"state"`
	Rule    string         `json:"rule"`
	Checked callmatch.Date `json:"checked"`
	Source  string         `json:"source"`
}

var rulesChecked = callmatch.MustParseDate("2026-01-15")

// DefaultAssumptions are the figures used unless Options.Assumptions says
// otherwise. Dials per hour for the live modes are DOMAIN.md §5's.
var DefaultAssumptions = Assumptions{
	DialsPerAgentHour: ModeRates{
		Manual: 55, ClickToDial: 80, Preview: 90, Predictive: 220,
		Prerecorded: 1000, P2PSMS: 1000,
	},
	InboundCallsPerAgentHour: 12,
	ContactRate:              0.10,
	CooperationRate:          0.40,
	PlanningHoursPerDay:      10,
	MaxCallingHoursPerDay:    13,
	QualityQAWeight:          0.5,
	QualityContactWeight:     0.5,
	ContactRateReference:     0.25,
	SelfReportedFactor:       0.8,
	TrivialShare:             0.02,
	DangerousShare:           0.8,
	DangerousPenalty:         0.5,
	ReadinessFullSlackDays:   30,
	CertExpiryWarningDays:    60,
	StateRules: []StateRule{
		{"AR", RuleNoAutomatedPolitical, rulesChecked, "Ark. Code §5-63-204"},
		{"WY", RuleNoAutomatedPolitical, rulesChecked, "Wyo. Stat. §6-6-104"},
		{"CA", RuleLiveOperatorFirst, rulesChecked, "Cal. Pub. Util. Code §2874"},
		{"GA", RuleLiveOperatorFirst, rulesChecked, "state law (DOMAIN.md §10)"},
		{"IN", RuleLiveOperatorFirst, rulesChecked, "state law (DOMAIN.md §10)"},
		{"MN", RuleLiveOperatorFirst, rulesChecked, "state law (DOMAIN.md §10)"},
		{"MS", RuleLiveOperatorFirst, rulesChecked, "state law (DOMAIN.md §10)"},
		{"MT", RuleLiveOperatorFirst, rulesChecked, "state law (DOMAIN.md §10)"},
		{"NJ", RuleLiveOperatorFirst, rulesChecked, "state law (DOMAIN.md §10)"},
		{"ND", RuleLiveOperatorFirst, rulesChecked, "state law (DOMAIN.md §10)"},
	},
}

// Rules the model applies, stated in words so the echo in a result is
// readable without this source.
var modelRules = map[string]string{
	"calling_days":        "end_date minus max(start_date, as_of + ramp_up_days); the result-level figure uses no ramp-up",
	"services":            "dials are split equally among the requested services; each is priced with its own rate and minimum",
	"live_voice":          "every service but p2p_texting, ivr_broadcast and inbound_hotline: landlines and consented cells use the vendor's fastest live mode (predictive, preview, click_to_dial, manual); cells without consent only manual or click_to_dial",
	"ivr_broadcast":       "prerecorded only; never to cells without consent (TCPA; AI voices count since FCC 24-17); not where a target state bans automated political calls",
	"p2p_texting":         "p2p_sms for the whole list (texting lists are cell numbers; person-to-person texts are not autodialed)",
	"inbound_hotline":     "no dialing mode; records × attempts are calls answered",
	"result_agent_hours":  "the fastest lawful mode for each slice, as if one vendor offered every mode",
	"seats_needed":        "agent_hours ÷ (calling_days × hours_per_day) × language share; hours_per_day capped at max_calling_hours_per_day",
	"polling_dials":       "with completes_target: completes_target ÷ (contact_rate × cooperation_rate), else records × attempts_per_record",
	"projected_cost":      "per_agent_hour × agent_hours; per_contact × dials × contact_rate; per_complete × completes; per_message × dials; never below minimum_cents",
	"zero_best_benefit":   "a benefit criterion on which the best survivor scores 0 normalizes to 0 for all",
	"quality":             "(quality_qa_weight × qa_score + quality_contact_weight × min(1, contact_rate ÷ contact_rate_reference)) × self_reported_factor unless verified",
	"capacity":            "headroom 1 − u, u the program's share of the vendor's tightest week or language; × (0.5 + 0.5·u ÷ trivial_share) below trivial_share; × dangerous_penalty above dangerous_share",
	"experience":          "(target states in state_experience + requested services) ÷ (target states + requested services)",
	"readiness":           "days from as_of + ramp_up_days to start_date, clamped to 0 … readiness_full_slack_days",
	"ties":                "scores within 1e-9 share a rank; tied vendors are listed by name, then id; ties lists vendor ids",
	"certification_valid": "verified, issued on or before start_date and expiring on or after end_date",
}

// echo is the assumptions as they appear in demand.assumptions.
func (a *Assumptions) echo() map[string]any {
	rules := a.StateRules
	if rules == nil {
		rules = []StateRule{}
	}
	return map[string]any{
		"dials_per_agent_hour":         a.DialsPerAgentHour,
		"inbound_calls_per_agent_hour": a.InboundCallsPerAgentHour,
		"contact_rate":                 a.ContactRate,
		"cooperation_rate":             a.CooperationRate,
		"planning_hours_per_day":       a.PlanningHoursPerDay,
		"max_calling_hours_per_day":    a.MaxCallingHoursPerDay,
		"quality_qa_weight":            a.QualityQAWeight,
		"quality_contact_weight":       a.QualityContactWeight,
		"contact_rate_reference":       a.ContactRateReference,
		"self_reported_factor":         a.SelfReportedFactor,
		"trivial_share":                a.TrivialShare,
		"dangerous_share":              a.DangerousShare,
		"dangerous_penalty":            a.DangerousPenalty,
		"readiness_full_slack_days":    a.ReadinessFullSlackDays,
		"cert_expiry_warning_days":     a.CertExpiryWarningDays,
		"state_rules":                  slices.Clone(rules),
		"rules":                        maps.Clone(modelRules),
	}
}

// validate rejects assumptions that would divide by zero or invert a rule.
func (a *Assumptions) validate(fe *callmatch.FieldErrors) {
	for i, r := range a.DialsPerAgentHour.byIndex() {
		if !(r > 0) {
			fe.Addf("assumptions.dials_per_agent_hour."+catalog.DialingModes[i], "must be more than 0")
		}
	}
	pos := func(field string, x float64) {
		if !(x > 0) {
			fe.Add("assumptions."+field, "must be more than 0")
		}
	}
	pos("inbound_calls_per_agent_hour", a.InboundCallsPerAgentHour)
	pos("contact_rate", a.ContactRate)
	pos("cooperation_rate", a.CooperationRate)
	pos("planning_hours_per_day", a.PlanningHoursPerDay)
	pos("max_calling_hours_per_day", a.MaxCallingHoursPerDay)
	pos("contact_rate_reference", a.ContactRateReference)
	if !(a.SelfReportedFactor >= 0 && a.SelfReportedFactor <= 1) {
		fe.Add("assumptions.self_reported_factor", "must be between 0 and 1")
	}
	if !(a.TrivialShare >= 0 && a.TrivialShare < a.DangerousShare && a.DangerousShare <= 1) {
		fe.Add("assumptions.trivial_share", "must satisfy 0 ≤ trivial_share < dangerous_share ≤ 1")
	}
	if !(a.DangerousPenalty >= 0 && a.DangerousPenalty <= 1) {
		fe.Add("assumptions.dangerous_penalty", "must be between 0 and 1")
	}
	if !(a.QualityQAWeight >= 0 && a.QualityContactWeight >= 0) {
		fe.Add("assumptions.quality_qa_weight", "quality weights must not be negative")
	}
	if a.ReadinessFullSlackDays < 1 {
		fe.Add("assumptions.readiness_full_slack_days", "must be at least 1")
	}
	if a.CertExpiryWarningDays < 0 {
		fe.Add("assumptions.cert_expiry_warning_days", "must not be negative")
	}
}
