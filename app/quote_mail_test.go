package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"callmatch"
	"callmatch/account"
	"callmatch/catalog"
	"callmatch/intake"
	"callmatch/matching"
	"callmatch/postgres"
	"callmatch/quote"
)

// quoteVendor is a vendor that a small Texas GOTV program shortlists.
func quoteVendor(slug, name string) *catalog.Vendor {
	return &catalog.Vendor{
		Slug: slug, Name: name, Status: catalog.StatusActive, Serves: []string{"democratic", "nonpartisan"},
		Sites:        []catalog.Site{{Country: "US", Region: "TX", City: "Austin", Timezone: "America/Chicago", Seats: 100}},
		Services:     []string{"gotv"},
		DialingModes: []string{"manual", "predictive"},
		Languages:    []catalog.LanguageSeats{{Code: "en", Seats: 100}, {Code: "es", Seats: 30}},
		Capacity:     catalog.Capacity{HoursPerDay: 8, RampUpDays: 5},
		Rates:        []catalog.Rate{{Service: "gotv", Model: "per_agent_hour", AmountCents: 2800, MinimumCents: 100000}},
		Metrics:      catalog.Metrics{ContactRate: 0.1, QAScore: 0.9},
	}
}

// TestQuoteMailArrives: each step of a quote's life mails the right people
// through a real SMTP server (Mailpit): the invited vendors, the advisor
// (quote received, invitation declined, talk to this vendor) and the
// campaign, in Spanish, when quotes are released.
func TestQuoteMailArrives(t *testing.T) {
	t.Parallel()
	a, mp := mailAppWith(t, nil)
	ctx := t.Context()
	sys := callmatch.WithActor(ctx, callmatch.Actor{System: "test"})
	va, vb := quoteVendor("alpha-calls", "Alpha Calls"), quoteVendor("bravo-phones", "Bravo Phones")
	for _, v := range []*catalog.Vendor{va, vb} {
		if err := a.Vendors.CreateVendor(sys, v); err != nil {
			t.Fatal(err)
		}
	}
	// The matching catalog follows writes by NOTIFY, a moment later: load
	// it now so that the shortlist below sees both vendors.
	if err := a.Catalog.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	users := []*account.User{{Email: "advisor@example.org", Role: callmatch.RoleAdvisor},
		{Email: "ops@alpha.example.org", Role: callmatch.RoleVendor, VendorID: va.ID},
		{Email: "ops@bravo.example.org", Role: callmatch.RoleVendor, VendorID: vb.ID}}
	hash, err := account.HashPassword("a long enough password")
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		u.PasswordHash = hash
		if err := a.Accounts.CreateUser(sys, u); err != nil {
			t.Fatal(err)
		}
	}
	as := func(u *account.User) context.Context {
		return callmatch.WithActor(ctx, account.ActorForUser(u, account.CredentialSession, "t"))
	}

	form := intake.Form{
		Campaign: intake.Campaign{Name: "Garcia for Congress", SponsorType: "candidate", Affiliation: "democratic", ShareName: true},
		Contact:  intake.Contact{Name: "Ana Garcia", Email: "ana@garcia.example.org"},
		Services: []string{"gotv"}, TargetStates: []string{"TX"}, Records: 20000, AttemptsPerRecord: 2,
		StartDate: callmatch.MustParseDate("2027-09-20"), EndDate: callmatch.MustParseDate("2027-11-01"),
		Languages: []matching.LanguageShare{{Code: "en", Share: 0.7}, {Code: "es", Share: 0.3}}, Lang: "es",
	}
	in, token, err := a.Intakes.Submit(ctx, form, "")
	if err != nil {
		t.Fatal(err)
	}
	advisor := as(users[0])
	sl, err := a.Intakes.GenerateShortlist(advisor, in.ID, intake.GenerateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	invs, err := a.Quotes.Invite(advisor, quote.Invite{ShortlistID: sl.ID, VendorIDs: []string{va.ID, vb.ID}, DueAt: time.Now().Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	byVendor := map[string]string{}
	for _, inv := range invs {
		byVendor[inv.VendorID] = inv.ID
	}
	q, err := a.Quotes.Submit(as(users[1]), byVendor[va.ID], quote.Quote{TotalCents: 4_200_000,
		StartDate: form.StartDate, ValidUntil: callmatch.MustParseDate("2030-01-01"),
		Seats: []quote.Seats{{WeekStart: form.StartDate, Language: "en", Seats: 12}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Quotes.Decline(as(users[2]), byVendor[vb.ID], quote.Decline{Reason: "no_capacity"}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Quotes.Release(advisor, in.ID, []string{q.ID}); err != nil {
		t.Fatal(err)
	}
	if err := a.Quotes.TalkTo(ctx, in.ID, token, q.ID); err != nil {
		t.Fatal(err)
	}
	if got := waitMessages(t, a, time.Minute); got[postgres.MessageFailed] != 0 {
		t.Fatalf("statuses %v", got)
	}
	for _, want := range []struct{ to, subject string }{
		{"ops@alpha.example.org", "Invitation to quote: Garcia for Congress"},
		{"ops@bravo.example.org", "Invitation to quote: Garcia for Congress"},
		{"advisor@example.org", "Quote received: Alpha Calls, $42,000.00"},
		{"advisor@example.org", "Invitation declined: Bravo Phones (no_capacity)"},
		{"ana@garcia.example.org", "Cotizaciones para revisar: Garcia for Congress"},
		{"advisor@example.org", "The campaign wants to talk to Alpha Calls"},
	} {
		list, err := mp.API().Search(ctx, "to:"+want.to)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, m := range list {
			found = found || strings.HasPrefix(m.Subject, want.subject)
		}
		if !found {
			t.Errorf("no message %q to %s in %+v", want.subject, want.to, list)
		}
	}
}
