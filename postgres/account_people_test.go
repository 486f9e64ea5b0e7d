package postgres

import (
	"testing"

	"callmatch"
	"callmatch/account"
	"callmatch/mail"
)

// Disabling ends the user's sessions and API tokens at once, and they
// cannot sign in until enabled again.
func TestDisableUserEndsAccess(t *testing.T) {
	f := newPeopleFixture(t)
	t.Parallel()
	ctx := t.Context()
	u := mustAccountUser(t, f.store, "vic@example.org", callmatch.RoleAdvisor, "", "the vic password")
	_, session, _, err := f.auth.Login(ctx, u.Email, "the vic password", "192.0.2.4")
	if err != nil {
		t.Fatal(err)
	}
	token, _, err := f.auth.IssueAPIToken(t.Context(), account.ActorForUser(u, account.CredentialSession, "r"), "ci", 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.people.SetDisabled(f.as(t, f.admin), u.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := f.auth.UserForSession(ctx, session); callmatch.ErrorCode(err) != callmatch.EUNAUTHORIZED {
		t.Errorf("session after disabling: %v, want unauthorized", err)
	}
	if _, err := f.auth.UserForAPIToken(ctx, token); callmatch.ErrorCode(err) != callmatch.EUNAUTHORIZED {
		t.Errorf("API token after disabling: %v, want unauthorized", err)
	}
	if _, _, _, err := f.auth.Login(ctx, u.Email, "the vic password", "192.0.2.4"); callmatch.ErrorCode(err) != callmatch.EUNAUTHORIZED {
		t.Errorf("login while disabled: %v, want unauthorized", err)
	}
	if _, _, err := f.auth.OpenSession(ctx, u); callmatch.ErrorCode(err) != callmatch.ENOTFOUND {
		t.Errorf("a session for a disabled user: %v, want not_found", err)
	}
	if err := f.people.SetDisabled(f.as(t, f.admin), u.ID, true); err != nil {
		t.Errorf("disabling twice: %v", err)
	}
	people, _, err := f.people.List(f.as(t, f.admin))
	if err != nil || len(people) != 2 || people[0].Role != callmatch.RoleAdmin || people[1].DisabledAt == nil || people[0].LastSignInAt != nil {
		t.Fatalf("List = %+v, %v", people, err)
	}
	if err := f.people.SetDisabled(f.as(t, f.admin), u.ID, false); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := f.auth.Login(ctx, u.Email, "the vic password", "192.0.2.4"); err != nil {
		t.Errorf("login after enabling: %v", err)
	}
	people, _, _ = f.people.List(f.as(t, f.admin))
	if people[1].LastSignInAt == nil || people[1].DisabledAt != nil {
		t.Errorf("after enabling and signing in: %+v", people[1])
	}
	if _, _, err := f.people.List(f.as(t, &account.User{ID: u.ID, Role: callmatch.RoleVendor, VendorID: accountVendorID})); callmatch.ErrorCode(err) != callmatch.EFORBIDDEN {
		t.Errorf("a vendor listing people: %v, want forbidden", err)
	}
}

func TestPasswordReset(t *testing.T) {
	f := newPeopleFixture(t)
	t.Parallel()
	ctx := t.Context()
	u := mustAccountUser(t, f.store, "rita@example.org", callmatch.RoleAdvisor, "", "the old password")
	_, oldSession, _, err := f.auth.Login(ctx, u.Email, "the old password", "192.0.2.5")
	if err != nil {
		t.Fatal(err)
	}
	resets := func() int64 {
		var n int64
		f.db.gorm.Raw(`SELECT count(*) FROM password_resets`).Scan(&n)
		return n
	}
	if err := f.people.RequestPasswordReset(ctx, "nobody@example.org", "192.0.2.5", "en"); err != nil || resets() != 0 {
		t.Fatalf("an unknown address: %v and %d links, want nil and none", err, resets())
	}
	// The link goes out by mail only; read it the way the store makes it.
	plain, hash := account.NewToken()
	if err := f.store.CreatePasswordReset(ctx, "Rita@example.org", hash, f.now.Add(f.people.ResetTTL), resetMail); err != nil || resets() != 1 {
		t.Fatalf("a known address: %v and %d links, want one", err, resets())
	}
	if err := f.people.CheckResetLink(ctx, plain); err != nil {
		t.Fatalf("a fresh link: %v", err)
	}
	if _, _, _, err := f.people.ResetPassword(ctx, plain, "short"); callmatch.ErrorCode(err) != callmatch.EINVALID {
		t.Fatalf("a short new password = %v, want invalid", err)
	}
	got, session, _, err := f.people.ResetPassword(ctx, plain, "the new password")
	if err != nil || got.ID != u.ID || session == "" {
		t.Fatalf("ResetPassword = %+v, %v", got, err)
	}
	if _, err := f.auth.UserForSession(ctx, oldSession); callmatch.ErrorCode(err) != callmatch.EUNAUTHORIZED {
		t.Errorf("the session from before the reset: %v, want ended", err)
	}
	if _, err := f.auth.UserForSession(ctx, session); err != nil {
		t.Errorf("the session the reset opened: %v", err)
	}
	if _, _, _, err := f.auth.Login(ctx, u.Email, "the new password", "192.0.2.5"); err != nil {
		t.Errorf("login with the new password: %v", err)
	}
	if _, _, _, err := f.people.ResetPassword(ctx, plain, "a third password"); callmatch.ErrorMessage(err) != callmatch.ErrorMessage(account.ErrLinkUsed()) {
		t.Errorf("using the link twice: %v, want used", err)
	}
	if err := f.people.CheckResetLink(ctx, plain); callmatch.ErrorMessage(err) != callmatch.ErrorMessage(account.ErrLinkUsed()) {
		t.Errorf("checking a used link: %v, want used", err)
	}
	plain2, hash2 := account.NewToken()
	if err := f.store.CreatePasswordReset(ctx, u.Email, hash2, f.now.Add(f.people.ResetTTL), resetMail); err != nil {
		t.Fatal(err)
	}
	f.now = f.now.Add(f.people.ResetTTL)
	if _, _, _, err := f.people.ResetPassword(ctx, plain2, "a third password"); callmatch.ErrorMessage(err) != callmatch.ErrorMessage(account.ErrLinkExpired()) {
		t.Errorf("an expired link: %v, want expired", err)
	}
}

// Reset requests are limited per address asked about, known or not.
func TestPasswordResetRateLimited(t *testing.T) {
	f := newPeopleFixture(t)
	t.Parallel()
	for i := range f.people.ResetPerAddress + 1 {
		err := f.people.RequestPasswordReset(t.Context(), "nobody@example.org", "192.0.2.6", "en")
		if want := i == f.people.ResetPerAddress; (callmatch.ErrorCode(err) == callmatch.ERATELIMITED) != want {
			t.Fatalf("request %d: %v, rate limited want %v", i+1, err, want)
		}
	}
}

func TestChangePassword(t *testing.T) {
	f := newPeopleFixture(t)
	t.Parallel()
	ctx := t.Context()
	_, keep, _, err := f.auth.Login(ctx, f.admin.Email, "the admin password", "192.0.2.7")
	if err != nil {
		t.Fatal(err)
	}
	_, other, _, _ := f.auth.Login(ctx, f.admin.Email, "the admin password", "192.0.2.8")
	if err := f.people.ChangePassword(f.as(t, f.admin), "wrong password!", "a brand new password", keep); callmatch.ErrorCode(err) != callmatch.EINVALID {
		t.Fatalf("a wrong current password = %v, want invalid", err)
	}
	if err := f.people.ChangePassword(f.as(t, f.admin), "the admin password", "a brand new password", keep); err != nil {
		t.Fatal(err)
	}
	if _, err := f.auth.UserForSession(ctx, keep); err != nil {
		t.Errorf("the session that changed the password: %v, want kept", err)
	}
	if _, err := f.auth.UserForSession(ctx, other); callmatch.ErrorCode(err) != callmatch.EUNAUTHORIZED {
		t.Errorf("another session: %v, want ended", err)
	}
	tokenActor := callmatch.WithActor(ctx, account.ActorForUser(f.admin, account.CredentialAPIToken, "r"))
	if err := f.people.ChangePassword(tokenActor, "a brand new password", "yet another password", ""); callmatch.ErrorCode(err) != callmatch.EFORBIDDEN {
		t.Errorf("changing the password with an API token: %v, want forbidden", err)
	}
}

func resetMail(u *account.User) mail.Message {
	return mail.Message{Cause: "test", To: u.Email, Kind: account.MailKindPasswordReset}
}
