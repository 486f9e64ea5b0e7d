package postgres

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"

	"callmatch"
	"callmatch/intake"
	"callmatch/quote"
)

var _ quote.Store = (*QuoteStore)(nil)

// Audit actions and object types of quotes (migration 00013).
const (
	ActionQuoteInvite  = "quote.invite"
	ActionQuoteCreate  = "quote.create"
	ActionQuoteDecline = "quote.decline"
	ActionQuoteRelease = "quote.release"
	ActionQuoteTalk    = "quote.talk"
	objectQuoteRequest = "quote_request"
	objectQuote        = "quote"
)

// QuoteStore keeps quote invitations (table quote_requests: "invitations"
// are account invitations), every quote version, releases and the
// campaign's talk requests. It shares the intake store's database and data
// key: the campaign's mail opens the intake's sealed contact.
type QuoteStore struct{ *IntakeStore }

// NewQuoteStore returns the quote store beside intakes.
func NewQuoteStore(intakes *IntakeStore) *QuoteStore { return &QuoteStore{intakes} }

// quoteRequestRow is a quote_requests row with what its readers join in.
type quoteRequestRow struct {
	ID             string
	IntakeID       string
	ShortlistID    string
	VendorID       string
	VendorName     string
	Status         string
	DueAt          time.Time
	DeclineReason  *string
	DeclineNote    string
	AnsweredAt     *time.Time
	CurrentQuoteID *string
	CreatedBy      string
	CreatedAt      time.Time
	IntakeStatus   string
	Form           []byte
	Outcome        string
}

// quoteRequestSelect reads invitations with the vendor's name, the intake's
// status and form, and the outcome once the campaign signed.
const quoteRequestSelect = `SELECT r.id, r.intake_id, r.shortlist_id, r.vendor_id, v.name AS vendor_name, r.status,
		r.due_at, r.decline_reason, r.decline_note, r.answered_at, r.current_quote_id, r.created_by, r.created_at,
		i.status AS intake_status, i.form,
		CASE WHEN EXISTS (SELECT 1 FROM engagements e WHERE e.intake_id = r.intake_id AND e.vendor_id = r.vendor_id) THEN 'won'
		     WHEN EXISTS (SELECT 1 FROM engagements e WHERE e.intake_id = r.intake_id) THEN 'lost' ELSE '' END AS outcome
	FROM quote_requests r JOIN vendors v ON v.id = r.vendor_id JOIN intakes i ON i.id = r.intake_id`

func (r *quoteRequestRow) toQuoteInvitation() (*quote.Invitation, error) {
	inv := &quote.Invitation{ID: r.ID, IntakeID: r.IntakeID, ShortlistID: r.ShortlistID, VendorID: r.VendorID,
		VendorName: r.VendorName, Status: r.Status, DueAt: r.DueAt.UTC(), DeclineNote: r.DeclineNote,
		CreatedAt: r.CreatedAt.UTC(), CreatedBy: r.CreatedBy, Outcome: r.Outcome, IntakeStatus: r.IntakeStatus}
	if r.DeclineReason != nil {
		inv.DeclineReason = *r.DeclineReason
	}
	if r.AnsweredAt != nil {
		t := r.AnsweredAt.UTC()
		inv.AnsweredAt = &t
	}
	var doc formDoc
	if err := json.Unmarshal(r.Form, &doc); err != nil {
		return nil, fmt.Errorf("intake %s: decode form: %w", r.IntakeID, err)
	}
	f := doc.toForm()
	inv.Program = quote.NewProgram(&f)
	return inv, nil
}

// quoteRow is a quotes row with the vendor's name.
type quoteRow struct {
	ID         string
	RequestID  string
	IntakeID   string
	VendorID   string
	VendorName string
	Version    int
	TotalCents int64
	StartDate  time.Time
	ValidUntil time.Time
	Seats      quoteSeatsDoc
	Pricing    *pricingDoc
	Note       string
	CreatedBy  string
	CreatedAt  time.Time
	ReleasedAt *time.Time
	Current    bool
}

const quoteSelect = `SELECT q.id, q.request_id, q.intake_id, q.vendor_id, v.name AS vendor_name, q.version, q.total_cents,
		q.start_date, q.valid_until, q.seats, q.pricing, q.note, q.created_by, q.created_at, q.released_at,
		(r.current_quote_id = q.id) AS current
	FROM quotes q JOIN vendors v ON v.id = q.vendor_id JOIN quote_requests r ON r.id = q.request_id`

func (r *quoteRow) toQuote() *quote.Quote {
	q := &quote.Quote{ID: r.ID, InvitationID: r.RequestID, IntakeID: r.IntakeID, VendorID: r.VendorID,
		VendorName: r.VendorName, Version: r.Version, Current: r.Current, TotalCents: r.TotalCents,
		StartDate: callmatch.DateOf(r.StartDate), ValidUntil: callmatch.DateOf(r.ValidUntil),
		Note: r.Note, CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt.UTC(), Seats: make([]quote.Seats, len(r.Seats))}
	for i, s := range r.Seats {
		q.Seats[i] = quote.Seats{WeekStart: s.WeekStart, Language: s.Language, Seats: s.Seats}
	}
	if r.Pricing != nil {
		for _, p := range *r.Pricing {
			q.Pricing = append(q.Pricing, quote.Price{Service: p.Service, Model: p.Model, AmountCents: p.AmountCents})
		}
	}
	if r.ReleasedAt != nil {
		t := r.ReleasedAt.UTC()
		q.ReleasedAt = &t
	}
	return q
}

// quoteSeatsDoc is quotes.seats, with its own keys (see intake_doc.go).
type quoteSeatsDoc []quoteSeatDoc

type quoteSeatDoc struct {
	WeekStart callmatch.Date `json:"week_start"`
	Language  string         `json:"language"`
	Seats     float64        `json:"seats"`
}

func (d quoteSeatsDoc) Value() (driver.Value, error) {
	if d == nil {
		d = quoteSeatsDoc{}
	}
	b, err := json.Marshal([]quoteSeatDoc(d))
	return string(b), err
}

func (d *quoteSeatsDoc) Scan(src any) error { return scanJSON(src, d) }

// pricingDoc is quotes.pricing.
type pricingDoc []priceDoc

type priceDoc struct {
	Service     string `json:"service"`
	Model       string `json:"model"`
	AmountCents int64  `json:"amount_cents"`
}

func (d pricingDoc) Value() (driver.Value, error) {
	b, err := json.Marshal([]priceDoc(d))
	return string(b), err
}

func (d *pricingDoc) Scan(src any) error { return scanJSON(src, d) }

func newQuoteSeatsDoc(ss []quote.Seats) quoteSeatsDoc {
	out := make(quoteSeatsDoc, len(ss))
	for i, s := range ss {
		out[i] = quoteSeatDoc{WeekStart: s.WeekStart, Language: s.Language, Seats: s.Seats}
	}
	return out
}

func newPricingDoc(ps []quote.Price) *pricingDoc {
	if len(ps) == 0 {
		return nil
	}
	out := make(pricingDoc, len(ps))
	for i, p := range ps {
		out[i] = priceDoc{Service: p.Service, Model: p.Model, AmountCents: p.AmountCents}
	}
	return &out
}

// loadInvitations reads invitations matching where, newest first, with
// their current quotes.
func loadInvitations(tx *gorm.DB, where string, args ...any) ([]*quote.Invitation, error) {
	var rows []quoteRequestRow
	if err := tx.Raw(quoteRequestSelect+` WHERE `+where+` ORDER BY r.created_at DESC, r.id`, args...).Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]*quote.Invitation, len(rows))
	var current []string
	byQuote := map[string]*quote.Invitation{}
	for i := range rows {
		inv, err := rows[i].toQuoteInvitation()
		if err != nil {
			return nil, err
		}
		out[i] = inv
		if id := rows[i].CurrentQuoteID; id != nil {
			current = append(current, *id)
			byQuote[*id] = inv
		}
	}
	if len(current) == 0 {
		return out, nil
	}
	qs, err := loadQuotes(tx, `q.id IN ?`, current)
	if err != nil {
		return nil, err
	}
	for _, q := range qs {
		byQuote[q.ID].Quote = q
	}
	return out, nil
}

// loadQuotes reads quotes matching where, newest version first.
func loadQuotes(tx *gorm.DB, where string, args ...any) ([]*quote.Quote, error) {
	var rows []quoteRow
	if err := tx.Raw(quoteSelect+` WHERE `+where+` ORDER BY q.request_id, q.version DESC`, args...).Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]*quote.Quote, len(rows))
	for i := range rows {
		out[i] = rows[i].toQuote()
	}
	return out, nil
}

// FindInvitations lists invitations by vendor and/or intake, newest first.
func (s *QuoteStore) FindInvitations(ctx context.Context, f quote.Filter) ([]*quote.Invitation, error) {
	where, args := "TRUE", []any{}
	for _, c := range []struct{ col, id string }{{"r.vendor_id", f.VendorID}, {"r.intake_id", f.IntakeID}} {
		if c.id == "" {
			continue
		}
		if !validID(c.id) {
			return []*quote.Invitation{}, nil
		}
		where += " AND " + c.col + " = ?"
		args = append(args, c.id)
	}
	out, err := loadInvitations(s.db.gorm.WithContext(ctx), where, args...)
	return out, translate("find invitations", err)
}

// FindInvitationByID returns one invitation with its current quote.
func (s *QuoteStore) FindInvitationByID(ctx context.Context, id string) (*quote.Invitation, error) {
	if !validID(id) {
		return nil, quote.ErrInvitationNotFound(id)
	}
	invs, err := loadInvitations(s.db.gorm.WithContext(ctx), "r.id = ?", id)
	if err != nil {
		return nil, translate("find invitation", err)
	}
	if len(invs) == 0 {
		return nil, quote.ErrInvitationNotFound(id)
	}
	return invs[0], nil
}

// FindQuoteVersions lists every version of the invitation's quote.
func (s *QuoteStore) FindQuoteVersions(ctx context.Context, invitationID string) ([]*quote.Quote, error) {
	if !validID(invitationID) {
		return nil, quote.ErrInvitationNotFound(invitationID)
	}
	out, err := loadQuotes(s.db.gorm.WithContext(ctx), "q.request_id = ?", invitationID)
	return out, translate("find quote versions", err)
}

// invitationAudit is what the audit log keeps of an invitation.
type invitationAudit struct {
	IntakeID      string    `json:"intake_id"`
	ShortlistID   string    `json:"shortlist_id"`
	VendorID      string    `json:"vendor_id"`
	Status        string    `json:"status"`
	DueAt         time.Time `json:"due_at"`
	DeclineReason string    `json:"decline_reason,omitempty"`
}

// CreateInvitations invites each vendor once per intake, under the
// intake's row lock: concurrent invitations of one intake run one after
// the other, and a vendor invited before (by either) is answered with its
// invitation unchanged, audited and mailed once. The vendors' users are
// mailed in the same transaction.
func (s *QuoteStore) CreateInvitations(ctx context.Context, iv quote.Invite, check func(*intake.Shortlist, *intake.Intake) error) ([]*quote.Invitation, error) {
	if !validID(iv.ShortlistID) {
		return nil, intake.ErrShortlistNotFound(iv.ShortlistID)
	}
	var out []*quote.Invitation
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		sls, err := loadShortlists(tx, "id", "id = ?", iv.ShortlistID)
		if err != nil {
			return err
		}
		if len(sls) == 0 {
			return intake.ErrShortlistNotFound(iv.ShortlistID)
		}
		sl := sls[0]
		row, err := lockIntake(tx, sl.IntakeID)
		if err != nil {
			return err
		}
		in, err := row.toIntake()
		if err != nil {
			return err
		}
		if err := check(sl, in); err != nil {
			return err
		}
		by, now := callmatch.ActorFrom(ctx).Label(), s.now()
		var created []string
		for _, vid := range iv.VendorIDs {
			var ids []string
			err := tx.Raw(`INSERT INTO quote_requests (id, intake_id, shortlist_id, vendor_id, due_at, created_by, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (intake_id, vendor_id) DO NOTHING RETURNING id`,
				newID(), in.ID, sl.ID, vid, iv.DueAt.UTC(), by, now).Scan(&ids).Error
			if err != nil {
				return err
			}
			if len(ids) == 0 {
				continue
			}
			created = append(created, ids[0])
			if err := writeAudit(ctx, tx, ActionQuoteInvite, objectQuoteRequest, ids[0], nil, invitationAudit{
				IntakeID: in.ID, ShortlistID: sl.ID, VendorID: vid, Status: quote.StatusInvited, DueAt: iv.DueAt.UTC()}); err != nil {
				return err
			}
		}
		if out, err = loadInvitations(tx, "r.intake_id = ? AND r.vendor_id IN ?", in.ID, iv.VendorIDs); err != nil {
			return err
		}
		return queueInvited(ctx, tx, out, created)
	})
	if err != nil {
		return nil, translate("create invitations", err)
	}
	return out, nil
}
