package seed_test

import (
	"crypto/rand"
	"slices"
	"testing"

	"callmatch"
	"callmatch/account"
	"callmatch/catalog"
	"callmatch/demo"
	"callmatch/demo/seed"
	"callmatch/mail"
	"callmatch/postgres"
)

// accountServices are the app's vendor applications and people services
// on db, built as app.New builds them, with mail on.
func accountServices(t *testing.T, db *postgres.DB) (*catalog.Applications, *account.People) {
	t.Helper()
	key := make([]byte, postgres.DataKeySize)
	rand.Read(key)
	if err := db.EnableMail(key); err != nil {
		t.Fatal(err)
	}
	accounts, limiter := postgres.NewAccountStore(db), postgres.NewLimiter(db)
	people := account.NewPeople(accounts, account.NewAuthenticator(accounts, limiter))
	store, err := postgres.NewApplicationStore(db, key)
	if err != nil {
		t.Fatal(err)
	}
	return catalog.NewApplications(store, people, limiter), people
}

// TestDemoSeedOnboarding: the desk finds vendor applications pending (one
// in Spanish), approved (a draft vendor and the applicant's open
// invitation) and rejected with a reason, and open invitations of an
// advisor and a vendor user, made by the demo staff, with their mail
// queued. A second run adds nothing.
func TestDemoSeedOnboarding(t *testing.T) {
	db, _, _ := newApp(t, today)
	apps, people := accountServices(t, db)
	ctx := t.Context()
	applied, err := seed.Applied(ctx, apps)
	if err != nil || applied {
		t.Fatalf("Applied on an empty database: %v, %v", applied, err)
	}
	cfg := seed.Config{DB: db, Password: "demo-pw", Vendors: 40, Applications: apps, People: people}
	rep, err := seed.Demo(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{catalog.ApplicationPending: 2, catalog.ApplicationApproved: 1, catalog.ApplicationRejected: 1}
	if !equal(rep.Applications, want) || rep.OpenInvitations != 3 {
		t.Errorf("applications %v, %d open invitations; want %v and 3", rep.Applications, rep.OpenInvitations, want)
	}
	if applied, err := seed.Applied(ctx, apps); err != nil || !applied {
		t.Errorf("Applied after seeding: %v, %v", applied, err)
	}

	accounts := postgres.NewAccountStore(db)
	admin, err := accounts.FindUserByEmail(ctx, demo.AdminEmail)
	if err != nil {
		t.Fatal(err)
	}
	advisor, err := accounts.FindUserByEmail(ctx, demo.AdvisorEmail)
	if err != nil {
		t.Fatal(err)
	}
	staff := callmatch.WithActor(ctx, callmatch.Actor{UserID: admin.ID, Role: admin.Role})
	all, err := apps.List(staff)
	if err != nil {
		t.Fatal(err)
	}
	var spanishPending bool
	var draftVendor string
	for _, a := range all {
		if a.Status != catalog.ApplicationPending && a.DecidedBy != "user:"+advisor.ID {
			t.Errorf("%s was decided by %q, not the demo advisor", a.Company, a.DecidedBy)
		}
		switch a.Status {
		case catalog.ApplicationPending:
			spanishPending = spanishPending || a.Lang == "es"
		case catalog.ApplicationApproved:
			draftVendor = a.VendorID
		case catalog.ApplicationRejected:
			if a.Reason == "" {
				t.Errorf("%s rejected without a reason", a.Company)
			}
		}
	}
	if !spanishPending {
		t.Error("no pending application is in Spanish")
	}
	v, err := postgres.NewVendorStore(db).FindVendorByID(ctx, draftVendor)
	if err != nil || v.Status != catalog.StatusDraft {
		t.Fatalf("the approved application's vendor: %+v, %v", v, err)
	}

	_, open, err := people.List(staff)
	if err != nil {
		t.Fatal(err)
	}
	roles := map[string]string{} // invited role (and vendor) → inviter
	for _, inv := range open {
		key := inv.Role
		switch inv.VendorID {
		case "":
		case draftVendor:
			key += " of the approved applicant"
		default:
			key += " of a demo vendor"
		}
		roles[key] = inv.InvitedBy
	}
	wantRoles := map[string]string{
		callmatch.RoleAdvisor:                               "user:" + admin.ID,
		callmatch.RoleVendor + " of the approved applicant": "user:" + advisor.ID,
		callmatch.RoleVendor + " of a demo vendor":          "user:" + advisor.ID,
	}
	if len(roles) != len(wantRoles) {
		t.Errorf("open invitations %v, want %v", roles, wantRoles)
	}
	for k, by := range wantRoles {
		if roles[k] != by {
			t.Errorf("invitation %s by %q, want %q", k, roles[k], by)
		}
	}

	// Each invitation and the rejection is a queued mail, in its language.
	mails := queued(t, db)
	if want := map[string]int{"account_invitation.en": 2, "account_invitation.es": 1, "vendor_application_rejected.en": 1}; !equal(mails, want) {
		t.Errorf("queued mail %v, want %v", mails, want)
	}

	again, err := seed.Demo(ctx, cfg)
	if err != nil {
		t.Fatalf("second run: %v", err)
	}
	if !equal(again.Applications, rep.Applications) || again.OpenInvitations != rep.OpenInvitations || !equal(queued(t, db), mails) {
		t.Errorf("the second run added: applications %v, %d open invitations, mail %v", again.Applications, again.OpenInvitations, queued(t, db))
	}
	_, open2, err := people.List(staff)
	if err != nil {
		t.Fatal(err)
	}
	ids := func(invs []account.Invitation) []string {
		var out []string
		for _, inv := range invs {
			out = append(out, inv.ID)
		}
		slices.Sort(out)
		return out
	}
	if !slices.Equal(ids(open), ids(open2)) {
		t.Error("the second run replaced the open invitations")
	}
}

// queued counts the queued messages by template and language.
func queued(t *testing.T, db *postgres.DB) map[string]int {
	t.Helper()
	store, err := postgres.NewMessageStore(db, make([]byte, postgres.DataKeySize))
	if err != nil {
		t.Fatal(err)
	}
	list, err := store.FindMessages(t.Context(), mail.Filter{Status: mail.StatusQueued})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, m := range list {
		out[m.Kind+"."+m.Lang]++
	}
	return out
}
