package postgres

import (
	"bytes"
	"sync"
	"testing"

	"gorm.io/gorm"

	"callmatch"
	"callmatch/account"
	"callmatch/catalog"
)

func newApplicationFixture(t *testing.T) (*peopleFixture, *catalog.Applications) {
	t.Helper()
	f := newPeopleFixture(t)
	s, err := NewApplicationStore(f.db, bytes.Repeat([]byte{7}, DataKeySize))
	if err != nil {
		t.Fatal(err)
	}
	apps := catalog.NewApplications(s, f.people, NewLimiter(f.db))
	apps.Now = f.auth.Now
	return f, apps
}

func testApplication() *catalog.Application {
	return &catalog.Application{Company: "Lone Star Contact", ContactName: "Lu Star", Email: "Lu@LoneStar.example.org",
		Phone: "512 555 0100", Website: "lonestar.example.org", Services: []string{"gotv", "gotv", "polling"},
		Languages: []string{"es", "en"}, States: []string{"TX"}, Seats: 40, Lang: "es"}
}

func TestApplicationSubmitApprove(t *testing.T) {
	f, apps := newApplicationFixture(t)
	t.Parallel()
	a := testApplication()
	if err := apps.Submit(t.Context(), a, "192.0.2.20"); err != nil {
		t.Fatal(err)
	}
	if a.Website != "https://lonestar.example.org" || len(a.Services) != 2 || a.Email != "lu@lonestar.example.org" || a.Status != catalog.ApplicationPending {
		t.Fatalf("stored application %+v", a)
	}
	var raw []byte
	f.db.gorm.Raw(`SELECT contact FROM vendor_applications WHERE id = ?`, a.ID).Scan(&raw)
	if bytes.Contains(raw, []byte("lonestar")) || bytes.Contains(raw, []byte("Lu Star")) {
		t.Fatal("the applicant's contact is stored in clear")
	}
	if _, err := apps.List(t.Context()); callmatch.ErrorCode(err) != callmatch.EUNAUTHORIZED {
		t.Fatalf("anonymous List = %v, want unauthorized", err)
	}
	ctx := f.as(t, f.admin)
	// Approved twice at once (a double click): one vendor, one invitation.
	var wg sync.WaitGroup
	got := make([]*catalog.Application, 4)
	for i := range got {
		wg.Go(func() {
			var err error
			if got[i], err = apps.Approve(ctx, a.ID); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	var vendors, invitations int64
	f.db.gorm.Raw(`SELECT count(*) FROM vendors WHERE status = 'draft'`).Scan(&vendors)
	f.db.gorm.Raw(`SELECT count(*) FROM invitations WHERE email = 'lu@lonestar.example.org' AND role = 'vendor' AND lang = 'es'`).Scan(&invitations)
	if vendors != 1 || invitations != 1 {
		t.Fatalf("%d draft vendors and %d invitations after approving twice, want 1 and 1", vendors, invitations)
	}
	for _, g := range got {
		if g == nil || g.Status != catalog.ApplicationApproved || g.VendorID != got[0].VendorID || g.VendorID == "" {
			t.Fatalf("approvals answered %+v", got)
		}
	}
	open, err := f.store.FindOpenInvitations(ctx)
	if err != nil || len(open) != 1 || open[0].VendorID != got[0].VendorID || open[0].VendorName != "Lone Star Contact" {
		t.Fatalf("invitations %+v, %v", open, err)
	}
	// A decided application stays decided.
	if r, err := apps.Reject(ctx, a.ID, "too late"); err != nil || r.Status != catalog.ApplicationApproved {
		t.Fatalf("rejecting an approved application = %+v, %v", r, err)
	}
}

func TestApplicationRejectAndValidate(t *testing.T) {
	f, apps := newApplicationFixture(t)
	t.Parallel()
	bad := &catalog.Application{Company: "", Email: "nope", Services: []string{"juggling"}, Seats: 0}
	err := apps.Submit(t.Context(), bad, "192.0.2.21")
	e, ok := err.(*callmatch.Error)
	if !ok || e.Code != callmatch.EINVALID {
		t.Fatalf("Submit(bad) = %v", err)
	}
	for _, field := range []string{"company", "contact_name", "email", "services[0]", "languages", "seats"} {
		if e.Fields[field] == "" {
			t.Errorf("no problem named for %s: %v", field, e.Fields)
		}
	}
	a := testApplication()
	if err := apps.Submit(t.Context(), a, "192.0.2.21"); err != nil {
		t.Fatal(err)
	}
	ctx := f.as(t, f.admin)
	if _, err := apps.Reject(ctx, a.ID, " "); callmatch.ErrorCode(err) != callmatch.EINVALID {
		t.Fatalf("a rejection without reason = %v, want invalid", err)
	}
	r, err := apps.Reject(ctx, a.ID, "We list only union shops this cycle.")
	if err != nil || r.Status != catalog.ApplicationRejected || r.Reason == "" {
		t.Fatalf("Reject = %+v, %v", r, err)
	}
	list, err := apps.List(ctx)
	if err != nil || len(list) != 1 || list[0].ContactName != "Lu Star" || list[0].Status != catalog.ApplicationRejected {
		t.Fatalf("List = %+v, %v", list, err)
	}
	reads, err := f.db.AuditFor(ctx, "vendor_application", a.ID)
	n := 0
	for _, e := range reads {
		if e.Action == ActionApplicationContactRead {
			n++
		}
	}
	if err != nil || n != 1 {
		t.Fatalf("contact reads audited: %d (%v), want the one listing", n, err)
	}
}

// The public form is limited per client address.
func TestApplicationRateLimited(t *testing.T) {
	_, apps := newApplicationFixture(t)
	t.Parallel()
	for i := range apps.PerClient + 1 {
		a := testApplication()
		a.Email = "applicant" + string(rune('a'+i)) + "@example.org"
		err := apps.Submit(t.Context(), a, "192.0.2.22")
		if want := i == apps.PerClient; (callmatch.ErrorCode(err) == callmatch.ERATELIMITED) != want {
			t.Fatalf("submission %d: %v, limited want %v", i+1, err, want)
		}
	}
}

func TestOptOutLink(t *testing.T) {
	f := newPeopleFixture(t)
	t.Parallel()
	ctx := t.Context()
	p := &account.Preferences{Store: NewPreferenceStore(f.db)}
	var token string
	if err := f.db.InTx(ctx, func(tx *gorm.DB) error {
		var err error
		token, err = optOutLink(ctx, tx, "Ven@Example.org", account.TopicReminders)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	l, err := p.FindOptOut(ctx, token)
	if err != nil || l.Email != "ven@example.org" || l.Off {
		t.Fatalf("FindOptOut = %+v, %v", l, err)
	}
	for range 2 { // the mail client's one-click POST, then the person's
		if l, err = p.OptOut(ctx, token); err != nil || !l.Off {
			t.Fatalf("OptOut = %+v, %v", l, err)
		}
	}
	if off, err := optedOut(ctx, f.db.gorm, "ven@example.org", account.TopicReminders); err != nil || !off {
		t.Fatalf("optedOut = %v, %v", off, err)
	}
	if _, err := p.FindOptOut(ctx, "forged"); callmatch.ErrorCode(err) != callmatch.ENOTFOUND {
		t.Fatalf("a forged link = %v, want not_found", err)
	}
	vendorCtx := callmatch.WithActor(ctx, callmatch.Actor{UserID: f.admin.ID, Email: "ven@example.org", Role: callmatch.RoleVendor})
	if err := p.SetMine(vendorCtx, account.TopicReminders, false); err != nil {
		t.Fatal(err)
	}
	if off, err := p.Mine(vendorCtx, account.TopicReminders); err != nil || off {
		t.Fatalf("after turning reminders back on: %v, %v", off, err)
	}
}

// Approving an application whose address has a live invitation for
// another role is a conflict the advisor sees: nothing is written (no
// draft vendor, the application stays pending) and the invitation stays.
func TestApplicationApproveConflictsWithAnInvitation(t *testing.T) {
	f, apps := newApplicationFixture(t)
	t.Parallel()
	a := testApplication()
	if err := apps.Submit(t.Context(), a, "192.0.2.21"); err != nil {
		t.Fatal(err)
	}
	token := f.invite(t, a.Email)
	ctx := f.as(t, f.admin)
	if _, err := apps.Approve(ctx, a.ID); callmatch.ErrorCode(err) != callmatch.ECONFLICT {
		t.Fatalf("approving = %v, want a conflict", err)
	}
	if got, err := apps.Find(ctx, a.ID); err != nil || got.Status != catalog.ApplicationPending {
		t.Fatalf("the application after the conflict = %+v, %v; want pending", got, err)
	}
	if n := countRows(t, f.db, "vendors", "status = 'draft'"); n != 0 {
		t.Errorf("%d draft vendors after the conflict, want none", n)
	}
	if _, err := f.people.FindInvitation(t.Context(), token); err != nil {
		t.Errorf("the advisor invitation after the conflict: %v, want still usable", err)
	}
}
