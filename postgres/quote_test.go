package postgres

import (
	"strings"
	"testing"
	"time"

	"callmatch"
	"callmatch/intake"
	"callmatch/matching"
	"callmatch/quote"
)

// holdWarned reports whether matching rec on the watcher's snapshot warns
// about vendor's holds; the vendor must stay shortlisted either way.
func holdWarned(t *testing.T, w *CatalogWatcher, rec *intake.Intake, vendorID string) bool {
	t.Helper()
	if err := w.Refresh(t.Context()); err != nil {
		t.Fatal(err)
	}
	cat, err := w.Current(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	res, err := matching.Match(cat, rec.Form.MatchRequest(), intake.WhatIf{IntakeID: rec.ID}.Options(&rec.Form, callmatch.DateOf(testNow)))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range res.Shortlist {
		if c.VendorID == vendorID {
			for _, s := range c.Warnings {
				if strings.Contains(s, "tentatively held") {
					return true
				}
			}
			return false
		}
	}
	t.Fatalf("vendor %s is not shortlisted for %s: holds must never knock out", vendorID, rec.ID)
	return false
}

// A quote's committed seats are holds in the snapshot the watcher loads:
// another program matching the vendor is warned, the quoting program is
// not, and once the quoting intake is withdrawn the holds are gone.
func TestQuoteHoldsReachTheSnapshotAndEnd(t *testing.T) {
	t.Parallel()
	env := newIntakeEnv(t)
	qs := quote.NewService(NewQuoteStore(env.store), env.svc)
	qs.Now = func() time.Time { return testNow }
	a, token, sl := env.shortlisted(t)
	b, _ := env.submit(t, nil)
	want, _ := env.tighten(t, "cheap", a, 1.5)
	cheap := env.ids["cheap"]
	invs, err := qs.Invite(staffCtx(t), quote.Invite{ShortlistID: sl.ID, VendorIDs: []string{cheap}, DueAt: testNow.Add(24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	// The whole first week the engagement would book, as the quote's seats.
	var seats []quote.Seats
	for _, bk := range want {
		if bk.WeekStart == want[0].WeekStart {
			seats = append(seats, quote.Seats{WeekStart: bk.WeekStart, Language: bk.Language, Seats: bk.Seats})
		}
	}
	vendor := callmatch.WithActor(t.Context(), callmatch.Actor{UserID: "u-cheap", Role: callmatch.RoleVendor, VendorID: cheap})
	w := NewCatalogWatcher(env.vendors, "", nil)
	if holdWarned(t, w, b, cheap) {
		t.Fatal("warned before any quote")
	}
	if _, err := qs.Submit(vendor, invs[0].ID, quote.Quote{TotalCents: 900_000, StartDate: a.Form.StartDate,
		ValidUntil: callmatch.MustParseDate("2026-12-31"), Seats: seats}); err != nil {
		t.Fatal(err)
	}
	if !holdWarned(t, w, b, cheap) || holdWarned(t, w, a, cheap) {
		t.Fatalf("with the quote: other program warned %v (want true), quoting program warned %v (want false)",
			holdWarned(t, w, b, cheap), holdWarned(t, w, a, cheap))
	}
	if _, err := env.svc.Withdraw(t.Context(), a.ID, token); err != nil {
		t.Fatal(err)
	}
	if holdWarned(t, w, b, cheap) {
		t.Fatal("holds outlived the quoting intake's withdrawal")
	}
}

// Opportunities count, per knockout code, the programs that excluded the
// vendor over 90 days and what they asked, never naming a campaign.
func TestOpportunitiesAggregateKnockouts(t *testing.T) {
	t.Parallel()
	env := newIntakeEnv(t)
	qs := quote.NewService(NewQuoteStore(env.store), env.svc)
	qs.Now = func() time.Time { return testNow }
	env.shortlisted(t)
	env.shortlisted(t)
	red := env.ids["red"]
	ctx := callmatch.WithActor(t.Context(), callmatch.Actor{UserID: "u-red", Role: callmatch.RoleVendor, VendorID: red})
	o, err := qs.Opportunities(ctx, red)
	if err != nil {
		t.Fatal(err)
	}
	if len(o.Knockouts) != 1 || o.Knockouts[0].Code != matching.ReasonAffiliationNotServed || o.Knockouts[0].Programs != 2 ||
		len(o.Knockouts[0].Asks) != 1 || o.Knockouts[0].Asks[0] != (quote.Ask{What: "democratic campaigns", Programs: 2}) {
		t.Fatalf("opportunities %+v", o)
	}
	if _, err := qs.Opportunities(ctx, env.ids["cheap"]); callmatch.ErrorCode(err) != callmatch.ENOTFOUND {
		t.Fatalf("another vendor's opportunities: %v, want not_found", err)
	}
	// 91 days on, nothing is counted.
	qs.Now = func() time.Time { return testNow.Add(91 * 24 * time.Hour) }
	if o, err := qs.Opportunities(ctx, red); err != nil || len(o.Knockouts) != 0 {
		t.Fatalf("after 91 days: %+v, %v", o, err)
	}
}
