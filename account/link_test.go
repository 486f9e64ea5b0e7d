package account

import (
	"context"
	"testing"
	"time"

	"callmatch"
)

// linkStore knows no reset link and holds one spent invitation; any other
// call panics (the embedded store is nil).
type linkStore struct{ PeopleStore }

func (linkStore) FindPasswordReset(context.Context, []byte, time.Time) error {
	return callmatch.Errorf(callmatch.ENOTFOUND, "no such reset")
}

func (linkStore) FindInvitation(_ context.Context, tokenHash []byte) (*Invitation, error) {
	if string(tokenHash) == string(HashToken("spent")) {
		accepted := time.Now()
		return &Invitation{ID: "i", Email: "x@example.org", Role: callmatch.RoleAdvisor, AcceptedAt: &accepted}, nil
	}
	return nil, callmatch.Errorf(callmatch.ENOTFOUND, "no such invitation")
}

// A link that cannot be used is refused before the new password is
// hashed: with every hashing slot taken and the request's context done,
// hashing would fail with the context's error, so getting the link's own
// answer shows that no argon2 work was started.
func TestUnusableLinkCostsNoHashing(t *testing.T) {
	t.Parallel()
	p := NewPeople(linkStore{}, NewAuthenticator(nil, nil))
	for len(p.Auth.hashing) < cap(p.Auth.hashing) {
		p.Auth.hashing <- struct{}{}
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	const pw = "a long enough password"
	if _, _, _, err := p.ResetPassword(ctx, "garbage", pw); callmatch.ErrorMessage(err) != callmatch.ErrorMessage(ErrLinkUnknown()) {
		t.Errorf("ResetPassword with an unknown link = %v, want %v", err, ErrLinkUnknown())
	}
	if _, _, _, err := p.Accept(ctx, "garbage", "Kim", pw); callmatch.ErrorMessage(err) != callmatch.ErrorMessage(ErrLinkUnknown()) {
		t.Errorf("Accept with an unknown link = %v, want %v", err, ErrLinkUnknown())
	}
	if _, _, _, err := p.Accept(ctx, "spent", "Kim", pw); callmatch.ErrorMessage(err) != callmatch.ErrorMessage(ErrLinkUsed()) {
		t.Errorf("Accept with a spent link = %v, want %v", err, ErrLinkUsed())
	}
}
