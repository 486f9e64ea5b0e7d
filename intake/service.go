package intake

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"log/slog"
	"slices"
	"time"

	"callmatch"
	"callmatch/account"
)

// DefaultReplayWindow is how long a retried submission (same
// Idempotency-Key, same body) is answered with the private link token
// again. Long enough for any client retry, short enough that the sealed
// token does not linger.
const DefaultReplayWindow = 24 * time.Hour

// Service is the intake workflow and the only way into it. Every staff
// operation decides authorization itself from the actor in ctx (see
// authorizeStaff), before touching the store, so a refused call writes
// nothing; the campaign's operations check its private link token instead.
type Service struct {
	store   Store
	catalog CatalogSource
	// Delivery keeps production reports, scorecards and track records
	// (delivery.go); the app sets it.
	Delivery DeliveryStore
	// Vendors reads the public profiles a campaign opens from its shared
	// shortlist (vendor_card.go); the app sets it.
	Vendors VendorReader
	// Inbox keeps the campaigns' messages to their advisors (message.go);
	// the app sets it.
	Inbox MessageStore

	// Now is the clock for as-of dates, urgency and the replay window;
	// tests replace it.
	Now func() time.Time
	// ReplayWindow, see DefaultReplayWindow.
	ReplayWindow time.Duration
	// Logger receives failures of background work (link resends); nil
	// means slog.Default().
	Logger *slog.Logger
	bg     *background // shared by copies (the demo seed runs a copy with its own clock)
}

// NewService returns the workflow over store, matching on the catalog
// snapshots catalog returns.
func NewService(store Store, catalog CatalogSource) *Service {
	return &Service{store: store, catalog: catalog, Now: time.Now, ReplayWindow: DefaultReplayWindow, bg: &background{}}
}

func (s *Service) today() callmatch.Date { return callmatch.DateOf(s.Now()) }

// maxIdempotencyKey bounds a client-chosen header value.
const maxIdempotencyKey = 255

// Submit validates a campaign's form (after defaults) and stores it. It
// returns the record, without contact, and the private link token, which
// exists nowhere else in plain text.
//
// With an idempotencyKey, a repeat of the same form under the same key
// returns the first intake and no new row: within ReplayWindow with the
// same token, so that a client that lost the first answer still learns
// its link; after that with token "", the link having been shown. The same
// key with a different form is a conflict. A repeat is answered so even
// once its first calling day has passed, which a new request may not ask
// for.
func (s *Service) Submit(ctx context.Context, form Form, idempotencyKey string) (*Intake, string, error) {
	ctx = asCampaign(ctx)
	// ApplyDefaults appends; a copy keeps the caller's slice untouched.
	form.Requirements.Certifications = slices.Clone(form.Requirements.Certifications)
	form.ApplyDefaults()
	var fe callmatch.FieldErrors
	if len(idempotencyKey) > maxIdempotencyKey {
		fe.Addf("idempotency_key", "must be at most %d characters", maxIdempotencyKey)
	}
	var sub Submission
	if idempotencyKey != "" && len(fe) == 0 {
		sub.KeyHash, sub.RequestHash = idempotencyHashes(idempotencyKey, &form)
	}
	if err := form.ValidateNew(s.today()); err != nil {
		// A request whose only fault is that its first calling day has
		// passed may be a retry of one stored while the day was allowed
		// (yesterday in UTC is today in Hawaii until 10:00 UTC): under a
		// known key with the same form it is answered as that intake, as
		// before midnight; anything else is refused like a new request.
		// The lookup stores nothing, so repeats, concurrent or not, all
		// get the one intake or the same refusal.
		if sub.KeyHash == nil || form.Validate() != nil {
			return nil, "", err
		}
		rec, stored, found, ferr := s.store.FindSubmission(ctx, sub)
		switch {
		case callmatch.ErrorCode(ferr) == callmatch.ECONFLICT || (ferr == nil && !found):
			return nil, "", err // another form under the key, or none: a new request
		case ferr != nil:
			return nil, "", ferr
		}
		return rec, s.replayToken(rec, stored), nil
	} else if err := fe.Err(); err != nil {
		return nil, "", err
	}
	token, tokenHash := account.NewToken()
	sub.Form, sub.Token, sub.TokenHash = form, token, tokenHash
	rec, stored, created, err := s.store.CreateIntake(ctx, sub)
	switch {
	case err != nil:
		return nil, "", err
	case created:
		return rec, token, nil
	}
	return rec, s.replayToken(rec, stored), nil
}

// replayToken is the token a repeated submission of rec gets back: the one
// stored, within ReplayWindow; after it "", the link having been shown.
func (s *Service) replayToken(rec *Intake, stored string) string {
	if stored == "" || s.Now().Sub(rec.CreatedAt) > s.ReplayWindow {
		return ""
	}
	return stored
}

// idempotencyHashes returns what is stored of a key and its request (the
// form's Fingerprint). The request hash is keyed with the raw key, which
// is never stored, so that a database reader cannot confirm a guess of
// someone's form from it.
func idempotencyHashes(key string, f *Form) (keyHash, requestHash []byte) {
	k := sha256.Sum256([]byte(key))
	h := sha256.New()
	h.Write([]byte(key))
	h.Write([]byte{0})
	h.Write(f.Fingerprint())
	return k[:], h.Sum(nil)
}

// Get returns an intake for staff, without contact.
func (s *Service) Get(ctx context.Context, id string) (*Intake, error) {
	if err := authorizeStaff(ctx); err != nil {
		return nil, err
	}
	return s.store.FindIntakeByID(ctx, id)
}

// Contact returns the intake with its contact details and records in the
// audit log who read them. Only signed-in staff may.
func (s *Service) Contact(ctx context.Context, id string) (*Intake, error) {
	if err := authorizeStaff(ctx); err != nil {
		return nil, err
	}
	return s.store.ReadContact(ctx, id)
}

// List returns one page of the advisor queue and the number of matches.
func (s *Service) List(ctx context.Context, f Filter) ([]*Summary, int, error) {
	if err := authorizeStaff(ctx); err != nil {
		return nil, 0, err
	}
	if err := f.Validate(); err != nil {
		return nil, 0, err
	}
	f.Today = s.today()
	recs, total, err := s.store.FindIntakes(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	out := make([]*Summary, len(recs))
	for i, r := range recs {
		out[i] = NewSummary(r, f.Today)
	}
	return out, total, nil
}

// Review marks that an advisor has taken the intake up.
func (s *Service) Review(ctx context.Context, id string) (*Intake, error) {
	if err := authorizeStaff(ctx); err != nil {
		return nil, err
	}
	return s.store.SetIntakeStatus(ctx, id, StatusInReview)
}

// Close ends an engaged intake.
func (s *Service) Close(ctx context.Context, id string) (*Intake, error) {
	if err := authorizeStaff(ctx); err != nil {
		return nil, err
	}
	return s.store.SetIntakeStatus(ctx, id, StatusClosed)
}

// Withdraw is the campaign calling it off through its private link.
func (s *Service) Withdraw(ctx context.Context, id, token string) (*Intake, error) {
	if _, err := s.authorizeLink(ctx, id, token); err != nil {
		return nil, err
	}
	return s.store.SetIntakeStatus(asCampaign(ctx), id, StatusWithdrawn)
}

// Erase destroys the intake's personal data on request (see
// Form.Anonymize); the rest stays for statistics. The erasure is audited.
func (s *Service) Erase(ctx context.Context, id string) (*Intake, error) {
	if err := authorizeStaff(ctx); err != nil {
		return nil, err
	}
	return s.store.EraseIntake(ctx, id)
}

// PurgeReplayTokens forgets the sealed tokens older than ReplayWindow; run
// it periodically, like other purges. It is maintenance, not staff work:
// it reveals nothing and only ever forgets.
func (s *Service) PurgeReplayTokens(ctx context.Context) (int64, error) {
	return s.store.PurgeReplayTokens(ctx, s.Now().Add(-s.ReplayWindow))
}

// CampaignView is what the holder of the intake's private link sees. A
// wrong or missing token is answered exactly like a missing intake.
func (s *Service) CampaignView(ctx context.Context, id, token string) (*CampaignView, error) {
	in, err := s.authorizeLink(ctx, id, token)
	if err != nil {
		return nil, err
	}
	shared, err := s.store.FindSharedVersions(ctx, id, 2)
	if err != nil {
		return nil, err
	}
	v := NewCampaignView(in, shared...)
	if v.Hired, err = s.hiredVendors(ctx, in); err != nil {
		return nil, err
	}
	return v, nil
}

// authorizeLink returns the intake when token is its private link token.
// The hashes are compared in constant time so that response timing says
// nothing about how much of a guess was right.
func (s *Service) authorizeLink(ctx context.Context, id, token string) (*Intake, error) {
	in, err := s.store.FindIntakeByID(ctx, id)
	if callmatch.ErrorCode(err) == callmatch.ENOTFOUND {
		return nil, ErrIntakeNotFound(id)
	} else if err != nil {
		return nil, err
	}
	if token == "" || subtle.ConstantTimeCompare(account.HashToken(token), in.TokenHash) != 1 {
		return nil, ErrIntakeNotFound(id)
	}
	return in, nil
}
