package api

import (
	"log/slog"
	"time"

	"callmatch"
	"callmatch/intake"
	"callmatch/matching"
)

// The API's request types for intakes: the wire shape, kept apart from the
// domain's intake.Form so that a change of the domain is a deliberate
// change of the API (and of api/openapi.json), made in the converters.
// Languages, requirements and weights are the engine's request vocabulary
// (matching, DOMAIN.md §8), shared with the CLI's intake files.

// IntakeRequest is the JSON body of POST /api/v1/intakes, and the form
// part of POST /api/v1/match.
type IntakeRequest struct {
	Campaign          Campaign                 `json:"campaign"`
	Contact           Contact                  `json:"contact"`
	Services          []string                 `json:"services"`
	TargetStates      []string                 `json:"target_states"`
	Records           int64                    `json:"records"`
	AttemptsPerRecord int64                    `json:"attempts_per_record"`
	CompletesTarget   int64                    `json:"completes_target"`
	StartDate         callmatch.Date           `json:"start_date"`
	EndDate           callmatch.Date           `json:"end_date"`
	Languages         []matching.LanguageShare `json:"languages"`
	BudgetCents       int64                    `json:"budget_cents"`
	Requirements      matching.Requirements    `json:"requirements"`
	Priorities        *matching.Weights        `json:"priorities,omitempty"`
	Message           string                   `json:"message"`
	// IssueAreas and Audiences are the messaging goals (DOMAIN.md §2);
	// optional, and left out of answers for intakes that name none.
	IssueAreas []string `json:"issue_areas,omitempty"`
	Audiences  []string `json:"audiences,omitempty"`
	// Lang is the language of the campaign's mail: en (the default) or es.
	Lang string `json:"lang,omitempty"`
}

// Campaign is who runs the program.
type Campaign struct {
	Name                string `json:"name"`
	SponsorType         string `json:"sponsor_type"`
	Affiliation         string `json:"affiliation"`
	OfficeLevel         string `json:"office_level"`
	Race                string `json:"race"`
	ChallengerInPrimary bool   `json:"challenger_in_primary"`
	// ShareNameWithVendors lets vendors invited to quote see Name;
	// optional, default false.
	ShareNameWithVendors bool `json:"share_name_with_vendors,omitempty"`
}

// Contact is personal data; it never reaches a log. GET
// /api/v1/intakes/{id}/contact answers it alone.
type Contact struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Phone string `json:"phone"`
}

// String and LogValue keep contact details out of logs and error texts.
func (Contact) String() string { return "[contact redacted]" }

// LogValue implements slog.LogValuer.
func (Contact) LogValue() slog.Value { return slog.StringValue("[contact redacted]") }

func (r *IntakeRequest) toForm() intake.Form {
	return intake.Form{
		Campaign: intake.Campaign{Name: r.Campaign.Name, SponsorType: r.Campaign.SponsorType,
			Affiliation: r.Campaign.Affiliation, OfficeLevel: r.Campaign.OfficeLevel, Race: r.Campaign.Race,
			ChallengerInPrimary: r.Campaign.ChallengerInPrimary, ShareName: r.Campaign.ShareNameWithVendors},
		Contact:  intake.Contact{Name: r.Contact.Name, Email: r.Contact.Email, Phone: r.Contact.Phone},
		Services: r.Services, TargetStates: r.TargetStates,
		Records: r.Records, AttemptsPerRecord: r.AttemptsPerRecord, CompletesTarget: r.CompletesTarget,
		StartDate: r.StartDate, EndDate: r.EndDate, Languages: r.Languages, BudgetCents: r.BudgetCents,
		Requirements: r.Requirements, Priorities: r.Priorities, Message: r.Message,
		IssueAreas: r.IssueAreas, Audiences: r.Audiences, Lang: r.Lang,
	}
}

// IntakeRequestOf is the request that submits f, for clients written in Go
// (the load test).
func IntakeRequestOf(f intake.Form) IntakeRequest {
	return IntakeRequest{
		Campaign: campaignOf(f.Campaign),
		Contact:  contactOf(f.Contact),
		Services: f.Services, TargetStates: f.TargetStates,
		Records: f.Records, AttemptsPerRecord: f.AttemptsPerRecord, CompletesTarget: f.CompletesTarget,
		StartDate: f.StartDate, EndDate: f.EndDate, Languages: f.Languages, BudgetCents: f.BudgetCents,
		Requirements: f.Requirements, Priorities: f.Priorities, Message: f.Message,
		IssueAreas: f.IssueAreas, Audiences: f.Audiences, Lang: f.Lang,
	}
}

func campaignOf(c intake.Campaign) Campaign {
	return Campaign{Name: c.Name, SponsorType: c.SponsorType, Affiliation: c.Affiliation, OfficeLevel: c.OfficeLevel,
		Race: c.Race, ChallengerInPrimary: c.ChallengerInPrimary, ShareNameWithVendors: c.ShareName}
}

func contactOf(c intake.Contact) Contact {
	return Contact{Name: c.Name, Email: c.Email, Phone: c.Phone}
}

// IntakeResponse is an intake as staff read it.
type IntakeResponse struct {
	ID        string       `json:"id"`
	Status    string       `json:"status"`
	Version   int64        `json:"version"` // +1 on every change of the intake
	CreatedAt time.Time    `json:"created_at"`
	UpdatedAt time.Time    `json:"updated_at"`
	ErasedAt  *time.Time   `json:"erased_at,omitempty"` // personal data destroyed
	Form      FormResponse `json:"form"`
}

// FormResponse is the form as submitted. The contact is left out unless it
// was read (an empty contact object would look like a campaign that gave
// none); the outer Contact is shallower than the embedded one, so
// encoding/json uses it.
type FormResponse struct {
	IntakeRequest
	Contact *Contact `json:"contact,omitempty"`
}

func intakeResponse(in *intake.Intake) IntakeResponse {
	r := IntakeResponse{ID: in.ID, Status: in.Status, Version: in.Version, CreatedAt: in.CreatedAt,
		UpdatedAt: in.UpdatedAt, ErasedAt: in.ErasedAt, Form: FormResponse{IntakeRequest: IntakeRequestOf(in.Form)}}
	if in.Form.Contact != (intake.Contact{}) {
		contact := r.Form.IntakeRequest.Contact
		r.Form.Contact = &contact
	}
	return r
}

// EngagementResponse is a recorded engagement.
type EngagementResponse struct {
	ID                 string    `json:"id"`
	IntakeID           string    `json:"intake_id"`
	VendorID           string    `json:"vendor_id"`
	ShortlistID        string    `json:"shortlist_id"` // the shared shortlist the vendor was chosen from
	ContractValueCents int64     `json:"contract_value_cents"`
	CreatedAt          time.Time `json:"created_at"`
	CreatedBy          string    `json:"created_by"` // who recorded it
	// Part is the team-plan part engaged; absent for the whole program.
	Part *EngagementPart `json:"part,omitempty"`
}

// EngagementPart is the part of a team plan an engagement is for: the
// plan's max_vendors and the shares of each week and language it takes.
type EngagementPart struct {
	MaxVendors int                  `json:"max_vendors"`
	Shares     []matching.PartShare `json:"shares"`
}

func engagementResponse(e *intake.Engagement) EngagementResponse {
	r := EngagementResponse{ID: e.ID, IntakeID: e.IntakeID, VendorID: e.VendorID, ShortlistID: e.ShortlistID,
		ContractValueCents: e.ContractValueCents, CreatedAt: e.CreatedAt, CreatedBy: e.CreatedBy}
	if e.Part != nil {
		r.Part = &EngagementPart{MaxVendors: e.Part.MaxVendors, Shares: e.Part.Shares}
	}
	return r
}

// IntakeSummary is an intake as the advisor queue lists it: no contact, no
// message.
type IntakeSummary struct {
	ID             string         `json:"id"`
	Status         string         `json:"status"`
	Version        int64          `json:"version"`
	CreatedAt      time.Time      `json:"created_at"`
	UpdatedAt      time.Time      `json:"updated_at"`
	Erased         bool           `json:"erased"`
	Campaign       Campaign       `json:"campaign"`
	Services       []string       `json:"services"`
	TargetStates   []string       `json:"target_states"`
	StartDate      callmatch.Date `json:"start_date"`
	EndDate        callmatch.Date `json:"end_date"`
	DaysUntilStart int            `json:"days_until_start"` // negative once started
	Records        int64          `json:"records"`
	BudgetCents    int64          `json:"budget_cents"`
}

func intakeSummary(s *intake.Summary) IntakeSummary {
	return IntakeSummary{ID: s.ID, Status: s.Status, Version: s.Version, CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt,
		Erased: s.Erased, Campaign: campaignOf(s.Campaign), Services: s.Services, TargetStates: s.TargetStates,
		StartDate: s.StartDate, EndDate: s.EndDate, DaysUntilStart: s.DaysUntilStart, Records: s.Records, BudgetCents: s.BudgetCents}
}
