package account

import (
	"context"
	"time"

	"callmatch/mail"
)

// Person is a user as the desk's People page lists them.
type Person struct {
	User
	LastSignInAt *time.Time // nil: never signed in
	DisabledAt   *time.Time // nil: active
}

// Invitation is a pending (or spent) offer of an account. The link's token
// is never kept: only its hash, in the store.
type Invitation struct {
	ID         string
	Email      string
	Role       string
	VendorID   string // for a vendor user; "" for staff
	VendorName string // for the list and the mail; filled by the store
	Lang       string // of the mail and the accept page: en or es
	InvitedBy  string // actor label
	ExpiresAt  time.Time
	CreatedAt  time.Time
	AcceptedAt *time.Time
	RevokedAt  *time.Time
}

// PeopleStore keeps invitations, password resets and the state of users
// the People page changes. Each write that causes mail takes the message
// and queues it in its own transaction, so that the mail goes out exactly
// when the write commits.
type PeopleStore interface {
	// CreateInvitation stores inv (filling ID and CreatedAt) and queues m.
	// It revokes an earlier open invitation of the same address, role and
	// vendor (or an expired one), and is a conflict when a user with that
	// address exists or it has a live invitation for another role or vendor.
	CreateInvitation(ctx context.Context, inv *Invitation, tokenHash []byte, m mail.Message) error
	// FindInvitation returns the invitation of a link, spent or not, or
	// not_found.
	FindInvitation(ctx context.Context, tokenHash []byte) (*Invitation, error)
	// FindInvitationByID returns the invitation, or not_found.
	FindInvitationByID(ctx context.Context, id string) (*Invitation, error)
	// FindOpenInvitations lists invitations neither accepted nor revoked,
	// expired ones included (the page says so), newest first.
	FindOpenInvitations(ctx context.Context) ([]Invitation, error)
	// AcceptInvitation turns an open, unexpired invitation into user u (its
	// email, role and vendor come from the invitation) under a row lock: of
	// two accepts of one link exactly one creates the account; the other,
	// like a spent or expired link, gets ErrLinkSpent/ErrLinkExpired.
	AcceptInvitation(ctx context.Context, tokenHash []byte, u *User, now time.Time) error
	// RevokeInvitation revokes an open invitation; a spent one is left
	// alone and is not an error.
	RevokeInvitation(ctx context.Context, id string) error

	// FindPeople lists every user, staff first, then by email.
	FindPeople(ctx context.Context) ([]Person, error)
	// SetUserDisabled disables (ending every session and API token in the
	// same transaction) or re-enables the user.
	SetUserDisabled(ctx context.Context, userID string, disabled bool) error

	// CreatePasswordReset stores a reset link for the enabled user with
	// this email and queues m built for that user by build; an unknown or
	// disabled address stores and queues nothing and is not an error.
	CreatePasswordReset(ctx context.Context, email string, tokenHash []byte, expires time.Time, build func(u *User) mail.Message) error
	// FindPasswordReset says whether a reset link can be used at now:
	// nil, ErrLinkUsed, ErrLinkExpired or ErrLinkUnknown.
	FindPasswordReset(ctx context.Context, tokenHash []byte, now time.Time) error
	// UsePasswordReset spends an unused, unexpired link: it sets newHash,
	// ends every session of the user and returns the user.
	UsePasswordReset(ctx context.Context, tokenHash []byte, newHash string, now time.Time) (*User, error)
	// ChangePassword replaces oldHash by newHash and ends the user's other
	// sessions (all but keep); a hash changed meanwhile is a conflict.
	ChangePassword(ctx context.Context, userID, oldHash, newHash string, keep []byte) error
}

// EmailProblem says what is wrong with an address as typed in a form
// (already normalized), or "" when we can send mail to it.
func EmailProblem(email string) string { return emailProblem(email) }
