package postgres

import (
	"callmatch"
	"callmatch/intake"
	"callmatch/matching"
)

// The JSON documents stored for intakes and shortlists, with their own
// keys: renaming a JSON tag of a domain type changes the API, never what
// is stored, and old rows keep reading. The keys are the ones written
// since the first migration; change them only with a migration of the
// rows.

// formDoc is intakes.form: the form without its contact, which is sealed
// apart (contactDoc).
type formDoc struct {
	Campaign          campaignDoc     `json:"campaign"`
	Services          []string        `json:"services"`
	TargetStates      []string        `json:"target_states"`
	Records           int64           `json:"records"`
	AttemptsPerRecord int64           `json:"attempts_per_record"`
	CompletesTarget   int64           `json:"completes_target"`
	StartDate         callmatch.Date  `json:"start_date"`
	EndDate           callmatch.Date  `json:"end_date"`
	Languages         []languageDoc   `json:"languages"`
	BudgetCents       int64           `json:"budget_cents"`
	Requirements      requirementsDoc `json:"requirements"`
	Priorities        *weightsDoc     `json:"priorities,omitempty"`
	Message           string          `json:"message"`
	// Added for messaging goals; rows written before lack them.
	IssueAreas []string `json:"issue_areas,omitempty"`
	Audiences  []string `json:"audiences,omitempty"`
	// Added for campaign mail; rows written before are English.
	Lang string `json:"lang,omitempty"`
}

type campaignDoc struct {
	Name                string `json:"name"`
	SponsorType         string `json:"sponsor_type"`
	Affiliation         string `json:"affiliation"`
	OfficeLevel         string `json:"office_level"`
	Race                string `json:"race"`
	ChallengerInPrimary bool   `json:"challenger_in_primary"`
	// Added for quotes; rows written before lack it (not shared).
	ShareName bool `json:"share_name,omitempty"`
}

// contactDoc is the plaintext of intakes.contact_ciphertext.
type contactDoc struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Phone string `json:"phone"`
}

type languageDoc struct {
	Code  string  `json:"code"`
	Share float64 `json:"share"`
}

type requirementsDoc struct {
	UnionRequired     bool     `json:"union_required"`
	DomesticOnly      bool     `json:"domestic_only"`
	TakesCardPayments bool     `json:"takes_card_payments"`
	CellShare         float64  `json:"cell_share"`
	CellConsent       bool     `json:"cell_consent"`
	Certifications    []string `json:"certifications"`
	MinAgentWageCents int64    `json:"min_agent_wage_cents,omitempty"` // absent in rows written before it
}

// weightsDoc is a form's priorities and shortlists.weights.
type weightsDoc struct {
	Cost       float64 `json:"cost"`
	Quality    float64 `json:"quality"`
	Capacity   float64 `json:"capacity"`
	Experience float64 `json:"experience"`
	Readiness  float64 `json:"readiness"`
}

func newFormDoc(f intake.Form) formDoc {
	d := formDoc{
		Campaign: campaignDoc{Name: f.Campaign.Name, SponsorType: f.Campaign.SponsorType, Affiliation: f.Campaign.Affiliation,
			OfficeLevel: f.Campaign.OfficeLevel, Race: f.Campaign.Race, ChallengerInPrimary: f.Campaign.ChallengerInPrimary, ShareName: f.Campaign.ShareName},
		Services: f.Services, TargetStates: f.TargetStates,
		Records: f.Records, AttemptsPerRecord: f.AttemptsPerRecord, CompletesTarget: f.CompletesTarget,
		StartDate: f.StartDate, EndDate: f.EndDate, BudgetCents: f.BudgetCents,
		Requirements: requirementsDoc{UnionRequired: f.Requirements.UnionRequired, DomesticOnly: f.Requirements.DomesticOnly,
			TakesCardPayments: f.Requirements.TakesCardPayments, CellShare: f.Requirements.CellShare,
			CellConsent: f.Requirements.CellConsent, Certifications: f.Requirements.Certifications,
			MinAgentWageCents: f.Requirements.MinAgentWageCents},
		Message: f.Message, IssueAreas: f.IssueAreas, Audiences: f.Audiences, Lang: f.Lang,
	}
	if f.Languages != nil {
		d.Languages = make([]languageDoc, len(f.Languages))
		for i, l := range f.Languages {
			d.Languages[i] = languageDoc{Code: l.Code, Share: l.Share}
		}
	}
	if f.Priorities != nil {
		w := newWeightsDoc(*f.Priorities)
		d.Priorities = &w
	}
	return d
}

// toForm is the form without contact.
func (d *formDoc) toForm() intake.Form {
	f := intake.Form{
		Campaign: intake.Campaign{Name: d.Campaign.Name, SponsorType: d.Campaign.SponsorType, Affiliation: d.Campaign.Affiliation,
			OfficeLevel: d.Campaign.OfficeLevel, Race: d.Campaign.Race, ChallengerInPrimary: d.Campaign.ChallengerInPrimary, ShareName: d.Campaign.ShareName},
		Services: d.Services, TargetStates: d.TargetStates,
		Records: d.Records, AttemptsPerRecord: d.AttemptsPerRecord, CompletesTarget: d.CompletesTarget,
		StartDate: d.StartDate, EndDate: d.EndDate, BudgetCents: d.BudgetCents,
		Requirements: matching.Requirements{UnionRequired: d.Requirements.UnionRequired, DomesticOnly: d.Requirements.DomesticOnly,
			TakesCardPayments: d.Requirements.TakesCardPayments, CellShare: d.Requirements.CellShare,
			CellConsent: d.Requirements.CellConsent, Certifications: d.Requirements.Certifications,
			MinAgentWageCents: d.Requirements.MinAgentWageCents},
		Message: d.Message, IssueAreas: d.IssueAreas, Audiences: d.Audiences, Lang: d.Lang,
	}
	if d.Languages != nil {
		f.Languages = make([]matching.LanguageShare, len(d.Languages))
		for i, l := range d.Languages {
			f.Languages[i] = matching.LanguageShare{Code: l.Code, Share: l.Share}
		}
	}
	if d.Priorities != nil {
		w := d.Priorities.toWeights()
		f.Priorities = &w
	}
	return f
}

func newContactDoc(c intake.Contact) contactDoc {
	return contactDoc{Name: c.Name, Email: c.Email, Phone: c.Phone}
}

func (d contactDoc) toContact() intake.Contact {
	return intake.Contact{Name: d.Name, Email: d.Email, Phone: d.Phone}
}

func newWeightsDoc(w matching.Weights) weightsDoc {
	return weightsDoc{Cost: w.Cost, Quality: w.Quality, Capacity: w.Capacity, Experience: w.Experience, Readiness: w.Readiness}
}

func (d weightsDoc) toWeights() matching.Weights {
	return matching.Weights{Cost: d.Cost, Quality: d.Quality, Capacity: d.Capacity, Experience: d.Experience, Readiness: d.Readiness}
}
