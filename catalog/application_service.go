package catalog

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"callmatch"
	"callmatch/account"
	"callmatch/mail"
)

// Applications takes public "List your call center" applications and lets
// staff approve them into a draft vendor with its first user, or reject
// them with a reason.
type Applications struct {
	Store  ApplicationStore
	People *account.People // makes the applicant's invitation
	// Limiter bounds submissions per client address (PerClient an hour)
	// and per applicant address (PerAddress an hour); nil: no limit.
	Limiter               account.Limiter
	PerClient, PerAddress int
	Now                   func() time.Time
}

// NewApplications returns the service with the production limits.
func NewApplications(s ApplicationStore, people *account.People, l account.Limiter) *Applications {
	return &Applications{Store: s, People: people, Limiter: l, PerClient: 5, PerAddress: 3, Now: time.Now}
}

// Submit stores a new application from anyone. Limits are spent before
// validation, so that probing the form costs like sending it. Repeating a
// submission stores another application (the desk sees both); the
// per-address limit keeps that small.
func (s *Applications) Submit(ctx context.Context, a *Application, clientIP string) error {
	if err := s.limit(ctx, "apply:ip:"+clientIP, s.PerClient); err != nil {
		return err
	}
	if err := a.Validate(); err != nil {
		return err
	}
	if err := s.limit(ctx, "apply:email:"+account.AddressKeyOf(s.People.AddressKey, a.Email), s.PerAddress); err != nil {
		return err
	}
	a.ID, a.Status, a.Reason, a.VendorID, a.DecidedBy = "", ApplicationPending, "", "", ""
	return s.Store.CreateApplication(ctx, a)
}

func (s *Applications) limit(ctx context.Context, key string, n int) error {
	if s.Limiter == nil || n <= 0 {
		return nil
	}
	ok, retry, err := s.Limiter.Hit(ctx, key, n, time.Hour, s.Now())
	if err != nil {
		return err
	}
	if !ok {
		return &callmatch.Error{Code: callmatch.ERATELIMITED, RetryAfter: retry,
			Message: "Too many applications from here; please try again later."}
	}
	return nil
}

// List returns every application, newest first (staff).
func (s *Applications) List(ctx context.Context) ([]*Application, error) {
	if err := account.CanReviewApplications(callmatch.ActorFrom(ctx)); err != nil {
		return nil, err
	}
	return s.Store.FindApplications(ctx)
}

// Find returns one application (staff).
func (s *Applications) Find(ctx context.Context, id string) (*Application, error) {
	if err := account.CanReviewApplications(callmatch.ActorFrom(ctx)); err != nil {
		return nil, err
	}
	return s.Store.FindApplication(ctx, id)
}

// Approve creates a draft vendor from the application and invites the
// applicant as its first user, mailed in the application's language. A
// second approval (a double click) or one of a decided application
// changes nothing and returns it as it is.
func (s *Applications) Approve(ctx context.Context, id string) (*Application, error) {
	actor := callmatch.ActorFrom(ctx)
	if err := account.CanDecideApplications(actor); err != nil {
		return nil, err
	}
	return s.Store.ApproveApplication(ctx, id, func(a *Application, vendorID string) (*Vendor, *account.Invitation, []byte, mail.Message, error) {
		v := a.DraftVendor()
		v.ID = vendorID
		r := account.InviteRequest{Email: a.Email, Role: callmatch.RoleVendor, VendorID: vendorID, VendorName: v.Name, Lang: a.Lang}
		if err := r.Validate(); err != nil {
			return nil, nil, nil, mail.Message{}, err
		}
		inv, plain, hash := s.People.NewInvitation(r, actor.Label())
		return v, inv, hash, account.InvitationMail(inv, plain), nil
	})
}

// Reject records why and mails the applicant. Rejecting a decided
// application changes nothing.
func (s *Applications) Reject(ctx context.Context, id, reason string) (*Application, error) {
	if err := account.CanDecideApplications(callmatch.ActorFrom(ctx)); err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	if n := utf8.RuneCountInString(reason); n < 1 || n > 2000 {
		var fe callmatch.FieldErrors
		fe.Add("reason", "must be 1 to 2000 characters: the applicant reads it")
		return nil, fe.Err()
	}
	return s.Store.RejectApplication(ctx, id, reason, func(a *Application) mail.Message {
		return mail.Message{Cause: "vendor_application.rejected:" + a.ID, To: a.Email, Lang: a.Lang, Kind: MailKindApplicationRejected,
			Data: map[string]string{"company": a.Company, "reason": reason}}
	})
}
