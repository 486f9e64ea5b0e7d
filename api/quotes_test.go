package api_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"callmatch"
	"callmatch/api"
	"callmatch/intake"
	"callmatch/quote"
)

// quoteBody is a valid quote on intakeBody's program (2027-09-20 to
// 2027-11-01, en and es).
const quoteBody = `{"total_cents": 4200000, "start_date": "2027-09-20", "valid_until": "2030-01-31",
  "seats": [{"week_start": "2027-09-20", "language": "en", "seats": 12}, {"week_start": "2027-09-20", "language": "es", "seats": 5}],
  "note": "Bilingual floor in Austin."}`

var staffCtx = callmatch.WithActor(context.Background(), callmatch.Actor{UserID: "test", Role: callmatch.RoleAdvisor})

// newQuoteInvitation invites vendor_own's vendor from a fresh shortlist, as an
// advisor, and returns the intake, its link token and the invitation.
func (f *fixture) newQuoteInvitation() (intakeID, token, invitationID string) {
	f.t.Helper()
	intakeID, token = f.newIntake()
	sl, err := f.intakes.GenerateShortlist(staffCtx, intakeID, intake.GenerateOptions{})
	if err != nil {
		f.t.Fatal(err)
	}
	invs, err := f.app.Quotes.Invite(staffCtx, quote.Invite{ShortlistID: sl.ID, VendorIDs: []string{f.vendorA.ID, f.vendorB.ID},
		DueAt: time.Now().Add(24 * time.Hour)})
	if err != nil {
		f.t.Fatal(err)
	}
	for _, inv := range invs {
		if inv.VendorID == f.vendorA.ID {
			return intakeID, token, inv.ID
		}
	}
	f.t.Fatal("vendor A was not invited")
	return
}

func invitationPath(suffix string) func(*fixture) string {
	return func(f *fixture) string {
		_, _, id := f.newQuoteInvitation()
		return "/api/v1/invitations/" + id + suffix
	}
}

// quoted remembers, per fixture, the intake whose quote the last
// quotedBody made: the table computes a row's body before its path.
var quoted sync.Map

func quotedBody(f *fixture) string {
	intakeID, _, invID := f.newQuoteInvitation()
	rec := f.do("vendor_own", http.MethodPost, "/api/v1/invitations/"+invID+"/quote", quoteBody)
	q := decode[api.Quote](f.t, rec)
	quoted.Store(f, intakeID)
	return `{"quote_ids": ["` + q.ID + `"]}`
}

func quotedIntakePath(suffix string) func(*fixture) string {
	return func(f *fixture) string {
		id, _ := quoted.Load(f)
		return "/api/v1/intakes/" + id.(string) + suffix
	}
}

// TestQuoteWorkflow drives §3 over HTTP: invite, the vendor's view without
// contact data, bad quotes refused naming the field, another vendor 404,
// a quote and a replacing version, a decline, the comparison, release,
// the campaign reading released quotes and asking to talk, and 409 after
// the deadline.
func TestQuoteWorkflow(t *testing.T) {
	f := newFixture(t)
	intakeID, token, invID := f.newQuoteInvitation()

	list := decode[api.InvitationList](t, f.do("vendor_own", http.MethodGet, "/api/v1/invitations", ""))
	if len(list.Invitations) != 1 || list.Invitations[0].ID != invID || list.Invitations[0].Status != "invited" {
		t.Fatalf("vendor's invitations: %+v", list.Invitations)
	}
	p := list.Invitations[0].Program
	if p.CampaignName != nil || len(p.Weeks) != 6 || p.Weeks[0].String() != "2027-09-20" {
		t.Fatalf("program: campaign %v (want hidden: the campaign did not allow it), weeks %v", p.CampaignName, p.Weeks)
	}
	raw := f.do("vendor_own", http.MethodGet, "/api/v1/invitations/"+invID, "").Body.String()
	for _, secret := range []string{"ana@garcia.example.org", "Ana Garcia", "555 0100", "Garcia for Congress"} {
		if strings.Contains(raw, secret) {
			t.Fatalf("the vendor's invitation shows %q: %s", secret, raw)
		}
	}

	bad := []struct{ body, field string }{
		{strings.Replace(quoteBody, `"total_cents": 4200000`, `"total_cents": 0`, 1), "total_cents"},
		{strings.Replace(quoteBody, `"valid_until": "2030-01-31"`, `"valid_until": "2020-01-31"`, 1), "valid_until"},
		{strings.Replace(quoteBody, `"week_start": "2027-09-20", "language": "en"`, `"week_start": "2027-11-08", "language": "en"`, 1), "seats[0].week_start"},
		{strings.Replace(quoteBody, `"language": "es"`, `"language": "vi"`, 1), "seats[1].language"},
	}
	for _, b := range bad {
		rec := f.do("vendor_own", http.MethodPost, "/api/v1/invitations/"+invID+"/quote", b.body)
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `"`+b.field+`"`) {
			t.Errorf("quote with bad %s: %d %s, want 422 naming it", b.field, rec.Code, rec.Body.String())
		}
	}
	if rec := f.do("vendor_other", http.MethodPost, "/api/v1/invitations/"+invID+"/quote", quoteBody); rec.Code != http.StatusNotFound {
		t.Fatalf("another vendor's quote: %d, want 404", rec.Code)
	}

	first := decode[api.Quote](t, f.do("vendor_own", http.MethodPost, "/api/v1/invitations/"+invID+"/quote", quoteBody))
	second := decode[api.Quote](t, f.do("vendor_own", http.MethodPost, "/api/v1/invitations/"+invID+"/quote",
		strings.Replace(quoteBody, "4200000", "3900000", 1)))
	if first.Version != 1 || second.Version != 2 || !second.Current {
		t.Fatalf("versions: first %d, second %d current %v", first.Version, second.Version, second.Current)
	}
	versions := decode[api.QuoteList](t, f.do("advisor", http.MethodGet, "/api/v1/invitations/"+invID+"/quotes", ""))
	if len(versions.Quotes) != 2 || versions.Quotes[0].ID != second.ID || versions.Quotes[1].Current {
		t.Fatalf("versions kept: %+v", versions.Quotes)
	}

	// Vendor B declines; staff compare.
	other := decode[api.InvitationList](t, f.do("vendor_other", http.MethodGet, "/api/v1/invitations", ""))
	if len(other.Invitations) != 1 {
		t.Fatalf("vendor B's invitations: %+v", other.Invitations)
	}
	if rec := f.do("vendor_other", http.MethodPost, "/api/v1/invitations/"+other.Invitations[0].ID+"/decline", `{"reason": "busy"}`); rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("decline with an unknown reason: %d %s", rec.Code, rec.Body.String())
	}
	dec := decode[api.Invitation](t, f.do("vendor_other", http.MethodPost, "/api/v1/invitations/"+other.Invitations[0].ID+"/decline", `{"reason": "no_capacity"}`))
	if dec.Status != "declined" || dec.DeclineReason != "no_capacity" {
		t.Fatalf("declined: %+v", dec)
	}
	cmp := decode[api.Comparison](t, f.do("advisor", http.MethodGet, "/api/v1/intakes/"+intakeID+"/quotes", ""))
	if len(cmp.Rows) != 2 {
		t.Fatalf("comparison rows: %+v", cmp.Rows)
	}
	for _, r := range cmp.Rows {
		if r.Invitation.ID == invID && (r.DiffPct == nil || r.ProjectedCostCents <= 0 || r.Invitation.Quote.ID != second.ID) {
			t.Fatalf("quoted row: %+v", r)
		}
	}

	// Nothing released yet; then the advisor releases the current quote.
	path := "/api/v1/intakes/" + intakeID + "/released-quotes?token=" + token
	if got := decode[api.QuoteList](t, f.do("anonymous", http.MethodGet, path, "")); len(got.Quotes) != 0 {
		t.Fatalf("released before release: %+v", got.Quotes)
	}
	if rec := f.do("advisor", http.MethodPost, "/api/v1/intakes/"+intakeID+"/quotes/release", `{"quote_ids": ["`+first.ID+`"]}`); rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("releasing a replaced version: %d %s, want 422", rec.Code, rec.Body.String())
	}
	if rec := f.do("advisor", http.MethodPost, "/api/v1/intakes/"+intakeID+"/quotes/release", `{"quote_ids": ["`+second.ID+`"]}`); rec.Code != http.StatusOK {
		t.Fatalf("release: %d %s", rec.Code, rec.Body.String())
	}
	got := decode[api.QuoteList](t, f.do("anonymous", http.MethodGet, path, ""))
	if len(got.Quotes) != 1 || got.Quotes[0].ID != second.ID || got.Quotes[0].TotalCents != 3900000 {
		t.Fatalf("campaign sees %+v", got.Quotes)
	}
	talk := "/api/v1/intakes/" + intakeID + "/talks?token=" + token
	for range 2 { // asking again is harmless
		if rec := f.do("anonymous", http.MethodPost, talk, `{"quote_id": "`+second.ID+`"}`); rec.Code != http.StatusAccepted {
			t.Fatalf("talk: %d %s", rec.Code, rec.Body.String())
		}
	}

	// After the deadline: 409.
	f.app.Quotes.Now = func() time.Time { return time.Now().Add(48 * time.Hour) }
	t.Cleanup(func() { f.app.Quotes.Now = time.Now })
	if rec := f.do("vendor_own", http.MethodPost, "/api/v1/invitations/"+invID+"/quote", quoteBody); rec.Code != http.StatusConflict {
		t.Fatalf("late quote: %d %s, want 409", rec.Code, rec.Body.String())
	}
}

// TestInviteRefusesVendorsOffTheShortlist: 422 naming the vendor.
func TestInviteRefusesVendorsOffTheShortlist(t *testing.T) {
	f := newFixture(t)
	_, slID := f.newShortlist()
	body := `{"vendor_ids": ["00000000-0000-0000-0000-000000000001"], "due_at": "2030-01-01T00:00:00Z"}`
	rec := f.do("advisor", http.MethodPost, "/api/v1/shortlists/"+slID+"/invitations", body)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "vendor_ids[0]") {
		t.Fatalf("invite off the shortlist: %d %s, want 422 naming vendor_ids[0]", rec.Code, rec.Body.String())
	}
}

// TestConcurrentQuotesKeepBothVersions: the same vendor sending two quotes
// at once gets versions 1 and 2, the one committed last current.
func TestConcurrentQuotesKeepBothVersions(t *testing.T) {
	f := newFixture(t)
	_, _, invID := f.newQuoteInvitation()
	var wg sync.WaitGroup
	codes := make([]int, 2)
	for i := range 2 {
		wg.Go(func() {
			codes[i] = f.do("vendor_own", http.MethodPost, "/api/v1/invitations/"+invID+"/quote", quoteBody).Code
		})
	}
	wg.Wait()
	if codes[0] != http.StatusCreated || codes[1] != http.StatusCreated {
		t.Fatalf("statuses %v, want both 201", codes)
	}
	vs := decode[api.QuoteList](t, f.do("vendor_own", http.MethodGet, "/api/v1/invitations/"+invID+"/quotes", ""))
	if len(vs.Quotes) != 2 || vs.Quotes[0].Version != 2 || !vs.Quotes[0].Current || vs.Quotes[1].Current {
		t.Fatalf("versions %+v, want 2 (current) and 1", vs.Quotes)
	}
	inv := decode[api.Invitation](t, f.do("vendor_own", http.MethodGet, "/api/v1/invitations/"+invID, ""))
	if inv.Quote == nil || inv.Quote.ID != vs.Quotes[0].ID {
		t.Fatalf("current quote %+v, want version 2", inv.Quote)
	}
}
