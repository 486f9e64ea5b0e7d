// Package intake is the consultation form of a campaign and the lifecycle
// that follows it: review, shortlists as decision records, sharing and
// engagement. It imports no web, database or SDK code.
package intake

import (
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"math"
	"net/mail"
	"slices"
	"strings"

	"callmatch"
	"callmatch/catalog"
	"callmatch/matching"
)

// Office levels a campaign can run at.
var OfficeLevels = catalog.Codes{"federal", "state", "local"}

// Form is the consultation form as a campaign submits it (DOMAIN.md §4).
type Form struct {
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
	// IssueAreas and Audiences are the messaging goals (optional, several
	// each, from catalog.IssueAreas and catalog.Audiences): what the
	// program is about and whom it must reach.
	IssueAreas []string `json:"issue_areas,omitempty"`
	Audiences  []string `json:"audiences,omitempty"`
	// Lang is the language the campaign is written to in (MailLanguages;
	// "" means English): the consultation page's language, or the API
	// client's choice.
	Lang string `json:"lang,omitempty"`
}

// MailLanguages are the languages campaign mail is written in.
var MailLanguages = catalog.Codes{"en", "es"}

// Campaign describes who is running the program.
type Campaign struct {
	Name                string `json:"name"`
	SponsorType         string `json:"sponsor_type"`
	Affiliation         string `json:"affiliation"`
	OfficeLevel         string `json:"office_level"`
	Race                string `json:"race"`
	ChallengerInPrimary bool   `json:"challenger_in_primary"`
	// ShareName is the campaign's consent to show Name to the vendors
	// invited to quote (default off: they see the program only).
	ShareName bool `json:"share_name,omitempty"`
}

// Contact is personal data: encrypted at rest, never logged, every read by
// staff audited.
type Contact struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Phone string `json:"phone"`
}

// String and LogValue keep contact details out of logs and error texts even
// by accident.
func (Contact) String() string { return "[contact redacted]" }

// LogValue implements slog.LogValuer.
func (Contact) LogValue() slog.Value { return slog.StringValue("[contact redacted]") }

// Limits on sizes a form may have.
const (
	maxRecords  = matching.MaxRecords
	maxAttempts = matching.MaxAttempts
	maxMessage  = 5000
)

// ApplyDefaults sets what the law or the form's own logic implies: foreign
// nationals may not take part in fundraising (52 U.S.C. §30121), so
// fundraising is domestic only; taking card payments requires PCI DSS.
func (f *Form) ApplyDefaults() {
	f.TargetStates = stateCodes(f.TargetStates)
	if slices.Contains(f.Services, "fundraising") {
		f.Requirements.DomesticOnly = true
	}
	if f.Requirements.TakesCardPayments && !slices.Contains(f.Requirements.Certifications, "pci_dss") {
		f.Requirements.Certifications = append(f.Requirements.Certifications, "pci_dss")
	}
	f.normalizeShares()
}

// ShareTolerance is how far from 1 the language shares may sum: three
// languages of a third each are typed 0.333 or 33.33%, and mean 1.
const ShareTolerance = 0.001

// normalizeShares scales shares that sum to 1 within ShareTolerance, but
// not within the engine's own rounding allowance (1e-6), to sum to 1;
// other shares are left as they are, for Validate to refuse or the engine
// to take. Applying it twice changes nothing.
func (f *Form) normalizeShares() {
	sum := 0.0
	for _, l := range f.Languages {
		if !(l.Share > 0 && l.Share <= 1) {
			return
		}
		sum += l.Share
	}
	if d := math.Abs(sum - 1); d <= 1e-6 || d > ShareTolerance {
		return
	}
	f.Languages = slices.Clone(f.Languages) // the caller's slice stays as typed
	for i := range f.Languages {
		f.Languages[i].Share /= sum
	}
}

// stateCodes reads states as people write them, a USPS code or the name in
// English or Spanish in any case ("tx", "Texas", "Nuevo México"), as their
// codes (catalog.ParseState). What is not a state is kept as typed, for
// Validate to refuse by what the person wrote. The caller's slice is left
// as it was; applying it twice changes nothing.
func stateCodes(states []string) []string {
	if states == nil {
		return nil
	}
	out := make([]string, len(states))
	for i, s := range states {
		out[i] = strings.TrimSpace(s)
		if code, ok := catalog.ParseState(s); ok {
			out[i] = code
		}
	}
	return out
}

// Validate checks the whole form's meaning. Call ApplyDefaults first.
func (f *Form) Validate() error { return f.validate(true) }

// EarliestStart is the first calling day a request submitted on today
// (UTC) may ask for: yesterday, because a campaign in Hawaii (UTC−10) is
// still on the day before for ten hours of every UTC day. Days already
// past cannot be called, so no vendor can be booked for them.
func EarliestStart(today callmatch.Date) callmatch.Date { return today.AddDays(-1) }

// ValidateNew is Validate for a request submitted on today: its calling
// days must not have begun in the past as well. (Stored requests are not
// checked again: their calling days pass while they are worked on.)
func (f *Form) ValidateNew(today callmatch.Date) error {
	fe := callmatch.FieldErrors{}
	var invalid *callmatch.Error
	if err := f.Validate(); errors.As(err, &invalid) {
		maps.Copy(fe, invalid.Fields)
	} else if err != nil {
		return err
	}
	if !f.StartDate.IsZero() && f.StartDate < EarliestStart(today) {
		fe.Addf("start_date", "must not be in the past: give a first calling day of %s or later", EarliestStart(today))
	}
	return fe.Err()
}

// ValidateForMatch checks everything but the contact, for what-if matches
// and the CLI, which never carry personal data.
func (f *Form) ValidateForMatch() error { return f.validate(false) }

func (f *Form) validate(withContact bool) error {
	var fe callmatch.FieldErrors
	c := f.Campaign
	if strings.TrimSpace(c.Name) == "" || len(c.Name) > 200 {
		fe.Add("campaign.name", "is required (at most 200 characters)")
	}
	if !catalog.SponsorTypes.Has(c.SponsorType) {
		fe.Add("campaign.sponsor_type", "must be "+catalog.SponsorTypes.Allowed())
	}
	if !catalog.Affiliations.Has(c.Affiliation) {
		fe.Add("campaign.affiliation", "must be "+catalog.Affiliations.Allowed())
	}
	if c.OfficeLevel != "" && !OfficeLevels.Has(c.OfficeLevel) {
		fe.Add("campaign.office_level", "must be "+OfficeLevels.Allowed())
	}
	if len(c.Race) > 100 {
		fe.Add("campaign.race", "must be at most 100 characters")
	}
	if withContact {
		f.validateContact(&fe)
	}
	f.validateProgram(&fe)
	if len(f.Message) > maxMessage {
		fe.Addf("message", "must be at most %d characters", maxMessage)
	}
	if f.Lang != "" && !MailLanguages.Has(f.Lang) {
		fe.Add("lang", "must be "+MailLanguages.Allowed())
	}
	if f.Priorities != nil {
		if err := ValidateWeights(*f.Priorities); err != "" {
			fe.Add("priorities", err)
		}
	}
	return fe.Err()
}

func (f *Form) validateContact(fe *callmatch.FieldErrors) {
	ct := f.Contact
	if strings.TrimSpace(ct.Name) == "" || len(ct.Name) > 200 {
		fe.Add("contact.name", "is required (at most 200 characters)")
	}
	if a, err := mail.ParseAddress(ct.Email); err != nil || a.Address != ct.Email || len(ct.Email) > 254 {
		fe.Add("contact.email", "must be an email address like name@example.org")
	}
	digits := 0
	for _, r := range ct.Phone {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune(" +-().", r):
		default:
			digits = -100
		}
	}
	if ct.Phone != "" && (digits < 7 || digits > 15) {
		fe.Add("contact.phone", "must be a phone number of 7 to 15 digits, like +1 512 555 0100")
	}
}

func (f *Form) validateProgram(fe *callmatch.FieldErrors) {
	if len(f.Services) == 0 {
		fe.Add("services", "choose at least one: "+catalog.Services.Allowed())
	}
	codeList(fe, "services", f.Services, catalog.Services)
	if len(f.TargetStates) == 0 {
		fe.Add("target_states", "choose at least one state: its USPS code (TX) or its name in English or Spanish (Texas)")
	}
	codeList(fe, "target_states", f.TargetStates, catalog.States)
	switch {
	case f.Records < 0:
		fe.Add("records", "must not be negative")
	case f.Records > maxRecords:
		fe.Addf("records", "must be at most %d", maxRecords)
	case f.Records == 0 && f.CompletesTarget == 0:
		fe.Add("records", "must be positive (or give completes_target for polling)")
	}
	// 0 is no longer taken as 1 (DOMAIN.md §4); only a polling program
	// sized by its completes target alone, with no list, may leave it 0.
	if a := f.AttemptsPerRecord; a < 0 || a > maxAttempts || a == 0 && f.Records > 0 {
		fe.Addf("attempts_per_record", "must be between 1 and %d", maxAttempts)
	}
	if f.CompletesTarget < 0 {
		fe.Add("completes_target", "must not be negative")
	} else if f.CompletesTarget > maxRecords {
		fe.Addf("completes_target", "must be at most %d", maxRecords)
	} else if f.CompletesTarget > 0 && !slices.Contains(f.Services, "polling") {
		fe.Add("completes_target", "applies to polling only; add polling to services or set it to 0")
	}
	if f.StartDate.IsZero() {
		fe.Add("start_date", "is required (YYYY-MM-DD)")
	}
	if f.EndDate.IsZero() {
		fe.Add("end_date", "is required (YYYY-MM-DD)")
	} else if !f.StartDate.IsZero() && f.EndDate <= f.StartDate {
		fe.Add("end_date", "must be after start_date")
	} else if !f.StartDate.IsZero() && f.EndDate > f.StartDate.AddDays(matching.MaxProgramDays) {
		fe.Addf("end_date", "must be at most %d days after start_date", matching.MaxProgramDays)
	}
	if len(f.Languages) == 0 {
		fe.Add("languages", "give at least one language with its share, like en 1.0")
	}
	sum := 0.0
	seen := map[string]bool{}
	for i, l := range f.Languages {
		p := fmt.Sprintf("languages[%d]", i)
		if !catalog.Languages.Has(l.Code) {
			fe.Add(p+".code", "must be an ISO 639-1 two-letter code such as en, es, zh, vi")
		} else if seen[l.Code] {
			fe.Addf(p+".code", "%s is listed twice", l.Code)
		}
		seen[l.Code] = true
		if !(l.Share > 0 && l.Share <= 1) {
			fe.Add(p+".share", "must be more than 0 and at most 1")
		}
		sum += l.Share
	}
	if len(f.Languages) > 0 && !(math.Abs(sum-1) <= ShareTolerance) {
		// Six digits: enough that the sum never reads as "1".
		fe.Addf("languages", "shares must sum to 1 (within %g); they sum to %.6g", ShareTolerance, sum)
	}
	if f.BudgetCents < 0 {
		fe.Add("budget_cents", "must not be negative")
	}
	r := f.Requirements
	r.ValidateCells(f.Services, fe)
	codeList(fe, "requirements.certifications", r.Certifications, catalog.CertificationKinds)
	if r.MinAgentWageCents < 0 || r.MinAgentWageCents > matching.MaxAgentWageCents {
		fe.Addf("requirements.min_agent_wage_cents", "must be from 0 (no requirement) to %d cents ($%d an hour)",
			matching.MaxAgentWageCents, matching.MaxAgentWageCents/100)
	}
	codeList(fe, "issue_areas", f.IssueAreas, catalog.IssueAreas)
	codeList(fe, "audiences", f.Audiences, catalog.Audiences)
}

func codeList(fe *callmatch.FieldErrors, field string, got []string, allowed catalog.Codes) {
	seen := map[string]bool{}
	for i, c := range got {
		switch {
		case !allowed.Has(c):
			fe.Addf(fmt.Sprintf("%s[%d]", field, i), "%q is not allowed; must be %s", c, allowed.Allowed())
		case seen[c]:
			fe.Addf(fmt.Sprintf("%s[%d]", field, i), "%s is listed twice", c)
		}
		seen[c] = true
	}
}

// ValidateWeights returns "" when w can be normalized: no weight negative or
// not a number, and not all zero.
func ValidateWeights(w matching.Weights) string {
	sum := 0.0
	for _, x := range []float64{w.Cost, w.Quality, w.Capacity, w.Experience, w.Readiness} {
		if !(x >= 0) || math.IsInf(x, 0) {
			return "each weight must be a number of 0 or more"
		}
		sum += x
	}
	if sum == 0 {
		return "at least one weight must be more than 0"
	}
	return ""
}

// MatchRequest is the part of the form the engine may see: no contact data.
func (f *Form) MatchRequest() matching.Request {
	return matching.Request{
		Affiliation:         f.Campaign.Affiliation,
		SponsorType:         f.Campaign.SponsorType,
		ChallengerInPrimary: f.Campaign.ChallengerInPrimary,
		Services:            f.Services,
		TargetStates:        f.TargetStates,
		Records:             f.Records,
		AttemptsPerRecord:   f.AttemptsPerRecord,
		CompletesTarget:     f.CompletesTarget,
		StartDate:           f.StartDate,
		EndDate:             f.EndDate,
		Languages:           f.Languages,
		BudgetCents:         f.BudgetCents,
		IssueAreas:          f.IssueAreas,
		Audiences:           f.Audiences,
		Requirements:        f.Requirements,
	}
}
