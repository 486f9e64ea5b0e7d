// Package quote is the marketplace's answer to a ranking (MARKETPLACE.md
// §3): advisors invite shortlisted vendors to quote by a deadline, vendors
// quote (every version kept) or decline, advisors compare and release
// quotes, and the campaign sees them and may ask to talk to a vendor. It
// imports no web, database or SDK code; Service decides authorization per
// object from the actor in ctx (account policy).
package quote

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"callmatch"
	"callmatch/catalog"
	"callmatch/intake"
	"callmatch/matching"
)

// Invitation statuses. StatusExpired is never stored: it is an invitation
// still waiting for an answer after its deadline.
const (
	StatusInvited  = "invited"
	StatusQuoted   = "quoted"
	StatusDeclined = "declined"
	StatusExpired  = "expired"
)

// DeclineReasons are the codes a vendor declines with (the contract's).
var DeclineReasons = catalog.Codes{"no_capacity", "not_a_fit", "price", "timing", "other"}

// Outcomes of an invitation once the campaign signed (for the vendor's
// Opportunities): won when it signed with this vendor, lost when with
// another; "" while undecided.
const (
	OutcomeWon  = "won"
	OutcomeLost = "lost"
)

// Limits on sizes.
const (
	maxNote      = 5000
	maxDecline   = 2000
	maxInvite    = 50 // vendors per invitation call
	maxSeatCells = 2000
)

// Invitation is one vendor invited to quote on one intake (stored as a
// quote request: "invitation" names account invitations in the store).
type Invitation struct {
	ID            string
	IntakeID      string
	ShortlistID   string
	VendorID      string
	VendorName    string
	Status        string // StatusInvited, StatusQuoted, StatusDeclined; see State
	DueAt         time.Time
	DeclineReason string
	DeclineNote   string
	AnsweredAt    *time.Time
	CreatedAt     time.Time
	CreatedBy     string
	// Quote is the current (latest) version, nil before the first.
	Quote *Quote
	// Outcome is OutcomeWon, OutcomeLost or "" (see the constants).
	Outcome string
	// IntakeStatus is the intake's status when read.
	IntakeStatus string
	// Program is what the vendor sees of the campaign's request.
	Program Program
}

// State is Status with StatusExpired for an unanswered invitation past its
// deadline at now.
func (inv *Invitation) State(now time.Time) string {
	if inv.Status == StatusInvited && !now.Before(inv.DueAt) {
		return StatusExpired
	}
	return inv.Status
}

// Open reports whether the vendor may still answer at now: before the
// deadline, the intake still open.
func (inv *Invitation) Open(now time.Time) bool {
	return now.Before(inv.DueAt) && slices.Contains(intake.OpenStatuses, inv.IntakeStatus)
}

// Program is the campaign's request as an invited vendor sees it: never
// the contact, and the campaign's name only when the campaign allowed it
// (Form.Campaign.ShareName); CampaignName is "" otherwise.
type Program struct {
	CampaignName      string
	Services          []string
	TargetStates      []string
	Records           int64
	AttemptsPerRecord int64
	CompletesTarget   int64
	StartDate         callmatch.Date
	EndDate           callmatch.Date
	Languages         []matching.LanguageShare
	Requirements      matching.Requirements
	IssueAreas        []string
	Audiences         []string
	Message           string
	// Weeks are the Mondays of the weeks the program calls in, the weeks a
	// quote may commit seats to.
	Weeks []callmatch.Date
}

// NewProgram is what an invited vendor may see of f.
func NewProgram(f *intake.Form) Program {
	p := Program{
		Services: f.Services, TargetStates: f.TargetStates, Records: f.Records,
		AttemptsPerRecord: f.AttemptsPerRecord, CompletesTarget: f.CompletesTarget,
		StartDate: f.StartDate, EndDate: f.EndDate, Languages: f.Languages, Requirements: f.Requirements,
		IssueAreas: f.IssueAreas, Audiences: f.Audiences, Message: f.Message,
	}
	if f.Campaign.ShareName {
		p.CampaignName = f.Campaign.Name
	}
	if !f.StartDate.IsZero() && f.EndDate > f.StartDate {
		for w := catalog.WeekStart(f.StartDate); w < f.EndDate; w += 7 {
			p.Weeks = append(p.Weeks, w)
		}
	}
	return p
}

// HasWeek reports whether week (a Monday) is one of the program's.
func (p *Program) HasWeek(w callmatch.Date) bool { return slices.Contains(p.Weeks, w) }

// HasLanguage reports whether the campaign asked for language code.
func (p *Program) HasLanguage(code string) bool {
	return slices.ContainsFunc(p.Languages, func(l matching.LanguageShare) bool { return l.Code == code })
}

// Quote is one version of a vendor's answer. A new version replaces the
// vendor's earlier one as current; none is ever changed but for its
// release to the campaign.
type Quote struct {
	ID           string
	InvitationID string
	IntakeID     string
	VendorID     string
	VendorName   string
	Version      int
	Current      bool
	TotalCents   int64
	StartDate    callmatch.Date
	ValidUntil   callmatch.Date
	Seats        []Seats
	Note         string
	Pricing      []Price // optional
	CreatedAt    time.Time
	CreatedBy    string
	ReleasedAt   *time.Time
}

// Seats is seats committed in one week and language: a tentative hold
// until the quote expires or the campaign signs elsewhere.
type Seats struct {
	WeekStart callmatch.Date
	Language  string
	Seats     float64
}

// Price is one line of the optional pricing: a service's model and amount,
// as in the vendor's rates.
type Price struct {
	Service     string
	Model       string
	AmountCents int64
}

// Validate checks a quote against the program it answers, as of today:
// total > 0, valid_until not in the past and not before start_date, seats
// only in the program's weeks and requested languages, each > 0 and listed
// once. Errors name the field.
func (q *Quote) Validate(p *Program, today callmatch.Date) error {
	var fe callmatch.FieldErrors
	q.Note = strings.TrimSpace(q.Note)
	if q.TotalCents <= 0 {
		fe.Add("total_cents", "must be more than 0 (the quote's total in cents)")
	} else if q.TotalCents > matching.MaxCostCents {
		fe.Addf("total_cents", "must be at most %d", matching.MaxCostCents)
	}
	if q.StartDate.IsZero() {
		fe.Add("start_date", "is required (YYYY-MM-DD)")
	}
	switch {
	case q.ValidUntil.IsZero():
		fe.Add("valid_until", "is required (YYYY-MM-DD)")
	case q.ValidUntil < today:
		fe.Addf("valid_until", "%s is in the past; give today (%s) or later", q.ValidUntil, today)
	}
	if len(q.Seats) > maxSeatCells {
		fe.Addf("seats", "at most %d weeks and languages", maxSeatCells)
	}
	seen := map[Seats]bool{}
	for i, s := range q.Seats {
		f := fmt.Sprintf("seats[%d]", i)
		key := Seats{WeekStart: s.WeekStart, Language: s.Language}
		switch {
		case !p.HasWeek(s.WeekStart):
			fe.Addf(f+".week_start", "%s is not a week of the program; weeks start on the Mondays %s", s.WeekStart, weekList(p.Weeks))
		case !p.HasLanguage(s.Language):
			fe.Addf(f+".language", "%q was not requested; the program asks for %s", s.Language, languageList(p.Languages))
		case !(s.Seats > 0 && s.Seats <= 100000):
			fe.Add(f+".seats", "must be more than 0 and at most 100000")
		case seen[key]:
			fe.Addf(f, "%s %s is listed twice", s.WeekStart, s.Language)
		}
		seen[key] = true
	}
	if len(q.Note) > maxNote {
		fe.Addf("note", "must be at most %d characters", maxNote)
	}
	for i, pr := range q.Pricing {
		f := fmt.Sprintf("pricing[%d]", i)
		if !catalog.Services.Has(pr.Service) {
			fe.Addf(f+".service", "must be %s", catalog.Services.Allowed())
		}
		if !catalog.PricingModels.Has(pr.Model) {
			fe.Addf(f+".model", "must be %s", catalog.PricingModels.Allowed())
		}
		if pr.AmountCents <= 0 {
			fe.Add(f+".amount_cents", "must be more than 0")
		}
	}
	return fe.Err()
}

func weekList(ws []callmatch.Date) string {
	if len(ws) == 0 {
		return "(none)"
	}
	if len(ws) <= 3 {
		s := make([]string, len(ws))
		for i, w := range ws {
			s[i] = w.String()
		}
		return strings.Join(s, ", ")
	}
	return ws[0].String() + " to " + ws[len(ws)-1].String()
}

func languageList(ls []matching.LanguageShare) string {
	s := make([]string, len(ls))
	for i, l := range ls {
		s[i] = l.Code
	}
	return strings.Join(s, ", ")
}

// Decline is a vendor's refusal to quote.
type Decline struct {
	Reason string // DeclineReasons
	Note   string // optional
}

// Validate checks the reason code and the note's length.
func (d *Decline) Validate() error {
	var fe callmatch.FieldErrors
	d.Note = strings.TrimSpace(d.Note)
	if !DeclineReasons.Has(d.Reason) {
		fe.Add("reason", "must be "+DeclineReasons.Allowed())
	}
	if len(d.Note) > maxDecline {
		fe.Addf("note", "must be at most %d characters", maxDecline)
	}
	return fe.Err()
}

// Invite is the advisor's invitation of vendors from a saved shortlist.
type Invite struct {
	ShortlistID string
	VendorIDs   []string
	DueAt       time.Time
}

// Validate checks the invitation on its own, at now: one to maxInvite
// vendors, each once, a deadline in the future.
func (iv *Invite) Validate(now time.Time) error {
	var fe callmatch.FieldErrors
	if len(iv.VendorIDs) == 0 || len(iv.VendorIDs) > maxInvite {
		fe.Addf("vendor_ids", "give 1 to %d vendors from the shortlist", maxInvite)
	}
	seen := map[string]bool{}
	for i, id := range iv.VendorIDs {
		if seen[id] {
			fe.Addf(fmt.Sprintf("vendor_ids[%d]", i), "%q is listed twice", id)
		}
		seen[id] = true
	}
	if iv.DueAt.IsZero() {
		fe.Add("due_at", "is required (RFC 3339, e.g. 2026-10-01T17:00:00Z)")
	} else if !iv.DueAt.After(now) {
		fe.Add("due_at", "must be in the future")
	}
	return fe.Err()
}

// CheckShortlist checks that every invited vendor is on sl (shortlisted,
// not excluded): inviting a vendor the engine knocked out, or one of
// another shortlist, is refused naming it.
func (iv *Invite) CheckShortlist(sl *intake.Shortlist) error {
	var fe callmatch.FieldErrors
	for i, id := range iv.VendorIDs {
		if sl.Candidate(id) == nil {
			fe.Addf(fmt.Sprintf("vendor_ids[%d]", i), "%q is not on shortlist version %d", id, sl.Version)
		}
	}
	return fe.Err()
}
