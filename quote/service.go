package quote

import (
	"context"
	"time"

	"callmatch"
	"callmatch/account"
	"callmatch/intake"
)

// Store keeps invitations, quote versions, releases and talk requests. Each
// write runs in one transaction with its audit row and its mail (queued in
// that transaction), and calls check under the lock that serializes the
// write, so that a refused write writes nothing and two writes on one
// object take effect one after the other. Lookups that find nothing are
// not_found.
type Store interface {
	// CreateInvitations locks the shortlist's intake, lets check decide on
	// the shortlist and intake, and invites each vendor once per intake:
	// a vendor invited before keeps its invitation (returned as it is,
	// deadline unchanged, mailed no second time). Each newly invited
	// vendor's users are mailed.
	CreateInvitations(ctx context.Context, iv Invite, check func(*intake.Shortlist, *intake.Intake) error) ([]*Invitation, error)
	// FindInvitations lists invitations, newest first, with their current
	// quote and program.
	FindInvitations(ctx context.Context, f Filter) ([]*Invitation, error)
	FindInvitationByID(ctx context.Context, id string) (*Invitation, error)
	// CreateQuote locks the invitation, lets check decide on it (owner,
	// deadline, validation against its program), stores q as the next
	// version, makes it current, and mails staff (quote received). Its
	// seats become holds (a bookings-only catalog version).
	CreateQuote(ctx context.Context, invitationID string, q Quote, check func(*Invitation) error) (*Quote, error)
	// DeclineInvitation locks the invitation, lets check decide, and
	// records the decline; staff are mailed.
	DeclineInvitation(ctx context.Context, invitationID string, d Decline, check func(*Invitation) error) (*Invitation, error)
	// FindQuoteVersions lists every version of the invitation's quotes,
	// newest first.
	FindQuoteVersions(ctx context.Context, invitationID string) ([]*Quote, error)
	// ReleaseQuotes marks the named current quotes of the intake released
	// (released ones stay as they are) and mails the campaign when any was
	// newly released. A quote that is not a current one of the intake is
	// refused naming it.
	ReleaseQuotes(ctx context.Context, intakeID string, quoteIDs []string) ([]*Quote, error)
	// FindReleasedQuotes lists the latest released version per vendor.
	FindReleasedQuotes(ctx context.Context, intakeID string) ([]*Quote, error)
	// RequestTalk records the campaign's wish to talk to the vendor of a
	// released quote of the intake and mails staff; asking again changes
	// nothing and mails nobody.
	RequestTalk(ctx context.Context, intakeID, quoteID string) error
	// FindShortlistByID is the intake store's.
	FindShortlistByID(ctx context.Context, id string) (*intake.Shortlist, error)
	// FindExclusions returns the programs whose latest shortlist created
	// at or after since excluded the vendor, with its reasons' codes and
	// the form (without contact).
	FindExclusions(ctx context.Context, vendorID string, since time.Time) ([]Exclusion, error)
}

// Filter selects invitations: by vendor, by intake, or both.
type Filter struct {
	VendorID string
	IntakeID string
}

// LinkChecker opens an intake by its private link (intake.Service).
type LinkChecker interface {
	CampaignIntake(ctx context.Context, id, token string) (context.Context, *intake.Intake, error)
}

// Service is the quote workflow and the only way into it.
type Service struct {
	store Store
	links LinkChecker
	// Now is the clock for deadlines and expiry; tests replace it.
	Now func() time.Time
}

// NewService returns the workflow over store, with the campaign's link
// checked by links.
func NewService(store Store, links LinkChecker) *Service {
	return &Service{store: store, links: links, Now: time.Now}
}

func (s *Service) today() callmatch.Date { return callmatch.DateOf(s.Now()) }

// ErrInvitationNotFound is the answer for a missing invitation and for
// another vendor's alike.
func ErrInvitationNotFound(id string) error {
	return callmatch.Errorf(callmatch.ENOTFOUND, "Invitation %q was not found.", id)
}

// Invite invites vendors of a saved shortlist to quote by iv.DueAt (staff).
// Vendors not shortlisted on it are refused naming them (invalid); an
// intake no longer open (engaged, closed, withdrawn) is a conflict.
// Repeated: a vendor invited already keeps its invitation.
func (s *Service) Invite(ctx context.Context, iv Invite) ([]*Invitation, error) {
	if err := intake.AuthorizeStaff(ctx); err != nil {
		return nil, err
	}
	if err := iv.Validate(s.Now()); err != nil {
		return nil, err
	}
	return s.store.CreateInvitations(ctx, iv, func(sl *intake.Shortlist, in *intake.Intake) error {
		if !isOpen(in.Status) {
			return callmatch.Errorf(callmatch.ECONFLICT, "The intake is %s; vendors can no longer be invited to quote.", in.Status)
		}
		return iv.CheckShortlist(sl)
	})
}

// Invitations lists invitations: a vendor user its own vendor's; staff
// all, or one intake's with f.IntakeID.
func (s *Service) Invitations(ctx context.Context, f Filter) ([]*Invitation, error) {
	a := callmatch.ActorFrom(ctx)
	if intake.AuthorizeStaff(ctx) != nil {
		if a.Role != callmatch.RoleVendor || a.VendorID == "" {
			return nil, account.CanListVendors(a) // unauthorized or forbidden
		}
		f.VendorID = a.VendorID
	}
	return s.store.FindInvitations(ctx, f)
}

// Invitation returns one invitation to staff and to the invited vendor's
// users; anyone else is told it does not exist.
func (s *Service) Invitation(ctx context.Context, id string) (*Invitation, error) {
	inv, err := s.store.FindInvitationByID(ctx, id)
	if callmatch.ErrorCode(err) == callmatch.ENOTFOUND {
		return nil, ErrInvitationNotFound(id)
	} else if err != nil {
		return nil, err
	}
	if err := s.authorizeVendorOrStaff(ctx, inv); err != nil {
		return nil, err
	}
	return inv, nil
}

// Versions lists every version of the invitation's quote, newest first,
// for staff and the invited vendor.
func (s *Service) Versions(ctx context.Context, invitationID string) ([]*Quote, error) {
	if _, err := s.Invitation(ctx, invitationID); err != nil {
		return nil, err
	}
	return s.store.FindQuoteVersions(ctx, invitationID)
}

// Submit is the invited vendor's quote. A new quote replaces the vendor's
// earlier one as current (every version is kept and audited). After the
// deadline, or once the intake is no longer open, it is a conflict; bad
// input is invalid naming the field. Concurrent quotes of one vendor are
// numbered one after the other under the invitation's lock: the one
// committed last is current.
func (s *Service) Submit(ctx context.Context, invitationID string, q Quote) (*Quote, error) {
	if err := s.vendorOnly(ctx); err != nil {
		return nil, err
	}
	return s.store.CreateQuote(ctx, invitationID, q, func(inv *Invitation) error {
		if err := s.authorizeInvited(ctx, inv); err != nil {
			return err
		}
		if err := s.checkOpen(inv); err != nil {
			return err
		}
		return q.Validate(&inv.Program, s.today())
	})
}

// Decline is the invited vendor's refusal with a reason code. Declining
// after quoting withdraws nothing already released but ends the holds;
// after the deadline it is a conflict. Declining again is a conflict.
func (s *Service) Decline(ctx context.Context, invitationID string, d Decline) (*Invitation, error) {
	if err := s.vendorOnly(ctx); err != nil {
		return nil, err
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	return s.store.DeclineInvitation(ctx, invitationID, d, func(inv *Invitation) error {
		if err := s.authorizeInvited(ctx, inv); err != nil {
			return err
		}
		if inv.Status == StatusDeclined {
			return callmatch.Errorf(callmatch.ECONFLICT, "This invitation was declined already.")
		}
		return s.checkOpen(inv)
	})
}

// Release shows the named current quotes of the intake to the campaign
// (staff); releasing one again changes nothing.
func (s *Service) Release(ctx context.Context, intakeID string, quoteIDs []string) ([]*Quote, error) {
	if err := intake.AuthorizeStaff(ctx); err != nil {
		return nil, err
	}
	if len(quoteIDs) == 0 {
		var fe callmatch.FieldErrors
		fe.Add("quote_ids", "choose at least one current quote of the intake")
		return nil, fe.Err()
	}
	return s.store.ReleaseQuotes(ctx, intakeID, quoteIDs)
}

// Released is what the campaign sees through its private link: the
// released quotes, the latest released version per vendor.
func (s *Service) Released(ctx context.Context, intakeID, token string) ([]*Quote, error) {
	ctx, _, err := s.links.CampaignIntake(ctx, intakeID, token)
	if err != nil {
		return nil, err
	}
	return s.store.FindReleasedQuotes(ctx, intakeID)
}

// ReleasedForStaff lists the intake's released quotes for staff.
func (s *Service) ReleasedForStaff(ctx context.Context, intakeID string) ([]*Quote, error) {
	if err := intake.AuthorizeStaff(ctx); err != nil {
		return nil, err
	}
	return s.store.FindReleasedQuotes(ctx, intakeID)
}

// TalkTo is the campaign's "talk to this vendor" on a released quote,
// through its private link: the advisors are mailed once per quote.
func (s *Service) TalkTo(ctx context.Context, intakeID, token, quoteID string) error {
	ctx, _, err := s.links.CampaignIntake(ctx, intakeID, token)
	if err != nil {
		return err
	}
	return s.store.RequestTalk(ctx, intakeID, quoteID)
}

func isOpen(status string) bool {
	for _, st := range intake.OpenStatuses {
		if st == status {
			return true
		}
	}
	return false
}

// checkOpen refuses an answer after the deadline or once the intake
// stopped taking quotes: 409.
func (s *Service) checkOpen(inv *Invitation) error {
	now := s.Now()
	if !now.Before(inv.DueAt) {
		return callmatch.Errorf(callmatch.ECONFLICT, "The deadline for this invitation passed at %s; answers are no longer taken.",
			inv.DueAt.UTC().Format(time.RFC3339))
	}
	if !isOpen(inv.IntakeStatus) {
		return callmatch.Errorf(callmatch.ECONFLICT, "The program is %s; answers are no longer taken.", inv.IntakeStatus)
	}
	return nil
}

// vendorOnly: answers are the vendor's own; staff and campaigns may not
// answer for it.
func (s *Service) vendorOnly(ctx context.Context) error {
	a := callmatch.ActorFrom(ctx)
	if a.UserID == "" {
		return callmatch.Errorf(callmatch.EUNAUTHORIZED, "Sign in first.")
	}
	if a.Role != callmatch.RoleVendor || a.VendorID == "" {
		return callmatch.Errorf(callmatch.EFORBIDDEN, "Only the invited vendor's users may answer an invitation.")
	}
	return nil
}

// authorizeInvited: another vendor's invitation does not exist for it.
func (s *Service) authorizeInvited(ctx context.Context, inv *Invitation) error {
	if callmatch.ActorFrom(ctx).VendorID != inv.VendorID {
		return ErrInvitationNotFound(inv.ID)
	}
	return nil
}

func (s *Service) authorizeVendorOrStaff(ctx context.Context, inv *Invitation) error {
	if intake.AuthorizeStaff(ctx) == nil {
		return nil
	}
	if err := account.CanReadVendor(callmatch.ActorFrom(ctx), inv.VendorID); err != nil {
		if callmatch.ErrorCode(err) == callmatch.ENOTFOUND {
			return ErrInvitationNotFound(inv.ID)
		}
		return err
	}
	return nil
}
