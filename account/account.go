// Package account is who may do what: users and their roles, sessions, API
// tokens, login throttling and the authorization policy. No web or database
// code lives here.
package account

import (
	"context"
	"time"
)

// User is a person who can sign in. A vendor user belongs to exactly one
// vendor; staff (advisor, admin) belong to none.
type User struct {
	ID           string    `json:"id"`
	Email        string    `json:"email"`
	Role         string    `json:"role"`
	VendorID     string    `json:"vendor_id,omitempty"`
	PasswordHash string    `json:"-"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// Store keeps users, sessions and API tokens. Secrets are stored as SHA-256
// hashes only; the caller hashes. Lookups that find nothing (including an
// expired session or token) return a callmatch.Error with code not_found; a
// duplicate email is conflict.
type Store interface {
	// CreateUser inserts u, filling ID (when empty), CreatedAt and UpdatedAt.
	CreateUser(ctx context.Context, u *User) error
	// UpsertUser creates the user or, if the email exists, updates role,
	// vendor and password hash: seeding the demo twice must not fail. It
	// fills u's ID, CreatedAt and UpdatedAt from the stored row.
	UpsertUser(ctx context.Context, u *User) error
	FindUserByID(ctx context.Context, id string) (*User, error)
	FindUserByEmail(ctx context.Context, email string) (*User, error)

	CreateSession(ctx context.Context, userID string, tokenHash []byte, expires time.Time) error
	// FindUserBySession returns the user of an unexpired session.
	FindUserBySession(ctx context.Context, tokenHash []byte, now time.Time) (*User, error)
	// DeleteSession removes a session; an unknown one is not an error, so
	// that logging out twice is harmless.
	DeleteSession(ctx context.Context, tokenHash []byte) error

	// CreateAPIToken stores a token; an unknown userID is not_found.
	CreateAPIToken(ctx context.Context, userID, name string, tokenHash []byte, expires time.Time) error
	// FindUserByAPIToken returns the user of an unexpired token and notes
	// when the token was last used.
	FindUserByAPIToken(ctx context.Context, tokenHash []byte, now time.Time) (*User, error)

	// PurgeExpired deletes sessions and API tokens that expired before now.
	PurgeExpired(ctx context.Context, now time.Time) error
}

// Limiter counts events per key in fixed windows. State lives in PostgreSQL so
// that every app replica sees the same counts.
type Limiter interface {
	// Hit records one event for key and reports whether it is within limit
	// events per window; when it is not, retryAfter says when to try again.
	Hit(ctx context.Context, key string, limit int, window time.Duration, now time.Time) (ok bool, retryAfter time.Duration, err error)
	// Reset forgets a key (after a successful login).
	Reset(ctx context.Context, key string) error
	// Forgive takes back one event recorded by Hit in the window containing
	// now: an attempt is counted before we know whether it failed, so that
	// concurrent attempts cannot all slip under the limit, and a success is
	// then taken back.
	Forgive(ctx context.Context, key string, window time.Duration, now time.Time) error
	// PurgeExpired deletes windows that ended before now.
	PurgeExpired(ctx context.Context, now time.Time) error
}
