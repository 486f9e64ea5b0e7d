package account

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"callmatch"
)

// MaxAPITokenDays is the longest an API token may live: a leaked token must
// stop working on its own eventually.
const MaxAPITokenDays = 365

// IssueAPIToken creates a bearer token acting as the actor, living ttlDays
// (0: APITokenDays). Only a password sign-in may do this (CanIssueAPIToken).
// The plain token is returned once and only its hash is kept.
func (a *Authenticator) IssueAPIToken(ctx context.Context, actor callmatch.Actor, name string, ttlDays int) (plain string, token *APIToken, err error) {
	if err := CanIssueAPIToken(actor); err != nil {
		return "", nil, err
	}
	var fe callmatch.FieldErrors
	name = strings.TrimSpace(name)
	if n := utf8.RuneCountInString(name); n < 1 || n > 100 {
		fe.Add("name", "must be 1 to 100 characters: say where the token is used")
	}
	if ttlDays == 0 {
		ttlDays = a.APITokenDays
	}
	if ttlDays < 1 || ttlDays > MaxAPITokenDays {
		fe.Addf("ttl_days", "must be a whole number of days from 1 to %d; leave it out for %d", MaxAPITokenDays, a.APITokenDays)
	}
	if err := fe.Err(); err != nil {
		return "", nil, err
	}
	plain, hash := NewToken()
	expires := a.Now().Add(time.Duration(ttlDays) * 24 * time.Hour)
	token, err = a.Store.CreateAPIToken(ctx, actor.UserID, name, hash, expires)
	if err != nil {
		return "", nil, err
	}
	return plain, token, nil
}

// ListAPITokens returns the actor's own unexpired tokens, newest first.
func (a *Authenticator) ListAPITokens(ctx context.Context, actor callmatch.Actor) ([]APIToken, error) {
	if err := CanManageOwnAccount(actor); err != nil {
		return nil, err
	}
	return a.Store.FindAPITokens(ctx, actor.UserID, a.Now())
}

// RevokeAPIToken deletes one of the actor's own tokens. Another user's
// token is not_found, exactly like an unknown id.
func (a *Authenticator) RevokeAPIToken(ctx context.Context, actor callmatch.Actor, id string) error {
	if err := CanManageOwnAccount(actor); err != nil {
		return err
	}
	defer a.ForgetAPITokens() // also when the delete failed midway: forgetting costs one lookup
	return a.Store.DeleteAPIToken(ctx, actor.UserID, id)
}
