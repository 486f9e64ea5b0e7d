package intake

import (
	"strings"
	"time"

	"callmatch"
)

// Intake is a submitted consultation form and where it stands. Form.Contact
// is empty except on the record Service.Contact returns: every read of
// contact details goes through that one audited path. It is a domain
// record, not a wire format: the API and the store have their own.
type Intake struct {
	ID        string
	Status    string
	Version   int64 // +1 on every change of the intake
	CreatedAt time.Time
	UpdatedAt time.Time
	ErasedAt  *time.Time // personal data destroyed
	// LastMessageAt is when the campaign last wrote to its advisors; only
	// the queue's read sets it.
	LastMessageAt *time.Time
	Form          Form

	// TokenHash is the SHA-256 of the campaign's private link token. It
	// never leaves the server.
	TokenHash []byte `json:"-"`
}

// Anonymize removes what identifies people from the form, for erasure: the
// contact, and the free-text fields that name a candidate or may say
// anything at all (campaign name, race, message). What remains (sponsor
// type, services, states, volumes, dates, budget) serves anonymous
// statistics and keeps past shortlists explainable.
func (f *Form) Anonymize() {
	f.Contact = Contact{}
	f.Campaign.Name = ""
	f.Campaign.Race = ""
	f.Message = ""
}

// Summary is an intake as the advisor queue lists it: no contact, no
// message.
type Summary struct {
	ID             string
	Status         string
	Version        int64
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Erased         bool
	Campaign       Campaign
	Services       []string
	TargetStates   []string
	StartDate      callmatch.Date
	EndDate        callmatch.Date
	DaysUntilStart int // negative once started
	DaysUntilEnd   int // negative once the calling days are over
	Records        int64
	BudgetCents    int64
	LastMessageAt  *time.Time // the campaign's latest message to its advisors, if any
}

// NewSummary reduces a record (read without contact) to its queue entry.
func NewSummary(in *Intake, today callmatch.Date) *Summary {
	f := in.Form
	return &Summary{
		ID: in.ID, Status: in.Status, Version: in.Version,
		CreatedAt: in.CreatedAt, UpdatedAt: in.UpdatedAt, Erased: in.ErasedAt != nil, LastMessageAt: in.LastMessageAt,
		Campaign: f.Campaign, Services: f.Services, TargetStates: f.TargetStates,
		StartDate: f.StartDate, EndDate: f.EndDate, DaysUntilStart: int(f.StartDate - today),
		DaysUntilEnd: int(f.EndDate - today),
		Records:      f.Records, BudgetCents: f.BudgetCents,
	}
}

// Sort orders of the advisor queue.
const (
	SortNewest  = "newest"
	SortUrgency = "urgency"
)

// Filter selects and orders the advisor queue.
//
// SortUrgency orders by the next deadline that matters, in three groups:
//
//  1. Intakes still open whose calling days have not ended, by their next
//     deadline: for one without a vendor the first calling day (today when
//     calling has begun without one: it is overdue); for an engaged one the
//     first calling day, then, once calling, the last.
//  2. Open intakes whose calling days are over (nothing can be placed for
//     them any more), most recently ended first.
//  3. Withdrawn and closed intakes, most recently ended first.
//
// Ties go to the earlier end, then the earlier submission.
// SortNewest (the default) is newest submission first.
type Filter struct {
	Status string
	// Statuses, when set, keeps intakes in any of them (the desk's default
	// view: every status but withdrawn and closed). Status and Statuses
	// may not both be set.
	Statuses []string
	// Query keeps intakes whose campaign name or race contains each word
	// (case-insensitive), or whose target states include a word read as a
	// state (catalog.ParseState: "TX", "Texas", "Tejas"). The whole query
	// is tried as one state first, so "New York" finds NY.
	Query   string
	Sort    string
	Page    int // 1-based; 0 means 1
	PerPage int // 0 means 50; at most 200

	// Today is the day urgency is measured from. The service sets it from
	// its clock; the store never reads a clock for it.
	Today callmatch.Date
}

// ActiveStatuses are the statuses an advisor may still act on: every one
// but the terminal ones (withdrawn, closed).
var ActiveStatuses = func() []string {
	var out []string
	for _, s := range Statuses {
		if !IsTerminal(s) {
			out = append(out, s)
		}
	}
	return out
}()

// maxQuery bounds the search text; nobody types a longer campaign name.
const maxQuery = 200

// Validate checks the filter and fills in defaults.
func (f *Filter) Validate() error {
	var fe callmatch.FieldErrors
	if f.Status != "" && !Statuses.Has(f.Status) {
		fe.Add("status", "must be "+Statuses.Allowed())
	}
	for _, s := range f.Statuses {
		if !Statuses.Has(s) {
			fe.Add("statuses", "must each be "+Statuses.Allowed())
			break
		}
	}
	if f.Status != "" && len(f.Statuses) > 0 {
		fe.Add("statuses", "cannot be combined with status")
	}
	f.Query = strings.TrimSpace(f.Query)
	if n := len([]rune(f.Query)); n > maxQuery {
		fe.Addf("q", "must be at most %d characters", maxQuery)
	}
	switch f.Sort {
	case "":
		f.Sort = SortNewest
	case SortNewest, SortUrgency:
	default:
		fe.Add("sort", "must be one of newest, urgency")
	}
	callmatch.CheckPage(&fe, &f.Page, &f.PerPage, 200)
	return fe.Err()
}

// Submission is what the store needs to create an intake. Token is kept
// (sealed) only when an idempotency key is given, so that a retry of the
// same request can be answered with the same token.
type Submission struct {
	Form        Form // defaults applied, validated, contact included
	Token       string
	TokenHash   []byte
	KeyHash     []byte // SHA-256 of the Idempotency-Key; nil without one
	RequestHash []byte // keyed hash of the form; set with KeyHash
}
