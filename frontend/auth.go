package frontend

import (
	"context"
	"time"

	"callmatch"
	"callmatch/account"
)

// Authenticator is what the pages need of account.Authenticator: signing
// in and out, and the user's own API tokens.
type Authenticator interface {
	Login(ctx context.Context, email, password, ip string) (*account.User, string, time.Time, error)
	Logout(ctx context.Context, sessionToken string) error
	LogoutAll(ctx context.Context, actor callmatch.Actor) (int, error)
	IssueAPIToken(ctx context.Context, actor callmatch.Actor, name string, ttlDays int) (string, *account.APIToken, error)
	ListAPITokens(ctx context.Context, actor callmatch.Actor) ([]account.APIToken, error)
	RevokeAPIToken(ctx context.Context, actor callmatch.Actor, id string) error
}
