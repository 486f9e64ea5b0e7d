package account

import (
	"context"
	"testing"
	"time"

	"callmatch"
)

// tokenStore answers FindUserByAPIToken for one token and counts the
// lookups; every other Store method is the nil interface's (a panic).
type tokenStore struct {
	Store
	PeopleStore
	hash    []byte
	user    User
	revoked bool
	lookups int
}

func (s *tokenStore) FindUserByAPIToken(_ context.Context, hash []byte, _ time.Time) (*User, error) {
	s.lookups++
	if s.revoked || string(hash) != string(s.hash) {
		return nil, callmatch.Errorf(callmatch.ENOTFOUND, "no such token")
	}
	u := s.user
	return &u, nil
}

func (s *tokenStore) DeleteAPIToken(context.Context, string, string) error {
	s.revoked = true
	return nil
}
func (s *tokenStore) FindUserByID(context.Context, string) (*User, error) {
	u := s.user
	return &u, nil
}
func (s *tokenStore) SetUserDisabled(context.Context, string, bool) error {
	s.revoked = true
	return nil
}

// A token used again within APITokenCacheTTL costs no database lookup; a
// revocation or a disabled user made in this process is refused at once,
// and past the TTL the database is asked again.
func TestAPITokenCache(t *testing.T) {
	t.Parallel()
	plain, hash := NewToken()
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	newAuth := func() (*Authenticator, *tokenStore) {
		s := &tokenStore{hash: hash, user: User{ID: "u1", Role: callmatch.RoleVendor, Email: "ops@example.org"}}
		a := &Authenticator{Store: s, Now: func() time.Time { return now }}
		return a, s
	}
	ctx := context.Background()
	use := func(a *Authenticator) error { _, err := a.UserForAPIToken(ctx, plain); return err }

	a, s := newAuth()
	for range 3 {
		u, err := a.UserForAPIToken(ctx, plain)
		if err != nil || u.ID != "u1" {
			t.Fatalf("valid token: %v %v", u, err)
		}
		u.Role = callmatch.RoleAdmin // a caller's change must not reach the cache
	}
	if s.lookups != 1 {
		t.Errorf("three uses within the TTL: %d lookups, want 1", s.lookups)
	}
	if u, _ := a.UserForAPIToken(ctx, plain); u.Role != callmatch.RoleVendor {
		t.Errorf("cached user changed by a caller: role %s", u.Role)
	}
	now = now.Add(APITokenCacheTTL)
	if err := use(a); err != nil || s.lookups != 2 {
		t.Errorf("past the TTL: %v, %d lookups, want 2", err, s.lookups)
	}
	if err := use(a); err != nil || s.lookups != 2 {
		t.Errorf("within the new TTL: %v, %d lookups, want 2", err, s.lookups)
	}
	if _, err := a.UserForAPIToken(ctx, "not-a-token"); callmatch.ErrorCode(err) != callmatch.EUNAUTHORIZED {
		t.Errorf("unknown token: %v", err)
	}
	if _, err := a.UserForAPIToken(ctx, "not-a-token"); callmatch.ErrorCode(err) != callmatch.EUNAUTHORIZED || s.lookups != 4 {
		t.Errorf("unknown token again: %v, %d lookups, want 4 (refusals are not cached)", err, s.lookups)
	}

	if err := a.RevokeAPIToken(ctx, callmatch.Actor{UserID: "u1"}, "t1"); err != nil {
		t.Fatal(err)
	}
	if err := use(a); callmatch.ErrorCode(err) != callmatch.EUNAUTHORIZED {
		t.Errorf("revoked token right after the revocation: %v, want unauthorized", err)
	}

	a, s = newAuth()
	if err := use(a); err != nil {
		t.Fatal(err)
	}
	p := NewPeople(s, a)
	admin := callmatch.WithActor(ctx, callmatch.Actor{UserID: "admin", Role: callmatch.RoleAdmin, Credential: CredentialSession})
	if err := p.SetDisabled(admin, "u1", true); err != nil {
		t.Fatal(err)
	}
	if err := use(a); callmatch.ErrorCode(err) != callmatch.EUNAUTHORIZED {
		t.Errorf("token of a user just disabled: %v, want unauthorized", err)
	}
}
