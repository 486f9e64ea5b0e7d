package postgres

import (
	"strings"
	"testing"
	"time"

	"callmatch"
	"callmatch/account"
)

// newAPIToken stores a token for userID (named "ci" unless a name is
// given) and returns its hash.
func newAPIToken(t *testing.T, s *AccountStore, userID string, expires time.Time, name ...string) ([]byte, *account.APIToken) {
	t.Helper()
	_, hash := account.NewToken()
	tok, err := s.CreateAPIToken(t.Context(), userID, append(name, "ci")[0], hash, expires)
	if err != nil {
		t.Fatal(err)
	}
	return hash, tok
}

// A user lists and revokes only their own tokens; nothing the store hands
// out or audits holds a token's secret or hash.
func TestAccountStoreListAndRevokeAPITokens(t *testing.T) {
	db, s, _ := accountTestDB(t)
	t.Parallel()
	ctx := t.Context()
	ann := mustAccountUser(t, s, "ann@example.org", "advisor", "", "twelve chars")
	bob := mustAccountUser(t, s, "bob@example.org", "advisor", "", "twelve chars")
	now := time.Now().UTC().Truncate(time.Second)
	create := func(userID, name string, expires time.Time) *account.APIToken {
		t.Helper()
		_, tok := newAPIToken(t, s, userID, expires, name)
		return tok
	}
	first := create(ann.ID, "nightly export", now.Add(48*time.Hour))
	second := create(ann.ID, "ci", now.Add(24*time.Hour))
	create(ann.ID, "expired", now.Add(-time.Hour))
	bobs := create(bob.ID, "bob's", now.Add(24*time.Hour))
	if first.ID == "" || first.Name != "nightly export" || !first.ExpiresAt.Equal(now.Add(48*time.Hour)) || first.LastUsedAt != nil {
		t.Fatalf("created %+v", first)
	}

	list, err := s.FindAPITokens(ctx, ann.ID, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != second.ID || list[1].ID != first.ID {
		t.Fatalf("FindAPITokens = %+v, want ci then nightly export (newest first, no expired, no other user's)", list)
	}

	wantAccountCode(t, s.DeleteAPIToken(ctx, ann.ID, bobs.ID), callmatch.ENOTFOUND)
	wantAccountCode(t, s.DeleteAPIToken(ctx, ann.ID, "00000000-0000-0000-0000-000000000000"), callmatch.ENOTFOUND)
	wantAccountCode(t, s.DeleteAPIToken(ctx, ann.ID, "not-a-uuid"), callmatch.ENOTFOUND)
	if err := s.DeleteAPIToken(ctx, ann.ID, first.ID); err != nil {
		t.Fatal(err)
	}
	wantAccountCode(t, s.DeleteAPIToken(ctx, ann.ID, first.ID), callmatch.ENOTFOUND)
	if list, _ := s.FindAPITokens(ctx, ann.ID, now); len(list) != 1 || list[0].ID != second.ID {
		t.Fatalf("after revoking: %+v", list)
	}
	if list, _ := s.FindAPITokens(ctx, bob.ID, now); len(list) != 1 {
		t.Fatalf("bob's token after ann's revokes: %+v", list)
	}

	var audits []struct {
		Action string
		Diff   string
	}
	db.gorm.Raw(`SELECT action, diff::text AS diff FROM audit_log WHERE object_type = 'api_token' ORDER BY id`).Scan(&audits)
	if len(audits) != 5 || audits[4].Action != "api_token.revoke" {
		t.Fatalf("audit rows %+v: want 4 creates and a revoke", audits)
	}
	for _, a := range audits {
		if !strings.Contains(a.Diff, "user_id") || strings.Contains(a.Diff, "hash") {
			t.Errorf("audit %s: %s", a.Action, a.Diff)
		}
	}
}
