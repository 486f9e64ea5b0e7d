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
	Name         string    `json:"name,omitempty"`
	Role         string    `json:"role"`
	VendorID     string    `json:"vendor_id,omitempty"`
	PasswordHash string    `json:"-"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// APIToken describes an issued bearer token. The secret is shown once at
// issue and never kept, so it is not here.
type APIToken struct {
	ID         string
	Name       string
	CreatedAt  time.Time
	ExpiresAt  time.Time
	LastUsedAt *time.Time // nil until first used; minute precision
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
	// UpdatePasswordHash replaces the user's hash if it is still oldHash
	// (two logins rehashing at once must not matter); a changed hash is
	// left alone, and is not an error.
	UpdatePasswordHash(ctx context.Context, userID, oldHash, newHash string) error

	// CreateSession stores a session opened at now, used last at now.
	CreateSession(ctx context.Context, userID string, tokenHash []byte, now, expires time.Time) error
	// FindUserBySession returns the user of a session that has neither
	// expired nor gone unused for idle, and notes the use (at most about
	// once a minute, so that not every request writes).
	FindUserBySession(ctx context.Context, tokenHash []byte, now time.Time, idle time.Duration) (*User, error)
	// DeleteSession removes a session; an unknown one is not an error, so
	// that logging out twice is harmless.
	DeleteSession(ctx context.Context, tokenHash []byte) error
	// DeleteUserSessions removes every session of the user and says how
	// many there were.
	DeleteUserSessions(ctx context.Context, userID string) (int, error)

	// CreateAPIToken stores a token and returns it described; an unknown
	// userID is not_found.
	CreateAPIToken(ctx context.Context, userID, name string, tokenHash []byte, expires time.Time) (*APIToken, error)
	// FindUserByAPIToken returns the user of an unexpired token and notes
	// when the token was last used.
	FindUserByAPIToken(ctx context.Context, tokenHash []byte, now time.Time) (*User, error)
	// FindAPITokens lists the user's unexpired tokens, newest first.
	FindAPITokens(ctx context.Context, userID string, now time.Time) ([]APIToken, error)
	// DeleteAPIToken revokes the user's token id; a token of another user
	// or an unknown id is not_found.
	DeleteAPIToken(ctx context.Context, userID, id string) error

	// PurgeExpired deletes API tokens that expired before now, and
	// sessions that expired or went unused for idle.
	PurgeExpired(ctx context.Context, now time.Time, idle time.Duration) error
}

// Limiter counts events per key: in fixed windows (Hit), or as consecutive
// failures that must wait longer and longer (Attempt). State lives in
// PostgreSQL so that every app replica sees the same counts.
type Limiter interface {
	// Hit records one event for key and reports whether it is within limit
	// events per window; when it is not, retryAfter says when to try again.
	Hit(ctx context.Context, key string, limit int, window time.Duration, now time.Time) (ok bool, retryAfter time.Duration, err error)
	// Attempt claims one try for key. While key is still waiting out the
	// delay of its last failure it refuses (ok false) and says how long is
	// left. Otherwise it counts the try as the next consecutive failure and
	// makes key wait delay(failures) from now: the try is counted before we
	// know it failed, so that concurrent tries cannot all slip through, and
	// a success then calls Reset. Failures are forgotten forget after the
	// last one.
	Attempt(ctx context.Context, key string, delay func(failures int) time.Duration, forget time.Duration, now time.Time) (ok bool, retryAfter time.Duration, err error)
	// Reset forgets a key, its windows and its failures (after a
	// successful login).
	Reset(ctx context.Context, key string) error
	// Forgive takes back one event recorded by Hit in the window containing
	// now: an attempt is counted before we know whether it failed, so that
	// concurrent attempts cannot all slip under the limit, and a success is
	// then taken back.
	Forgive(ctx context.Context, key string, window time.Duration, now time.Time) error
	// PurgeExpired deletes windows that ended, and failures forgotten,
	// before now.
	PurgeExpired(ctx context.Context, now time.Time) error
}
