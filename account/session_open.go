package account

import (
	"context"
	"time"
)

// OpenSession signs u in without a password: after accepting an
// invitation or resetting the password, where the link proved who they
// are. It returns the plain session token for the cookie.
func (a *Authenticator) OpenSession(ctx context.Context, u *User) (token string, expires time.Time, err error) {
	now := a.Now()
	plain, hash := NewToken()
	expires = now.Add(a.SessionTTL)
	if err := a.Store.CreateSession(ctx, u.ID, hash, now, expires); err != nil {
		return "", time.Time{}, err
	}
	return plain, expires, nil
}

// hashPassword hashes pw in one of the bounded hashing slots.
func (a *Authenticator) hashPassword(ctx context.Context, pw string) (hash string, err error) {
	err = a.withHashing(ctx, func() (err error) { hash, err = HashPassword(pw); return err })
	return hash, err
}
