package api

import (
	"time"

	"callmatch"
	"callmatch/matching"
	"callmatch/quote"
)

// InviteRequest is POST /api/v1/shortlists/{id}/invitations.
type InviteRequest struct {
	VendorIDs []string  `json:"vendor_ids"`
	DueAt     time.Time `json:"due_at"` // RFC 3339
}

// InvitationCreated is one invitation in the answer to an invite (the
// contract: id, vendor_id, status), with its deadline.
type InvitationCreated struct {
	ID       string    `json:"id"`
	VendorID string    `json:"vendor_id"`
	Status   string    `json:"status"`
	DueAt    time.Time `json:"due_at"`
}

// InvitationsCreated is the 201 answer to an invite.
type InvitationsCreated struct {
	Invitations []InvitationCreated `json:"invitations"`
}

// InvitationList is GET /api/v1/invitations.
type InvitationList struct {
	Invitations []Invitation `json:"invitations"`
}

// Invitation is an invitation to quote as its vendor and staff see it:
// the program, never the campaign's contact, and the campaign's name only
// when it allowed that (campaign_name null otherwise).
type Invitation struct {
	ID            string     `json:"id"`
	IntakeID      string     `json:"intake_id"`
	ShortlistID   string     `json:"shortlist_id"`
	VendorID      string     `json:"vendor_id"`
	VendorName    string     `json:"vendor_name"`
	Status        string     `json:"status"` // invited, quoted, declined, expired
	Outcome       string     `json:"outcome,omitempty"`
	DueAt         time.Time  `json:"due_at"`
	DeclineReason string     `json:"decline_reason,omitempty"`
	DeclineNote   string     `json:"decline_note,omitempty"`
	AnsweredAt    *time.Time `json:"answered_at"`
	CreatedAt     time.Time  `json:"created_at"`
	Program       Program    `json:"program"`
	Quote         *Quote     `json:"quote"` // the current version, null before the first
}

// Program is the campaign's request as an invited vendor sees it.
type Program struct {
	CampaignName      *string                  `json:"campaign_name"`
	Services          []string                 `json:"services"`
	TargetStates      []string                 `json:"target_states"`
	Records           int64                    `json:"records"`
	AttemptsPerRecord int64                    `json:"attempts_per_record"`
	CompletesTarget   int64                    `json:"completes_target"`
	StartDate         callmatch.Date           `json:"start_date"`
	EndDate           callmatch.Date           `json:"end_date"`
	Weeks             []callmatch.Date         `json:"weeks"`
	Languages         []matching.LanguageShare `json:"languages"`
	Requirements      matching.Requirements    `json:"requirements"`
	IssueAreas        []string                 `json:"issue_areas"`
	Audiences         []string                 `json:"audiences"`
	Message           string                   `json:"message"`
}

// QuoteRequest is POST /api/v1/invitations/{id}/quote.
type QuoteRequest struct {
	TotalCents int64          `json:"total_cents"`
	StartDate  callmatch.Date `json:"start_date"`
	ValidUntil callmatch.Date `json:"valid_until"`
	Seats      []QuoteSeats   `json:"seats"`
	Note       string         `json:"note"`
	Pricing    []QuotePrice   `json:"pricing,omitempty"`
}

// QuoteSeats is seats committed in one week and language.
type QuoteSeats struct {
	WeekStart callmatch.Date `json:"week_start"`
	Language  string         `json:"language"`
	Seats     float64        `json:"seats"`
}

// QuotePrice is one optional pricing line, as in the vendor's rates.
type QuotePrice struct {
	Service     string `json:"service"`
	Model       string `json:"model"`
	AmountCents int64  `json:"amount_cents"`
}

// Quote is one version of a vendor's quote.
type Quote struct {
	ID           string         `json:"id"`
	InvitationID string         `json:"invitation_id"`
	IntakeID     string         `json:"intake_id"`
	VendorID     string         `json:"vendor_id"`
	VendorName   string         `json:"vendor_name"`
	Version      int            `json:"version"`
	Current      bool           `json:"current"`
	TotalCents   int64          `json:"total_cents"`
	StartDate    callmatch.Date `json:"start_date"`
	ValidUntil   callmatch.Date `json:"valid_until"`
	Seats        []QuoteSeats   `json:"seats"`
	Note         string         `json:"note"`
	Pricing      []QuotePrice   `json:"pricing"`
	CreatedAt    time.Time      `json:"created_at"`
	ReleasedAt   *time.Time     `json:"released_at"`
}

// QuoteList is a list of quotes (versions, released quotes).
type QuoteList struct {
	Quotes []Quote `json:"quotes"`
}

// DeclineRequest is POST /api/v1/invitations/{id}/decline.
type DeclineRequest struct {
	Reason string `json:"reason"` // no_capacity, not_a_fit, price, timing, other
	Note   string `json:"note,omitempty"`
}

// ReleaseRequest is POST /api/v1/intakes/{id}/quotes/release.
type ReleaseRequest struct {
	QuoteIDs []string `json:"quote_ids"`
}

// TalkRequest is POST /api/v1/intakes/{id}/talks (the campaign's link).
type TalkRequest struct {
	QuoteID string `json:"quote_id"`
}

// Comparison is GET /api/v1/intakes/{id}/quotes: each invitation beside
// the estimate and the seats needed.
type Comparison struct {
	IntakeID string          `json:"intake_id"`
	Rows     []ComparisonRow `json:"rows"`
}

// ComparisonRow is one invitation; diff_pct is (quote − projected) /
// projected × 100, flagged beyond ±20 %.
type ComparisonRow struct {
	Invitation         Invitation      `json:"invitation"`
	ProjectedCostCents int64           `json:"projected_cost_cents"`
	DiffPct            *float64        `json:"diff_pct"` // null without a quote or an estimate
	Flagged            bool            `json:"flagged"`
	Seats              []SeatsCompared `json:"seats"`
}

// SeatsCompared is seats needed against committed in one week and language.
type SeatsCompared struct {
	WeekStart callmatch.Date `json:"week_start"`
	Language  string         `json:"language"`
	Needed    float64        `json:"needed"`
	Committed float64        `json:"committed"`
}

// Opportunities is GET /api/v1/vendors/{id}/opportunities.
type Opportunities struct {
	VendorID  string          `json:"vendor_id"`
	Since     callmatch.Date  `json:"since"`
	Open      int             `json:"open"`
	Answered  int             `json:"answered"`
	Won       int             `json:"won"`
	Lost      int             `json:"lost"`
	Expired   int             `json:"expired"`
	Knockouts []KnockoutCount `json:"knockouts"`
}

// KnockoutCount is programs excluding the vendor by one code, and what
// they asked; never a campaign's name.
type KnockoutCount struct {
	Code     string `json:"code"`
	Programs int    `json:"programs"`
	Asks     []Ask  `json:"asks"`
}

// Ask is one thing asked and by how many programs.
type Ask struct {
	What     string `json:"what"`
	Programs int    `json:"programs"`
}

func (r *QuoteRequest) toQuote() quote.Quote {
	q := quote.Quote{TotalCents: r.TotalCents, StartDate: r.StartDate, ValidUntil: r.ValidUntil, Note: r.Note,
		Seats: make([]quote.Seats, len(r.Seats))}
	for i, s := range r.Seats {
		q.Seats[i] = quote.Seats{WeekStart: s.WeekStart, Language: s.Language, Seats: s.Seats}
	}
	for _, p := range r.Pricing {
		q.Pricing = append(q.Pricing, quote.Price{Service: p.Service, Model: p.Model, AmountCents: p.AmountCents})
	}
	return q
}

func quoteResponse(q *quote.Quote) Quote {
	out := Quote{ID: q.ID, InvitationID: q.InvitationID, IntakeID: q.IntakeID, VendorID: q.VendorID,
		VendorName: q.VendorName, Version: q.Version, Current: q.Current, TotalCents: q.TotalCents,
		StartDate: q.StartDate, ValidUntil: q.ValidUntil, Note: q.Note, CreatedAt: q.CreatedAt, ReleasedAt: q.ReleasedAt,
		Seats: make([]QuoteSeats, len(q.Seats)), Pricing: make([]QuotePrice, len(q.Pricing))}
	for i, s := range q.Seats {
		out.Seats[i] = QuoteSeats{WeekStart: s.WeekStart, Language: s.Language, Seats: s.Seats}
	}
	for i, p := range q.Pricing {
		out.Pricing[i] = QuotePrice{Service: p.Service, Model: p.Model, AmountCents: p.AmountCents}
	}
	return out
}

func quoteList(qs []*quote.Quote) QuoteList {
	out := QuoteList{Quotes: make([]Quote, len(qs))}
	for i, q := range qs {
		out.Quotes[i] = quoteResponse(q)
	}
	return out
}

func invitationResponse(inv *quote.Invitation, now time.Time) Invitation {
	p := inv.Program
	out := Invitation{ID: inv.ID, IntakeID: inv.IntakeID, ShortlistID: inv.ShortlistID, VendorID: inv.VendorID,
		VendorName: inv.VendorName, Status: inv.State(now), Outcome: inv.Outcome, DueAt: inv.DueAt,
		DeclineReason: inv.DeclineReason, DeclineNote: inv.DeclineNote, AnsweredAt: inv.AnsweredAt, CreatedAt: inv.CreatedAt,
		Program: Program{Services: nonNil(p.Services), TargetStates: nonNil(p.TargetStates), Records: p.Records,
			AttemptsPerRecord: p.AttemptsPerRecord, CompletesTarget: p.CompletesTarget, StartDate: p.StartDate,
			EndDate: p.EndDate, Weeks: nonNil(p.Weeks), Languages: nonNil(p.Languages), Requirements: p.Requirements,
			IssueAreas: nonNil(p.IssueAreas), Audiences: nonNil(p.Audiences), Message: p.Message}}
	if p.CampaignName != "" {
		name := p.CampaignName
		out.Program.CampaignName = &name
	}
	if inv.Quote != nil {
		q := quoteResponse(inv.Quote)
		out.Quote = &q
	}
	return out
}

func invitationList(invs []*quote.Invitation, now time.Time) InvitationList {
	out := InvitationList{Invitations: make([]Invitation, len(invs))}
	for i, inv := range invs {
		out.Invitations[i] = invitationResponse(inv, now)
	}
	return out
}

func comparisonResponse(cmp *quote.Comparison, now time.Time) Comparison {
	out := Comparison{IntakeID: cmp.IntakeID, Rows: make([]ComparisonRow, len(cmp.Rows))}
	for i, r := range cmp.Rows {
		row := ComparisonRow{Invitation: invitationResponse(r.Invitation, now), ProjectedCostCents: r.ProjectedCostCents,
			Flagged: r.Flagged, Seats: make([]SeatsCompared, len(r.Seats))}
		if r.Invitation.Quote != nil && r.ProjectedCostCents > 0 {
			d := r.DiffPct
			row.DiffPct = &d
		}
		for k, s := range r.Seats {
			row.Seats[k] = SeatsCompared{WeekStart: s.WeekStart, Language: s.Language, Needed: s.Needed, Committed: s.Committed}
		}
		out.Rows[i] = row
	}
	return out
}

func opportunitiesResponse(o *quote.Opportunities) Opportunities {
	out := Opportunities{VendorID: o.VendorID, Since: o.Since, Open: o.Open, Answered: o.Answered, Won: o.Won,
		Lost: o.Lost, Expired: o.Expired, Knockouts: make([]KnockoutCount, len(o.Knockouts))}
	for i, k := range o.Knockouts {
		kc := KnockoutCount{Code: k.Code, Programs: k.Programs, Asks: make([]Ask, len(k.Asks))}
		for j, a := range k.Asks {
			kc.Asks[j] = Ask{What: a.What, Programs: a.Programs}
		}
		out.Knockouts[i] = kc
	}
	return out
}
