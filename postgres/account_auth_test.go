package postgres

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"callmatch"
	"callmatch/account"
)

// countingStore notes email lookups: the password of an account can only be
// checked after looking it up, so no lookup means no password check.
type countingStore struct {
	*AccountStore
	lookups atomic.Int32
}

func (s *countingStore) FindUserByEmail(ctx context.Context, email string) (*account.User, error) {
	s.lookups.Add(1)
	return s.AccountStore.FindUserByEmail(ctx, email)
}

type authFixture struct {
	auth  *account.Authenticator
	store *countingStore
	now   time.Time
	user  *account.User
}

func newAuthFixture(t *testing.T) *authFixture {
	t.Helper()
	_, s, l := accountTestDB(t)
	f := &authFixture{store: &countingStore{AccountStore: s}, now: time.Date(2026, 3, 1, 12, 1, 0, 0, time.UTC)}
	f.auth = account.NewAuthenticator(f.store, l)
	f.auth.Now = func() time.Time { return f.now }
	f.user = mustAccountUser(t, s, "ann@example.org", "vendor", accountVendorID, "the right password")
	return f
}

// signIn opens a session for ann and returns its token.
func (f *authFixture) signIn(t *testing.T) string {
	t.Helper()
	_, token, _, err := f.auth.Login(t.Context(), "ann@example.org", "the right password", "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	return token
}

func TestAuthLoginAndSession(t *testing.T) {
	f := newAuthFixture(t)
	t.Parallel()
	ctx := t.Context()
	f.auth.SessionIdle = f.auth.SessionTTL // this test is about the fixed expiry

	u, token, expires, err := f.auth.Login(ctx, " Ann@Example.org", "the right password", "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	if u.ID != f.user.ID || token == "" || !expires.Equal(f.now.Add(12*time.Hour)) {
		t.Fatalf("Login = %+v, %q, %v", u, token, expires)
	}
	if got, err := f.auth.UserForSession(ctx, token); err != nil || got.ID != u.ID {
		t.Fatalf("UserForSession = %+v, %v", got, err)
	}
	a := account.ActorForUser(u, account.CredentialSession, "req")
	if a.VendorID != accountVendorID || account.CanReadVendor(a, accountVendorID) != nil {
		t.Errorf("actor %+v cannot read its own vendor", a)
	}

	f.now = expires
	_, err = f.auth.UserForSession(ctx, token)
	wantAccountCode(t, err, callmatch.EUNAUTHORIZED)
	f.now = expires.Add(-time.Minute)
	if _, err := f.auth.UserForSession(ctx, token); err != nil {
		t.Fatalf("session before expiry: %v", err)
	}

	if err := f.auth.Logout(ctx, token); err != nil {
		t.Fatal(err)
	}
	_, err = f.auth.UserForSession(ctx, token)
	wantAccountCode(t, err, callmatch.EUNAUTHORIZED)
	if err := f.auth.Logout(ctx, token); err != nil {
		t.Fatalf("second logout: %v", err)
	}
	_, err = f.auth.UserForSession(ctx, "")
	wantAccountCode(t, err, callmatch.EUNAUTHORIZED)
}

// A wrong email and a wrong password are indistinguishable.
func TestAuthLoginWrongCredentials(t *testing.T) {
	f := newAuthFixture(t)
	t.Parallel()
	_, _, _, errPw := f.auth.Login(t.Context(), "ann@example.org", "the wrong password", "192.0.2.1")
	_, _, _, errEmail := f.auth.Login(t.Context(), "bob@example.org", "the right password", "192.0.2.1")
	wantAccountCode(t, errPw, callmatch.EUNAUTHORIZED)
	wantAccountCode(t, errEmail, callmatch.EUNAUTHORIZED)
	if errPw.Error() != errEmail.Error() || errPw.Error() != "unauthorized: email or password is wrong" {
		t.Fatalf("messages differ: %q vs %q", errPw, errEmail)
	}
}

// The pair of an account and an address gets five free failures, then
// waits; a success starts the pair afresh; unknown emails are throttled
// exactly like known ones.
func TestAuthLoginThrottlesAccountPerAddress(t *testing.T) {
	f := newAuthFixture(t)
	t.Parallel()
	ctx := t.Context()
	fail := func(email string) error {
		_, _, _, err := f.auth.Login(ctx, email, "a guess", "192.0.2.1")
		return err
	}

	// Four failures, then a success resets the pair's count...
	for range 4 {
		wantAccountCode(t, fail("ann@example.org"), callmatch.EUNAUTHORIZED)
	}
	if _, _, _, err := f.auth.Login(ctx, "ann@example.org", "the right password", "192.0.2.1"); err != nil {
		t.Fatalf("login after 4 failures: %v", err)
	}
	// ...so five more failures are answered, and the sixth waits 15
	// seconds without the account even being looked up.
	for range 5 {
		wantAccountCode(t, fail("ann@example.org"), callmatch.EUNAUTHORIZED)
	}
	before := f.store.lookups.Load()
	_, _, _, err := f.auth.Login(ctx, "ANN@example.org", "the right password", "192.0.2.1")
	wantAccountCode(t, err, callmatch.ERATELIMITED)
	if e := err.(*callmatch.Error); e.RetryAfter != 15*time.Second || f.store.lookups.Load() != before {
		t.Errorf("RetryAfter = %s, want 15s; lookups %d → %d", e.RetryAfter, before, f.store.lookups.Load())
	}

	for range 5 {
		wantAccountCode(t, fail("nobody@example.org"), callmatch.EUNAUTHORIZED)
	}
	wantAccountCode(t, fail("nobody@example.org"), callmatch.ERATELIMITED)

	// Once the wait is over, the right password gets in.
	f.now = f.now.Add(15 * time.Second)
	if _, _, _, err := f.auth.Login(ctx, "ann@example.org", "the right password", "192.0.2.1"); err != nil {
		t.Fatalf("login after the wait: %v", err)
	}
	// The next failure doubles the wait; a day without failures forgets
	// them all.
	wantAccountCode(t, fail("nobody@example.org"), callmatch.EUNAUTHORIZED)
	err = fail("nobody@example.org")
	wantAccountCode(t, err, callmatch.ERATELIMITED)
	if wait := err.(*callmatch.Error).RetryAfter; wait != 30*time.Second {
		t.Errorf("wait after the sixth failure %s, want 30s", wait)
	}
	f.now = f.now.Add(24 * time.Hour)
	for range 5 {
		wantAccountCode(t, fail("nobody@example.org"), callmatch.EUNAUTHORIZED)
	}
}

func TestAuthLoginThrottlesIP(t *testing.T) {
	f := newAuthFixture(t)
	t.Parallel()
	ctx := t.Context()
	// Successes do not use up the address's allowance.
	for range 3 {
		if _, _, _, err := f.auth.Login(ctx, "ann@example.org", "the right password", "2001:db8::1"); err != nil {
			t.Fatal(err)
		}
	}
	// Spraying 20 accounts from one /64 uses the allowance up.
	for i := range 20 {
		email := "user" + strings.Repeat("x", i) + "@example.org"
		_, _, _, err := f.auth.Login(ctx, email, "guess", "2001:db8::"+string(rune('a'+i%6)))
		wantAccountCode(t, err, callmatch.EUNAUTHORIZED)
	}
	before := f.store.lookups.Load()
	_, _, _, err := f.auth.Login(ctx, "ann@example.org", "the right password", "2001:db8::ffff")
	wantAccountCode(t, err, callmatch.ERATELIMITED)
	if err.(*callmatch.Error).RetryAfter <= 0 || f.store.lookups.Load() != before {
		t.Fatalf("throttled by IP: %+v, lookups %d → %d", err, before, f.store.lookups.Load())
	}
	// Another address is unaffected.
	if _, _, _, err := f.auth.Login(ctx, "ann@example.org", "the right password", "2001:db8:1::1"); err != nil {
		t.Fatalf("other /64: %v", err)
	}
}

func TestAuthAPITokens(t *testing.T) {
	f := newAuthFixture(t)
	t.Parallel()
	ctx := t.Context()
	actor := account.ActorForUser(f.user, account.CredentialSession, "req")

	plain, tok, err := f.auth.IssueAPIToken(ctx, actor, " nightly export ", 0)
	if err != nil {
		t.Fatal(err)
	}
	if !tok.ExpiresAt.Equal(f.now.Add(90*24*time.Hour)) || tok.Name != "nightly export" || tok.ID == "" {
		t.Errorf("default token %+v", tok)
	}
	if u, err := f.auth.UserForAPIToken(ctx, plain); err != nil || u.ID != f.user.ID {
		t.Fatalf("UserForAPIToken = %+v, %v", u, err)
	}
	// A session token is not an API token, nor the other way round.
	_, err = f.auth.UserForSession(ctx, plain)
	wantAccountCode(t, err, callmatch.EUNAUTHORIZED)

	short, _, err := f.auth.IssueAPIToken(ctx, actor, "short", 1)
	if err != nil {
		t.Fatal(err)
	}
	f.now = f.now.Add(24 * time.Hour)
	_, err = f.auth.UserForAPIToken(ctx, short)
	wantAccountCode(t, err, callmatch.EUNAUTHORIZED)
	_, err = f.auth.UserForAPIToken(ctx, "")
	wantAccountCode(t, err, callmatch.EUNAUTHORIZED)

	for _, bad := range []struct {
		name  string
		days  int
		field string
	}{
		{"", 0, "name"},
		{"   ", 0, "name"},
		{strings.Repeat("n", 101), 0, "name"},
		{"ok", -1, "ttl_days"},
		{"ok", 366, "ttl_days"},
	} {
		_, _, err := f.auth.IssueAPIToken(ctx, actor, bad.name, bad.days)
		wantAccountCode(t, err, callmatch.EINVALID)
		if msg := err.(*callmatch.Error).Fields[bad.field]; msg == "" || bad.field == "ttl_days" && !strings.Contains(msg, "1 to 365") {
			t.Errorf("IssueAPIToken(%q, %d): %v does not name %s and its range", bad.name, bad.days, err, bad.field)
		}
	}
	if _, _, err := f.auth.IssueAPIToken(ctx, actor, strings.Repeat("ñ", 100), account.MaxAPITokenDays); err != nil {
		t.Errorf("100-character name, one year: %v", err)
	}
	ghost := actor
	ghost.UserID = "00000000-0000-0000-0000-000000000000"
	_, _, err = f.auth.IssueAPIToken(ctx, ghost, "ghost", 0)
	wantAccountCode(t, err, callmatch.ENOTFOUND)

	// A token may list and revoke the user's tokens, never mint one.
	byToken := account.ActorForUser(f.user, account.CredentialAPIToken, "req")
	_, _, err = f.auth.IssueAPIToken(ctx, byToken, "minted by a token", 0)
	wantAccountCode(t, err, callmatch.EFORBIDDEN)
	list, err := f.auth.ListAPITokens(ctx, byToken)
	if err != nil || len(list) != 2 { // the default and the one-year token; the short one expired
		t.Fatalf("ListAPITokens = %+v, %v", list, err)
	}
	if err := f.auth.RevokeAPIToken(ctx, byToken, tok.ID); err != nil {
		t.Fatal(err)
	}
	_, err = f.auth.UserForAPIToken(ctx, plain)
	wantAccountCode(t, err, callmatch.EUNAUTHORIZED)
	_, err = f.auth.ListAPITokens(ctx, callmatch.Actor{})
	wantAccountCode(t, err, callmatch.EUNAUTHORIZED)
}

// Signing out everywhere ends every session of the user, and only sessions.
func TestAuthLogoutAll(t *testing.T) {
	f := newAuthFixture(t)
	t.Parallel()
	ctx := t.Context()
	sessions := []string{f.signIn(t), f.signIn(t)}
	actor := account.ActorForUser(f.user, account.CredentialSession, "req")
	plain, _, err := f.auth.IssueAPIToken(ctx, actor, "integration", 0)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := f.auth.LogoutAll(ctx, actor); err != nil || n != 2 {
		t.Fatalf("LogoutAll = %d, %v", n, err)
	}
	for _, s := range sessions {
		_, err := f.auth.UserForSession(ctx, s)
		wantAccountCode(t, err, callmatch.EUNAUTHORIZED)
	}
	if _, err := f.auth.UserForAPIToken(ctx, plain); err != nil {
		t.Fatalf("the API token ended with the sessions: %v", err)
	}
	_, err = f.auth.LogoutAll(ctx, callmatch.Actor{})
	wantAccountCode(t, err, callmatch.EUNAUTHORIZED)
}

// A session ends after SessionIdle without use, long before its expiry.
func TestAuthSessionIdleTimeout(t *testing.T) {
	f := newAuthFixture(t)
	t.Parallel()
	ctx := t.Context()
	token := f.signIn(t)
	f.now = f.now.Add(f.auth.SessionIdle - time.Minute)
	if _, err := f.auth.UserForSession(ctx, token); err != nil {
		t.Fatalf("in use: %v", err)
	}
	f.now = f.now.Add(f.auth.SessionIdle - time.Minute)
	if _, err := f.auth.UserForSession(ctx, token); err != nil {
		t.Fatalf("used again within the idle time: %v", err)
	}
	f.now = f.now.Add(f.auth.SessionIdle)
	_, err := f.auth.UserForSession(ctx, token)
	wantAccountCode(t, err, callmatch.EUNAUTHORIZED)
}

func TestAuthPurgeExpired(t *testing.T) {
	f := newAuthFixture(t)
	t.Parallel()
	ctx := t.Context()
	token := f.signIn(t)
	f.now = f.now.Add(13 * time.Hour)
	if err := f.auth.PurgeExpired(ctx); err != nil {
		t.Fatal(err)
	}
	f.now = f.now.Add(-13 * time.Hour) // the row is gone, not merely expired
	_, err := f.auth.UserForSession(ctx, token)
	wantAccountCode(t, err, callmatch.EUNAUTHORIZED)
}

// Guessing from one address must not lock the account's owner out: ten
// wrong passwords from A leave the right password from B working, while A
// waits longer and longer.
func TestAuthLoginThrottleGivesAttackersNoLock(t *testing.T) {
	f := newAuthFixture(t)
	t.Parallel()
	ctx := t.Context()
	const attacker, owner = "198.51.100.66", "192.0.2.7"
	for range 10 {
		_, _, _, err := f.auth.Login(ctx, "ann@example.org", "a guess", attacker)
		if code := callmatch.ErrorCode(err); code != callmatch.EUNAUTHORIZED && code != callmatch.ERATELIMITED {
			t.Fatalf("guess: %v", err)
		}
	}
	if _, _, _, err := f.auth.Login(ctx, "ann@example.org", "the right password", owner); err != nil {
		t.Fatalf("the owner from another address after 10 guesses: %v", err)
	}

	// The attacker's address is throttled, the password not even checked,
	// and each wait is longer than the one before.
	var last time.Duration
	for range 3 {
		before := f.store.lookups.Load()
		_, _, _, err := f.auth.Login(ctx, "ann@example.org", "a guess", attacker)
		wantAccountCode(t, err, callmatch.ERATELIMITED)
		wait := err.(*callmatch.Error).RetryAfter
		if wait <= last || f.store.lookups.Load() != before {
			t.Fatalf("throttled guess: wait %s after %s, lookups %d → %d", wait, last, before, f.store.lookups.Load())
		}
		last = wait
		f.now = f.now.Add(wait)
		_, _, _, err = f.auth.Login(ctx, "ann@example.org", "a guess", attacker)
		wantAccountCode(t, err, callmatch.EUNAUTHORIZED)
	}
}

// A hash made under older, weaker parameters is replaced on the next
// successful login, and only then.
func TestAuthLoginRehashes(t *testing.T) {
	f := newAuthFixture(t)
	t.Parallel()
	ctx := t.Context()
	weak := account.HashParams
	weak.Memory /= 2
	old, err := weak.Hash("the right password")
	if err != nil {
		t.Fatal(err)
	}
	f.user.PasswordHash = old
	if err := f.store.UpsertUser(ctx, f.user); err != nil {
		t.Fatal(err)
	}
	if !account.NeedsRehash(old) {
		t.Fatal("the weak hash does not need a rehash")
	}
	if _, _, _, err := f.auth.Login(ctx, "ann@example.org", "a wrong password", "192.0.2.1"); callmatch.ErrorCode(err) != callmatch.EUNAUTHORIZED {
		t.Fatalf("wrong password: %v", err)
	}
	if u, _ := f.store.FindUserByID(ctx, f.user.ID); u.PasswordHash != old {
		t.Fatal("a failed login changed the hash")
	}
	if _, _, _, err := f.auth.Login(ctx, "ann@example.org", "the right password", "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	u, err := f.store.FindUserByID(ctx, f.user.ID)
	if err != nil {
		t.Fatal(err)
	}
	if u.PasswordHash == old || account.NeedsRehash(u.PasswordHash) {
		t.Fatalf("hash after login %q: not rehashed under the current parameters", u.PasswordHash)
	}
	if ok, err := account.CheckPassword(u.PasswordHash, "the right password"); !ok || err != nil {
		t.Fatalf("the new hash does not check: %v %v", ok, err)
	}
}
