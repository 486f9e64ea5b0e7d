package postgres

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"callmatch"
	"callmatch/account"
)

type peopleFixture struct {
	db     *DB
	store  *AccountStore
	auth   *account.Authenticator
	people *account.People
	now    time.Time
	admin  *account.User
}

func newPeopleFixture(t *testing.T) *peopleFixture {
	t.Helper()
	db, s, l := accountTestDB(t)
	f := &peopleFixture{db: db, store: s, now: time.Now().UTC()}
	f.auth = account.NewAuthenticator(s, l)
	f.auth.Now = func() time.Time { return f.now }
	f.people = account.NewPeople(s, f.auth)
	f.people.Now = f.auth.Now
	f.people.ResetFloor = 0
	f.admin = mustAccountUser(t, s, "root@example.org", callmatch.RoleAdmin, "", "the admin password")
	return f
}

func (f *peopleFixture) as(t *testing.T, u *account.User) context.Context {
	return callmatch.WithActor(t.Context(), account.ActorForUser(u, account.CredentialSession, "req"))
}

// invite invites email as an advisor and returns the link's token, read
// back the way the mail would carry it.
func (f *peopleFixture) invite(t *testing.T, email string) string {
	t.Helper()
	r := account.InviteRequest{Email: email, Role: callmatch.RoleAdvisor}
	if err := r.Validate(); err != nil {
		t.Fatal(err)
	}
	inv, plain, hash := f.people.NewInvitation(r, "test")
	if err := f.store.CreateInvitation(f.as(t, f.admin), inv, hash, account.InvitationMail(inv, plain)); err != nil {
		t.Fatal(err)
	}
	return plain
}

func TestInvitationAcceptOnce(t *testing.T) {
	f := newPeopleFixture(t)
	t.Parallel()
	ctx := t.Context()
	token := f.invite(t, "Nia@Example.org")

	inv, err := f.people.FindInvitation(ctx, token)
	if err != nil || inv.Email != "nia@example.org" || inv.Role != callmatch.RoleAdvisor {
		t.Fatalf("FindInvitation = %+v, %v", inv, err)
	}
	if _, _, _, err := f.people.Accept(ctx, token, "", "short"); callmatch.ErrorCode(err) != callmatch.EINVALID {
		t.Fatalf("Accept without name and with a short password = %v, want invalid", err)
	}
	u, session, _, err := f.people.Accept(ctx, token, "Nia Long", "a long enough password")
	if err != nil || u.Name != "Nia Long" || u.Email != "nia@example.org" || session == "" {
		t.Fatalf("Accept = %+v, %q, %v", u, session, err)
	}
	if got, err := f.auth.UserForSession(ctx, session); err != nil || got.ID != u.ID {
		t.Fatalf("the new session is %+v, %v; want signed in as %s", got, err, u.ID)
	}
	if _, _, _, err := f.auth.Login(ctx, "nia@example.org", "a long enough password", "192.0.2.9"); err != nil {
		t.Fatalf("Login with the chosen password: %v", err)
	}
	if _, _, _, err := f.people.Accept(ctx, token, "Nia Again", "a long enough password"); callmatch.ErrorMessage(err) != callmatch.ErrorMessage(account.ErrLinkUsed()) {
		t.Fatalf("second Accept = %v, want the link used", err)
	}
	if _, err := f.people.FindInvitation(ctx, token); callmatch.ErrorMessage(err) != callmatch.ErrorMessage(account.ErrLinkUsed()) {
		t.Fatalf("FindInvitation after accepting = %v, want the link used", err)
	}
	if _, err := f.people.FindInvitation(ctx, "no-such-token"); callmatch.ErrorCode(err) != callmatch.ENOTFOUND {
		t.Fatalf("unknown link = %v, want not_found", err)
	}
	// An address with an account cannot be invited again.
	r := account.InviteRequest{Email: "nia@example.org", Role: callmatch.RoleAdvisor}
	if _, err := f.people.Invite(f.as(t, f.admin), r); callmatch.ErrorCode(err) != callmatch.ECONFLICT {
		t.Fatalf("inviting an existing user = %v, want conflict", err)
	}
}

func TestInvitationExpiresAndReinviteReplaces(t *testing.T) {
	f := newPeopleFixture(t)
	t.Parallel()
	ctx := t.Context()
	old := f.invite(t, "sam@example.org")
	token := f.invite(t, "sam@example.org") // a second invitation revokes the first link
	if _, err := f.people.FindInvitation(ctx, old); callmatch.ErrorMessage(err) != callmatch.ErrorMessage(account.ErrLinkUsed()) {
		t.Fatalf("the replaced link = %v, want no longer usable", err)
	}
	open, err := f.store.FindOpenInvitations(ctx)
	if err != nil || len(open) != 1 {
		t.Fatalf("open invitations = %+v, %v; want the newest only", open, err)
	}
	f.now = f.now.Add(account.InvitationTTL)
	if _, _, _, err := f.people.Accept(ctx, token, "Sam", "a long enough password"); callmatch.ErrorMessage(err) != callmatch.ErrorMessage(account.ErrLinkExpired()) {
		t.Fatalf("Accept after 7 days = %v, want expired", err)
	}
	if _, err := f.store.FindUserByEmail(ctx, "sam@example.org"); callmatch.ErrorCode(err) != callmatch.ENOTFOUND {
		t.Fatalf("an expired link made a user: %v", err)
	}
}

// Two accepts of one link at once (a double click, two tabs) make one
// account: the invitation row lock orders them and the second sees it used.
func TestInvitationConcurrentAccepts(t *testing.T) {
	f := newPeopleFixture(t)
	t.Parallel()
	token := f.invite(t, "twin@example.org")
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() { _, _, _, errs[i] = f.people.Accept(t.Context(), token, "Twin", "a long enough password") })
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case callmatch.ErrorMessage(err) != callmatch.ErrorMessage(account.ErrLinkUsed()):
			t.Errorf("a losing accept = %v, want the link used", err)
		}
	}
	var users int64
	f.db.gorm.Raw(`SELECT count(*) FROM users WHERE email = 'twin@example.org'`).Scan(&users)
	if ok != 1 || users != 1 {
		t.Fatalf("%d accepts succeeded and %d users exist, want 1 and 1", ok, users)
	}
}

// Admins invite staff; advisors only vendor users; vendors nobody.
func TestInvitePolicy(t *testing.T) {
	f := newPeopleFixture(t)
	t.Parallel()
	advisor := mustAccountUser(t, f.store, "adv@example.org", callmatch.RoleAdvisor, "", "the advisor password")
	vendor := mustAccountUser(t, f.store, "ven@example.org", callmatch.RoleVendor, accountVendorID, "the vendor password")
	for _, c := range []struct {
		who  *account.User
		role string
		want string
	}{
		{advisor, callmatch.RoleAdvisor, callmatch.EFORBIDDEN},
		{advisor, callmatch.RoleAdmin, callmatch.EFORBIDDEN},
		{vendor, callmatch.RoleVendor, callmatch.EFORBIDDEN},
		{f.admin, callmatch.RoleAdmin, ""},
	} {
		_, err := f.people.Invite(f.as(t, c.who), account.InviteRequest{Email: "new-" + c.role + "@example.org", Role: c.role})
		if got := callmatch.ErrorCode(err); got != c.want {
			t.Errorf("%s inviting a %s: %v, want %q", c.who.Role, c.role, err, c.want)
		}
	}
	if err := f.people.SetDisabled(f.as(t, advisor), f.admin.ID, true); callmatch.ErrorCode(err) != callmatch.EFORBIDDEN {
		t.Errorf("an advisor disabling an admin: %v, want forbidden", err)
	}
	if err := f.people.SetDisabled(f.as(t, f.admin), f.admin.ID, true); callmatch.ErrorCode(err) != callmatch.EFORBIDDEN {
		t.Errorf("an admin disabling themself: %v, want forbidden", err)
	}
}

// Inviting an address again replaces only its open invitation of the same
// role and vendor: a live invitation for another role is a conflict
// naming it and stays usable (an advisor inviting a vendor user must not
// cancel an admin's invitation of a staff member), while an expired one
// is replaced.
func TestReinviteAnotherRoleConflicts(t *testing.T) {
	f := newPeopleFixture(t)
	t.Parallel()
	advisor := mustAccountUser(t, f.store, "adv@example.org", callmatch.RoleAdvisor, "", "the advisor password")
	token := f.invite(t, "kim@example.org") // as an advisor, by the admin
	vendorID := mustCreate(t, NewVendorStore(f.db), testVendor("kim")).ID
	asVendor := account.InviteRequest{Email: "kim@example.org", Role: callmatch.RoleVendor, VendorID: vendorID}
	_, err := f.people.Invite(f.as(t, advisor), asVendor)
	if callmatch.ErrorCode(err) != callmatch.ECONFLICT || !strings.Contains(callmatch.ErrorMessage(err), "invitation as advisor") {
		t.Fatalf("re-inviting as a vendor user = %v, want a conflict naming the advisor invitation", err)
	}
	if inv, err := f.people.FindInvitation(t.Context(), token); err != nil || inv.Role != callmatch.RoleAdvisor {
		t.Fatalf("the advisor invitation after the conflict = %+v, %v; want still usable", inv, err)
	}
	if n := countRows(t, f.db, "audit_log", "action = 'invitation.revoke'"); n != 0 {
		t.Errorf("%d revocations audited, want none", n)
	}
	f.now = f.now.Add(account.InvitationTTL + time.Minute)
	if _, err := f.people.Invite(f.as(t, advisor), asVendor); err != nil {
		t.Fatalf("re-inviting after the advisor invitation expired = %v", err)
	}
	open, err := f.store.FindOpenInvitations(t.Context())
	if err != nil || len(open) != 1 || open[0].Role != callmatch.RoleVendor {
		t.Fatalf("open invitations %+v, %v; want the vendor one only", open, err)
	}
}
