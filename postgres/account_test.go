package postgres

import (
	"bytes"
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"callmatch"
	"callmatch/account"
	"callmatch/devstack/pgtest"
)

const accountVendorID = "6f1c1b8e-3f1d-4c59-9a57-3d2b1f0a6e11"

var accountFastHashing sync.Once

// accountTestDB returns a store and limiter on a fresh migrated database.
// Call it before t.Parallel: it lowers the argon2 cost once for the package,
// and doing so before any parallel test resumes keeps that write race-free.
func accountTestDB(t *testing.T) (*DB, *AccountStore, *Limiter) {
	t.Helper()
	accountFastHashing.Do(func() { account.HashParams = account.TestHashParams })
	db, err := Open(t.Context(), pgtest.NewDB(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, NewAccountStore(db), NewLimiter(db)
}

func mustAccountUser(t *testing.T, s *AccountStore, email, role, vendorID, pw string) *account.User {
	t.Helper()
	u, err := account.NewUser(email, role, vendorID, pw)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateUser(t.Context(), u); err != nil {
		t.Fatal(err)
	}
	return u
}

func wantAccountCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := callmatch.ErrorCode(err); got != code {
		t.Fatalf("err = %v (code %q), want code %q", err, got, code)
	}
}

// vendorAPIToken makes a vendor user with an API token that is good for a
// day from now, and returns the token's hash and a reader of the time the
// store last noted its use.
func vendorAPIToken(t *testing.T, db *DB, s *AccountStore) (u *account.User, now time.Time, hash []byte, lastUsed func() time.Time) {
	t.Helper()
	u = mustAccountUser(t, s, "v@example.org", "vendor", accountVendorID, "twelve chars")
	now = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	hash, _ = newAPIToken(t, s, u.ID, now.Add(24*time.Hour))
	return u, now, hash, func() (at time.Time) {
		db.gorm.Raw(`SELECT last_used_at FROM api_tokens WHERE token_hash = ?`, hashArg(hash)).Scan(&at)
		return at
	}
}

func TestAccountStoreUsers(t *testing.T) {
	_, s, _ := accountTestDB(t)
	t.Parallel()
	ctx := callmatch.WithActor(t.Context(), callmatch.Actor{System: "seed", RequestID: "r1"})

	u := mustAccountUser(t, s, "Vendor@Example.org", "vendor", accountVendorID, "twelve chars")
	if u.ID == "" || u.Email != "vendor@example.org" || u.VendorID != accountVendorID || u.CreatedAt.IsZero() {
		t.Fatalf("created %+v", u)
	}
	got, err := s.FindUserByEmail(ctx, "VENDOR@example.org")
	if err != nil || got.ID != u.ID || got.PasswordHash != u.PasswordHash || got.Role != "vendor" {
		t.Fatalf("FindUserByEmail = %+v, %v", got, err)
	}
	if got, err := s.FindUserByID(ctx, u.ID); err != nil || got.Email != u.Email {
		t.Fatalf("FindUserByID = %+v, %v", got, err)
	}

	dup := &account.User{Email: "vendor@example.org", Role: "admin", PasswordHash: "x"}
	err = s.CreateUser(ctx, dup)
	wantAccountCode(t, err, callmatch.ECONFLICT)
	if err.(*callmatch.Error).Fields["email"] == "" {
		t.Errorf("conflict does not name the email field: %v", err)
	}

	_, err = s.FindUserByEmail(ctx, "nobody@example.org")
	wantAccountCode(t, err, callmatch.ENOTFOUND)
	_, err = s.FindUserByID(ctx, "not-a-uuid")
	wantAccountCode(t, err, callmatch.ENOTFOUND)
	_, err = s.FindUserByID(ctx, "00000000-0000-0000-0000-000000000000")
	wantAccountCode(t, err, callmatch.ENOTFOUND)

	err = s.CreateUser(ctx, &account.User{Email: "x@example.org", Role: "vendor", PasswordHash: "x"})
	wantAccountCode(t, err, callmatch.EINVALID)
}

func TestAccountStoreUpsertUserTwice(t *testing.T) {
	db, s, _ := accountTestDB(t)
	t.Parallel()
	ctx := callmatch.WithActor(t.Context(), callmatch.Actor{System: "seed"})

	first, err := account.NewUser("advisor@demo.callmatch.test", "advisor", "", "callmatch-demo")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.UpsertUser(ctx, first); err != nil {
		t.Fatal(err)
	}
	second, _ := account.NewUser("Advisor@demo.callmatch.test", "admin", "", "another password")
	if err := s.UpsertUser(ctx, second); err != nil {
		t.Fatalf("second upsert: %v", err)
	}
	if second.ID != first.ID {
		t.Fatalf("upsert made a second user: %s, %s", first.ID, second.ID)
	}
	got, err := s.FindUserByEmail(ctx, "advisor@demo.callmatch.test")
	if err != nil || got.Role != "admin" || got.PasswordHash != second.PasswordHash || !got.CreatedAt.Equal(first.CreatedAt) {
		t.Fatalf("after upsert: %+v, %v", got, err)
	}
	if ok, _ := account.CheckPassword(got.PasswordHash, "another password"); !ok {
		t.Fatal("password was not updated")
	}

	entries, err := db.AuditFor(ctx, "user", first.ID)
	if err != nil || len(entries) != 2 {
		t.Fatalf("audit = %+v, %v; want 2 entries", entries, err)
	}
	if entries[0].Action != "user.create" || entries[1].Action != "user.update" || entries[1].Actor != "seed" {
		t.Errorf("audit actions %q, %q by %q", entries[0].Action, entries[1].Action, entries[1].Actor)
	}
	after := entries[1].After
	if string(after["role"]) != `"admin"` || after["password"] == nil || bytes.Contains(after["password"], []byte("argon2")) {
		t.Errorf("update audit after = %v: want the role and a password fingerprint, never the hash", after)
	}
}

func TestAccountStoreSessions(t *testing.T) {
	_, s, _ := accountTestDB(t)
	t.Parallel()
	ctx := t.Context()
	u := mustAccountUser(t, s, "a@example.org", "advisor", "", "twelve chars")
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

	hash := newSession(t, s, u.ID, now, now.Add(time.Hour))
	if got, err := s.FindUserBySession(ctx, hash, now, sessionIdle); err != nil || got.ID != u.ID {
		t.Fatalf("FindUserBySession = %+v, %v", got, err)
	}
	_, err := s.FindUserBySession(ctx, hash, now.Add(time.Hour), sessionIdle)
	wantAccountCode(t, err, callmatch.ENOTFOUND) // expired exactly at expires_at

	_, err = s.FindUserBySession(ctx, account.HashToken("unknown"), now, sessionIdle)
	wantAccountCode(t, err, callmatch.ENOTFOUND)

	if err := s.DeleteSession(ctx, hash); err != nil {
		t.Fatal(err)
	}
	_, err = s.FindUserBySession(ctx, hash, now, sessionIdle)
	wantAccountCode(t, err, callmatch.ENOTFOUND)
	if err := s.DeleteSession(ctx, hash); err != nil {
		t.Fatalf("second delete: %v", err)
	}

	err = s.CreateSession(ctx, "00000000-0000-0000-0000-000000000000", hash, now, now)
	wantAccountCode(t, err, callmatch.ENOTFOUND)
}

func TestAccountStoreAPITokens(t *testing.T) {
	db, s, _ := accountTestDB(t)
	t.Parallel()
	ctx := t.Context()
	u, now, hash, lastUsed := vendorAPIToken(t, db, s)
	got, err := s.FindUserByAPIToken(ctx, hash, now)
	if err != nil || got.ID != u.ID || got.VendorID != accountVendorID {
		t.Fatalf("FindUserByAPIToken = %+v, %v", got, err)
	}
	if at := lastUsed(); !at.Equal(now) {
		t.Errorf("last_used_at = %v, want %v", at, now)
	}
	_, err = s.FindUserByAPIToken(ctx, hash, now.Add(24*time.Hour))
	wantAccountCode(t, err, callmatch.ENOTFOUND)
	_, err = s.FindUserByAPIToken(ctx, account.HashToken("nope"), now)
	wantAccountCode(t, err, callmatch.ENOTFOUND)

	_, err = s.CreateAPIToken(ctx, "00000000-0000-0000-0000-000000000000", "ci", account.HashToken("x"), now)
	wantAccountCode(t, err, callmatch.ENOTFOUND)
	_, err = s.CreateAPIToken(ctx, "junk", "ci", account.HashToken("x"), now)
	wantAccountCode(t, err, callmatch.ENOTFOUND)
}

func TestAccountStorePurgeExpired(t *testing.T) {
	db, s, _ := accountTestDB(t)
	t.Parallel()
	ctx := t.Context()
	u := mustAccountUser(t, s, "a@example.org", "admin", "", "twelve chars")
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	_, old := account.NewToken()
	_, live := account.NewToken()
	_, oldTok := account.NewToken()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.CreateSession(ctx, u.ID, old, now.Add(-time.Hour), now.Add(-time.Minute)))
	must(s.CreateSession(ctx, u.ID, live, now, now.Add(time.Minute)))
	newSession(t, s, u.ID, now.Add(-sessionIdle), now.Add(time.Hour)) // unused for the idle time
	_, err := s.CreateAPIToken(ctx, u.ID, "old", oldTok, now.Add(-time.Minute))
	must(err)
	must(s.PurgeExpired(ctx, now, sessionIdle))

	var sessions, tokens int
	db.gorm.Raw(`SELECT count(*) FROM sessions`).Scan(&sessions)
	db.gorm.Raw(`SELECT count(*) FROM api_tokens`).Scan(&tokens)
	if sessions != 1 || tokens != 0 {
		t.Fatalf("after purge: %d sessions, %d tokens; want 1, 0", sessions, tokens)
	}
	if _, err := s.FindUserBySession(ctx, live, now, sessionIdle); err != nil {
		t.Fatalf("live session purged: %v", err)
	}
}

func TestAccountStoreCascade(t *testing.T) {
	db, s, _ := accountTestDB(t)
	t.Parallel()
	u := mustAccountUser(t, s, "gone@example.org", "advisor", "", "twelve chars")
	newSession(t, s, u.ID, time.Now(), time.Now().Add(time.Hour))
	if err := db.gorm.WithContext(context.Background()).Exec(`DELETE FROM users WHERE id = ?`, u.ID).Error; err != nil {
		t.Fatal(err)
	}
	var n int
	db.gorm.Raw(`SELECT count(*) FROM sessions`).Scan(&n)
	if n != 0 {
		t.Fatalf("%d sessions outlived their user", n)
	}
}

// A vendor user asking for another vendor's object gets the policy's
// not_found; it must read exactly like the store's for a missing vendor, or
// the difference would tell which vendor IDs exist.
func TestAccountPolicyNotFoundMatchesStore(t *testing.T) {
	t.Parallel()
	id := "0a9d7c4e-5b6f-4e1a-8c3d-2f1e0d9c8b77"
	if got, want := account.ErrVendorNotFound(id), vendorNotFound(id); got.Error() != want.Error() {
		t.Fatalf("policy says %q, store says %q", got, want)
	}
}

// TestAccountStoreAPITokenLookupIsOneStatement: every API request looks its
// token up, so the lookup and the note of its use share one round trip, and
// the note is written at most once a minute.
func TestAccountStoreAPITokenLookupIsOneStatement(t *testing.T) {
	db, s, _ := accountTestDB(t)
	t.Parallel()
	ctx := t.Context()
	u, now, hash, lastUsed := vendorAPIToken(t, db, s)
	statements := &statementCounter{Interface: db.gorm.Logger}
	counted := NewAccountStore(&DB{gorm: db.gorm.Session(&gorm.Session{Logger: statements}), sql: db.sql, logger: db.logger})

	for _, c := range []struct {
		what             string
		at, wantLastUsed time.Time
		wantCode         string
	}{
		{"first use, noted", now, now, ""},
		{"use within the minute, not noted", now.Add(30 * time.Second), now, ""},
		{"use after the minute, noted", now.Add(61 * time.Second), now.Add(61 * time.Second), ""},
		{"expired, not noted", now.Add(24 * time.Hour), now.Add(61 * time.Second), callmatch.ENOTFOUND},
	} {
		statements.n.Store(0)
		got, err := counted.FindUserByAPIToken(ctx, hash, c.at)
		if c.wantCode != "" {
			wantAccountCode(t, err, c.wantCode)
		} else if err != nil || got.ID != u.ID {
			t.Fatalf("%s: %+v, %v", c.what, got, err)
		}
		if n := statements.n.Load(); n != 1 {
			t.Errorf("%s: %d statements, want 1", c.what, n)
		}
		if at := lastUsed(); !at.Equal(c.wantLastUsed) {
			t.Errorf("%s: last_used_at = %s, want %s", c.what, at, c.wantLastUsed)
		}
	}
}

// statementCounter counts the statements GORM sends.
type statementCounter struct {
	logger.Interface
	n atomic.Int32
}

func (c *statementCounter) Trace(ctx context.Context, begin time.Time, fc func() (string, int64), err error) {
	c.n.Add(1)
	c.Interface.Trace(ctx, begin, fc, err)
}
