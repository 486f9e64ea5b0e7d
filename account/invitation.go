package account

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"callmatch"
	"callmatch/mail"
)

// InvitationTTL is how long an invitation link stays good.
const InvitationTTL = 7 * 24 * time.Hour

// MailKindInvitation is the invitation mail's template
// (mail/templates/account_invitation.<lang>.tmpl). Its Data: token, role,
// vendor_name (may be empty).
const MailKindInvitation = "account_invitation"

// The answers for a link that can no longer be used. They are conflicts
// (the link exists, its state forbids the use) with words a person can act
// on; a link that never existed is not_found.
func ErrLinkUsed() error {
	return callmatch.Errorf(callmatch.ECONFLICT, "This link was already used. Sign in, or ask for a new one.")
}

func ErrLinkExpired() error {
	return callmatch.Errorf(callmatch.ECONFLICT, "This link has expired. Ask for a new one.")
}

func ErrLinkUnknown() error {
	return callmatch.Errorf(callmatch.ENOTFOUND, "This link is not valid. Check that it was copied whole.")
}

// People invites, lists and disables users and resets passwords. It
// decides who may (account policy on the actor in ctx) and hands each
// write to the store with its mail.
type People struct {
	Store PeopleStore
	Auth  *Authenticator // sessions, the hashing slots and the limiter
	Now   func() time.Time

	// ResetTTL is how long a password reset link stays good.
	ResetTTL time.Duration
	// ResetFloor is the least time a reset request takes, known address or
	// not, so that its duration does not tell which addresses have
	// accounts (the known one writes a row and queues mail).
	ResetFloor time.Duration
	// Reset requests allowed per ResetWindow: per address asked about
	// (stops mail-bombing one person) and per client (stops probing).
	ResetPerAddress, ResetPerClient int
	ResetWindow                     time.Duration
	// AddressKey names an address in rate-limit keys; the app sets a keyed
	// hash (postgres.IntakeStore.AddressKey). nil: addressKey's SHA-256,
	// for tests.
	AddressKey func(email string) string
}

// addressKey names email in a rate-limit key with key, or, without one, a
// plain hash of the normalized address.
func addressKey(key func(string) string, email string) string {
	if key != nil {
		return key(email)
	}
	sum := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(email))))
	return hex.EncodeToString(sum[:16])
}

// AddressKeyOf is addressKey for services outside this package (vendor
// applications).
func AddressKeyOf(key func(string) string, email string) string { return addressKey(key, email) }

// NewPeople returns the service with the production defaults.
func NewPeople(s PeopleStore, auth *Authenticator) *People {
	return &People{Store: s, Auth: auth, Now: auth.Now, ResetTTL: time.Hour, ResetFloor: 300 * time.Millisecond,
		ResetPerAddress: 3, ResetPerClient: 20, ResetWindow: time.Hour}
}

// InviteRequest is who to invite.
type InviteRequest struct {
	Email      string
	Role       string
	VendorID   string
	VendorName string // shown in the mail when known
	Lang       string // "" means en
}

// Validate normalizes the request and names every problem.
func (r *InviteRequest) Validate() error {
	u := User{Email: r.Email, Role: r.Role, VendorID: r.VendorID}
	fe := u.fieldErrors()
	r.Email, r.VendorID = u.Email, u.VendorID
	if r.Lang == "" {
		r.Lang = "en"
	}
	if !slices.Contains([]string{"en", "es"}, r.Lang) {
		fe.Add("lang", "must be en or es")
	}
	return fe.Err()
}

// Invite mails a single-use link to join as r.Role. Inviting an address
// again replaces its earlier open invitation (the old link stops working):
// a repeated click sends a fresh link rather than failing. Two concurrent
// invitations of one address: the store's unique open-invitation index
// lets one in and the other is a conflict.
func (p *People) Invite(ctx context.Context, r InviteRequest) (*Invitation, error) {
	a := callmatch.ActorFrom(ctx)
	if err := CanSeePeople(a); err != nil {
		return nil, err
	}
	// The role is checked before the actor's right to it, so that an
	// unknown role is named as such rather than forbidden.
	if err := r.Validate(); err != nil {
		return nil, err
	}
	if err := CanManageAccount(a, r.Role); err != nil {
		return nil, err
	}
	inv, plain, hash := p.NewInvitation(r, a.Label())
	if err := p.Store.CreateInvitation(ctx, inv, hash, InvitationMail(inv, plain)); err != nil {
		return nil, err
	}
	return inv, nil
}

// NewInvitation prepares an invitation of a validated request and its
// link token (plain for the mail, hash for the store), for writers that
// store it in a transaction of their own (a vendor application's approval).
func (p *People) NewInvitation(r InviteRequest, by string) (inv *Invitation, plain string, hash []byte) {
	plain, hash = NewToken()
	inv = &Invitation{Email: r.Email, Role: r.Role, VendorID: r.VendorID, VendorName: r.VendorName, Lang: r.Lang,
		InvitedBy: by, ExpiresAt: p.Now().Add(InvitationTTL)}
	return inv, plain, hash
}

// InvitationMail is the mail carrying an invitation's link. Its cause is
// the token's hash: a repeat of the same write queues nothing twice, and a
// new link (a new invitation) is a new message.
func InvitationMail(inv *Invitation, plain string) mail.Message {
	return mail.Message{Cause: "account.invitation:" + tokenCause(plain), To: inv.Email, Lang: inv.Lang, Kind: MailKindInvitation,
		Data: map[string]string{"token": plain, "role": inv.Role, "vendor_name": inv.VendorName}}
}

// tokenCause names a link in a mail's cause without revealing it.
func tokenCause(plain string) string {
	sum := sha256.Sum256([]byte("cause:" + plain))
	return hex.EncodeToString(sum[:12])
}

// FindInvitation returns the invitation of a link for its accept page,
// or why it cannot be used.
func (p *People) FindInvitation(ctx context.Context, token string) (*Invitation, error) {
	inv, err := p.Store.FindInvitation(ctx, HashToken(token))
	if err != nil {
		return nil, linkError(err)
	}
	return inv, inv.usable(p.Now())
}

// linkError is err of a store looking a link up, with not_found saying
// that the link is not valid.
func linkError(err error) error {
	if callmatch.ErrorCode(err) == callmatch.ENOTFOUND {
		return ErrLinkUnknown()
	}
	return err
}

func (inv *Invitation) usable(now time.Time) error {
	switch {
	case inv.AcceptedAt != nil || inv.RevokedAt != nil:
		return ErrLinkUsed()
	case !now.Before(inv.ExpiresAt):
		return ErrLinkExpired()
	}
	return nil
}

// Accept creates the account of an invitation with the chosen name and
// password and signs it in. Two accepts of one link (a double click, two
// tabs): the store's row lock lets exactly one create the account.
func (p *People) Accept(ctx context.Context, token, name, password string) (u *User, session string, expires time.Time, err error) {
	var fe callmatch.FieldErrors
	name = strings.TrimSpace(name)
	if n := utf8.RuneCountInString(name); n < 1 || n > 200 {
		fe.Add("name", "must be 1 to 200 characters")
	}
	if msg := passwordProblem(password); msg != "" {
		fe.Add("password", msg)
	}
	if err := fe.Err(); err != nil {
		return nil, "", time.Time{}, err
	}
	// The link first: a garbage, spent or expired token costs no argon2
	// work (AcceptInvitation checks it again under its row lock).
	if _, err := p.FindInvitation(ctx, token); err != nil {
		return nil, "", time.Time{}, err
	}
	hash, err := p.Auth.hashPassword(ctx, password)
	if err != nil {
		return nil, "", time.Time{}, err
	}
	u = &User{Name: name, PasswordHash: hash}
	if err := p.Store.AcceptInvitation(ctx, HashToken(token), u, p.Now()); err != nil {
		return nil, "", time.Time{}, linkError(err)
	}
	session, expires, err = p.Auth.OpenSession(ctx, u)
	return u, session, expires, err
}

// RevokeInvitation takes back an open invitation. Revoking twice, or one
// already accepted, changes nothing.
func (p *People) RevokeInvitation(ctx context.Context, id string) error {
	a := callmatch.ActorFrom(ctx)
	if err := CanSeePeople(a); err != nil {
		return err
	}
	inv, err := p.Store.FindInvitationByID(ctx, id)
	if err != nil {
		return err
	}
	if err := CanManageAccount(a, inv.Role); err != nil {
		return err
	}
	return p.Store.RevokeInvitation(ctx, id)
}

// List returns every user and the open invitations, for staff.
func (p *People) List(ctx context.Context) ([]Person, []Invitation, error) {
	if err := CanSeePeople(callmatch.ActorFrom(ctx)); err != nil {
		return nil, nil, err
	}
	people, err := p.Store.FindPeople(ctx)
	if err != nil {
		return nil, nil, err
	}
	invs, err := p.Store.FindOpenInvitations(ctx)
	return people, invs, err
}

// SetDisabled disables a user (their sessions and API tokens end at once)
// or enables them again. Repeating either is harmless.
func (p *People) SetDisabled(ctx context.Context, userID string, disabled bool) error {
	a := callmatch.ActorFrom(ctx)
	if err := CanSeePeople(a); err != nil {
		return err
	}
	if disabled && userID == a.UserID {
		return callmatch.Errorf(callmatch.EFORBIDDEN, "You cannot disable your own account.")
	}
	u, err := p.Auth.Store.FindUserByID(ctx, userID)
	if err != nil {
		return err
	}
	if err := CanManageAccount(a, u.Role); err != nil {
		return err
	}
	defer p.Auth.ForgetAPITokens() // the disabled user's tokens end at once here, within a second elsewhere
	return p.Store.SetUserDisabled(ctx, userID, disabled)
}
