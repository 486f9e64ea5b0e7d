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

func TestAuthLoginAndSession(t *testing.T) {
	f := newAuthFixture(t)
	t.Parallel()
	ctx := t.Context()

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
	a := account.ActorForUser(u, "req")
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

func TestAuthLoginThrottlesAccount(t *testing.T) {
	f := newAuthFixture(t)
	t.Parallel()
	ctx := t.Context()
	fail := func(ip string) error {
		_, _, _, err := f.auth.Login(ctx, "ann@example.org", "guess "+ip, ip)
		return err
	}

	// Four failures, then a success resets the account's count...
	for range 4 {
		wantAccountCode(t, fail("192.0.2.1"), callmatch.EUNAUTHORIZED)
	}
	if _, _, _, err := f.auth.Login(ctx, "ann@example.org", "the right password", "192.0.2.1"); err != nil {
		t.Fatalf("login after 4 failures: %v", err)
	}
	// ...so five more failures are allowed, from addresses all over.
	for i := range 5 {
		wantAccountCode(t, fail("198.51.100."+string(rune('1'+i))), callmatch.EUNAUTHORIZED)
	}

	// The sixth is refused before the account is even looked up: even the
	// right password does not get in, and no password is checked.
	before := f.store.lookups.Load()
	_, _, _, err := f.auth.Login(ctx, "ANN@example.org", "the right password", "203.0.113.9")
	wantAccountCode(t, err, callmatch.ERATELIMITED)
	if e := err.(*callmatch.Error); e.RetryAfter != 14*time.Minute {
		t.Errorf("RetryAfter = %s, want 14m (12:01 → 12:15)", e.RetryAfter)
	}
	if f.store.lookups.Load() != before {
		t.Fatal("the password was checked while throttled")
	}

	// An unknown email is throttled exactly like a known one.
	for range 5 {
		_, _, _, err := f.auth.Login(ctx, "nobody@example.org", "guess", "203.0.113.10")
		wantAccountCode(t, err, callmatch.EUNAUTHORIZED)
	}
	_, _, _, err = f.auth.Login(ctx, "nobody@example.org", "guess", "203.0.113.10")
	wantAccountCode(t, err, callmatch.ERATELIMITED)

	// The next window lets the user in.
	f.now = time.Date(2026, 3, 1, 12, 15, 0, 0, time.UTC)
	if _, _, _, err := f.auth.Login(ctx, "ann@example.org", "the right password", "203.0.113.9"); err != nil {
		t.Fatalf("login in the next window: %v", err)
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

	plain, expires, err := f.auth.IssueAPIToken(ctx, f.user.ID, " nightly export ", 0)
	if err != nil {
		t.Fatal(err)
	}
	if !expires.Equal(f.now.Add(90 * 24 * time.Hour)) {
		t.Errorf("default expiry %v", expires)
	}
	if u, err := f.auth.UserForAPIToken(ctx, plain); err != nil || u.ID != f.user.ID {
		t.Fatalf("UserForAPIToken = %+v, %v", u, err)
	}
	// A session token is not an API token, nor the other way round.
	_, err = f.auth.UserForSession(ctx, plain)
	wantAccountCode(t, err, callmatch.EUNAUTHORIZED)

	short, _, err := f.auth.IssueAPIToken(ctx, f.user.ID, "short", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	f.now = f.now.Add(time.Hour)
	_, err = f.auth.UserForAPIToken(ctx, short)
	wantAccountCode(t, err, callmatch.EUNAUTHORIZED)
	_, err = f.auth.UserForAPIToken(ctx, "")
	wantAccountCode(t, err, callmatch.EUNAUTHORIZED)

	for _, bad := range []struct {
		name  string
		ttl   time.Duration
		field string
	}{
		{"", 0, "name"},
		{"   ", 0, "name"},
		{strings.Repeat("n", 101), 0, "name"},
		{"ok", -time.Hour, "ttl"},
		{"ok", 366 * 24 * time.Hour, "ttl"},
	} {
		_, _, err := f.auth.IssueAPIToken(ctx, f.user.ID, bad.name, bad.ttl)
		wantAccountCode(t, err, callmatch.EINVALID)
		if err.(*callmatch.Error).Fields[bad.field] == "" {
			t.Errorf("IssueAPIToken(%q, %s): %v does not name %s", bad.name, bad.ttl, err, bad.field)
		}
	}
	if _, _, err := f.auth.IssueAPIToken(ctx, f.user.ID, strings.Repeat("ñ", 100), account.MaxAPITokenTTL); err != nil {
		t.Errorf("100-character name, one year: %v", err)
	}
	_, _, err = f.auth.IssueAPIToken(ctx, "00000000-0000-0000-0000-000000000000", "ghost", 0)
	wantAccountCode(t, err, callmatch.ENOTFOUND)
}

func TestAuthPurgeExpired(t *testing.T) {
	f := newAuthFixture(t)
	t.Parallel()
	ctx := t.Context()
	_, token, _, err := f.auth.Login(ctx, "ann@example.org", "the right password", "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	f.now = f.now.Add(13 * time.Hour)
	if err := f.auth.PurgeExpired(ctx); err != nil {
		t.Fatal(err)
	}
	f.now = f.now.Add(-13 * time.Hour) // the row is gone, not merely expired
	_, err = f.auth.UserForSession(ctx, token)
	wantAccountCode(t, err, callmatch.EUNAUTHORIZED)
}
