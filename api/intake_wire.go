package api

import (
	"log/slog"

	"callmatch"
	"callmatch/intake"
	"callmatch/matching"
)

// The API's request types for intakes: the wire shape, kept apart from the
// domain's intake.Form so that a change of the domain is a deliberate
// change of the API (and of api/openapi.json), made in the converters.

// IntakeRequest is the JSON body of POST /api/v1/intakes, and the form
// part of POST /api/v1/match.
type IntakeRequest struct {
	Campaign          CampaignRequest `json:"campaign"`
	Contact           ContactRequest  `json:"contact"`
	Services          []string        `json:"services"`
	TargetStates      []string        `json:"target_states"`
	Records           int64           `json:"records"`
	AttemptsPerRecord int64           `json:"attempts_per_record"`
	CompletesTarget   int64           `json:"completes_target"`
	StartDate         callmatch.Date  `json:"start_date"`
	EndDate           callmatch.Date  `json:"end_date"`
	Languages         []LanguageShare `json:"languages"`
	BudgetCents       int64           `json:"budget_cents"`
	Requirements      Requirements    `json:"requirements"`
	Priorities        *Weights        `json:"priorities,omitempty"`
	Message           string          `json:"message"`
}

// CampaignRequest is who runs the program.
type CampaignRequest struct {
	Name                string `json:"name"`
	SponsorType         string `json:"sponsor_type"`
	Affiliation         string `json:"affiliation"`
	OfficeLevel         string `json:"office_level"`
	Race                string `json:"race"`
	ChallengerInPrimary bool   `json:"challenger_in_primary"`
}

// ContactRequest is personal data; it never reaches a log.
type ContactRequest struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Phone string `json:"phone"`
}

// String and LogValue keep contact details out of logs and error texts.
func (ContactRequest) String() string { return "[contact redacted]" }

// LogValue implements slog.LogValuer.
func (ContactRequest) LogValue() slog.Value { return slog.StringValue("[contact redacted]") }

// LanguageShare is one language and its share of the calls (0–1].
type LanguageShare struct {
	Code  string  `json:"code"`
	Share float64 `json:"share"`
}

// Requirements are the campaign's hard requirements of a vendor.
type Requirements struct {
	UnionRequired     bool     `json:"union_required"`
	DomesticOnly      bool     `json:"domestic_only"`
	TakesCardPayments bool     `json:"takes_card_payments"`
	CellShare         float64  `json:"cell_share"`
	CellConsent       bool     `json:"cell_consent"`
	Certifications    []string `json:"certifications"`
}

// Weights are the relative importance of the five criteria.
type Weights struct {
	Cost       float64 `json:"cost"`
	Quality    float64 `json:"quality"`
	Capacity   float64 `json:"capacity"`
	Experience float64 `json:"experience"`
	Readiness  float64 `json:"readiness"`
}

func (r *IntakeRequest) toForm() intake.Form {
	f := intake.Form{
		Campaign: intake.Campaign{Name: r.Campaign.Name, SponsorType: r.Campaign.SponsorType,
			Affiliation: r.Campaign.Affiliation, OfficeLevel: r.Campaign.OfficeLevel, Race: r.Campaign.Race,
			ChallengerInPrimary: r.Campaign.ChallengerInPrimary},
		Contact:  intake.Contact{Name: r.Contact.Name, Email: r.Contact.Email, Phone: r.Contact.Phone},
		Services: r.Services, TargetStates: r.TargetStates,
		Records: r.Records, AttemptsPerRecord: r.AttemptsPerRecord, CompletesTarget: r.CompletesTarget,
		StartDate: r.StartDate, EndDate: r.EndDate, BudgetCents: r.BudgetCents,
		Requirements: matching.Requirements{UnionRequired: r.Requirements.UnionRequired,
			DomesticOnly: r.Requirements.DomesticOnly, TakesCardPayments: r.Requirements.TakesCardPayments,
			CellShare: r.Requirements.CellShare, CellConsent: r.Requirements.CellConsent,
			Certifications: r.Requirements.Certifications},
		Priorities: r.Priorities.toWeights(),
		Message:    r.Message,
	}
	if r.Languages != nil {
		f.Languages = make([]matching.LanguageShare, len(r.Languages))
		for i, l := range r.Languages {
			f.Languages[i] = matching.LanguageShare{Code: l.Code, Share: l.Share}
		}
	}
	return f
}

// IntakeRequestOf is the request that submits f, for clients written in Go
// (the load test).
func IntakeRequestOf(f intake.Form) IntakeRequest {
	r := IntakeRequest{
		Campaign: CampaignRequest{Name: f.Campaign.Name, SponsorType: f.Campaign.SponsorType,
			Affiliation: f.Campaign.Affiliation, OfficeLevel: f.Campaign.OfficeLevel, Race: f.Campaign.Race,
			ChallengerInPrimary: f.Campaign.ChallengerInPrimary},
		Contact:  ContactRequest{Name: f.Contact.Name, Email: f.Contact.Email, Phone: f.Contact.Phone},
		Services: f.Services, TargetStates: f.TargetStates,
		Records: f.Records, AttemptsPerRecord: f.AttemptsPerRecord, CompletesTarget: f.CompletesTarget,
		StartDate: f.StartDate, EndDate: f.EndDate, BudgetCents: f.BudgetCents,
		Requirements: Requirements{UnionRequired: f.Requirements.UnionRequired,
			DomesticOnly: f.Requirements.DomesticOnly, TakesCardPayments: f.Requirements.TakesCardPayments,
			CellShare: f.Requirements.CellShare, CellConsent: f.Requirements.CellConsent,
			Certifications: f.Requirements.Certifications},
		Message: f.Message,
	}
	if w := f.Priorities; w != nil {
		r.Priorities = &Weights{Cost: w.Cost, Quality: w.Quality, Capacity: w.Capacity, Experience: w.Experience, Readiness: w.Readiness}
	}
	if f.Languages != nil {
		r.Languages = make([]LanguageShare, len(f.Languages))
		for i, l := range f.Languages {
			r.Languages[i] = LanguageShare{Code: l.Code, Share: l.Share}
		}
	}
	return r
}

// toWeights is nil for nil: no weights given.
func (w *Weights) toWeights() *matching.Weights {
	if w == nil {
		return nil
	}
	return &matching.Weights{Cost: w.Cost, Quality: w.Quality, Capacity: w.Capacity, Experience: w.Experience, Readiness: w.Readiness}
}
