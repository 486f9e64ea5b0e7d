package postgres

import (
	"testing"
	"time"

	"callmatch"
	"callmatch/account"
)

const sessionIdle = 2 * time.Hour

// newSession opens a session for userID at now and returns its hash.
func newSession(t *testing.T, s *AccountStore, userID string, now, expires time.Time) []byte {
	t.Helper()
	_, hash := account.NewToken()
	if err := s.CreateSession(t.Context(), userID, hash, now, expires); err != nil {
		t.Fatal(err)
	}
	return hash
}

// A session unused for the idle time has ended; use slides it forward, but
// writes at most once a minute.
func TestAccountStoreSessionIdle(t *testing.T) {
	db, s, _ := accountTestDB(t)
	t.Parallel()
	ctx := t.Context()
	u := mustAccountUser(t, s, "a@example.org", "advisor", "", "twelve chars")
	now := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	hash := newSession(t, s, u.ID, now, now.Add(12*time.Hour))
	lastSeen := func() (at time.Time) {
		db.gorm.Raw(`SELECT last_seen_at FROM sessions WHERE token_hash = ?`, hashArg(hash)).Scan(&at)
		return at
	}
	use := func(at time.Time) error {
		t.Helper()
		_, err := s.FindUserBySession(ctx, hash, at, sessionIdle)
		return err
	}

	if err := use(now.Add(30 * time.Second)); err != nil || !lastSeen().Equal(now) {
		t.Fatalf("use within the minute: %v, last seen %s (want unchanged %s)", err, lastSeen(), now)
	}
	at := now.Add(sessionIdle - time.Minute)
	if err := use(at); err != nil || !lastSeen().Equal(at) {
		t.Fatalf("use just before idle: %v, last seen %s, want %s", err, lastSeen(), at)
	}
	// Slid: three hours after sign-in, but under two after the last use.
	slid := now.Add(3 * time.Hour)
	if err := use(slid); err != nil {
		t.Fatalf("use after sliding: %v", err)
	}
	wantAccountCode(t, use(slid.Add(sessionIdle)), callmatch.ENOTFOUND)
	// An idle session is not revived by trying it.
	wantAccountCode(t, use(slid.Add(sessionIdle+time.Minute)), callmatch.ENOTFOUND)
	if !lastSeen().Equal(slid) {
		t.Errorf("an ended session was touched: last seen %s", lastSeen())
	}
}

// Signing out everywhere ends every session of the user and no one else's.
func TestAccountStoreDeleteUserSessions(t *testing.T) {
	_, s, _ := accountTestDB(t)
	t.Parallel()
	ctx := t.Context()
	now := time.Now()
	ann := mustAccountUser(t, s, "ann@example.org", "advisor", "", "twelve chars")
	bob := mustAccountUser(t, s, "bob@example.org", "advisor", "", "twelve chars")
	var anns [][]byte
	for range 3 {
		anns = append(anns, newSession(t, s, ann.ID, now, now.Add(time.Hour)))
	}
	bobs := newSession(t, s, bob.ID, now, now.Add(time.Hour))
	if n, err := s.DeleteUserSessions(ctx, ann.ID); err != nil || n != 3 {
		t.Fatalf("DeleteUserSessions = %d, %v; want 3", n, err)
	}
	for _, h := range anns {
		_, err := s.FindUserBySession(ctx, h, now, sessionIdle)
		wantAccountCode(t, err, callmatch.ENOTFOUND)
	}
	if _, err := s.FindUserBySession(ctx, bobs, now, sessionIdle); err != nil {
		t.Fatalf("another user's session ended: %v", err)
	}
	if n, err := s.DeleteUserSessions(ctx, ann.ID); err != nil || n != 0 {
		t.Fatalf("second DeleteUserSessions = %d, %v", n, err)
	}
}
