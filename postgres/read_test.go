package postgres

import (
	"slices"
	"testing"

	"callmatch"
	"callmatch/billing"
	"callmatch/intake"
)

// The reads of read.go answer in one statement what took a transaction of
// several; these tests hold them to what the several said.

func TestIntakeChildrenInOneStatement(t *testing.T) {
	t.Parallel()
	env := newIntakeEnv(t)
	ctx := staffCtx(t)

	const nobody = "00000000-0000-0000-0000-000000000000"
	if _, err := env.store.FindShortlists(ctx, nobody); callmatch.ErrorCode(err) != callmatch.ENOTFOUND {
		t.Errorf("shortlists of no intake: %v", err)
	}
	if _, err := env.store.FindEngagements(ctx, nobody); callmatch.ErrorCode(err) != callmatch.ENOTFOUND {
		t.Errorf("engagements of no intake: %v", err)
	}

	fresh, _ := env.submit(t, nil)
	sls, err := env.store.FindShortlists(ctx, fresh.ID)
	if err != nil || sls == nil || len(sls) != 0 {
		t.Errorf("shortlists of a fresh intake: %v, %v", sls, err)
	}
	engs, err := env.store.FindEngagements(ctx, fresh.ID)
	if err != nil || engs == nil || len(engs) != 0 {
		t.Errorf("engagements of a fresh intake: %v, %v", engs, err)
	}

	rec, _, first := env.shortlisted(t)
	second, err := env.svc.GenerateShortlist(ctx, rec.ID, intake.GenerateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	notes := []string{"First call went well.", "Second call, pricing.", "Third: references."}
	for _, n := range notes {
		if _, err := env.svc.AddEvent(ctx, second.ID, intake.Event{Type: intake.EventNote, Reason: n}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := env.svc.AddEvent(ctx, first.ID, intake.Event{Type: intake.EventPin, VendorID: env.ids["mid"], Reason: "Union shop."}); err != nil {
		t.Fatal(err)
	}
	if _, err := env.svc.Share(ctx, second.ID); err != nil {
		t.Fatal(err)
	}
	sls, err = env.store.FindShortlists(ctx, rec.ID)
	if err != nil || len(sls) != 2 || sls[0].ID != second.ID || sls[1].ID != first.ID {
		t.Fatalf("shortlists newest first: %d, %v", len(sls), err)
	}
	for _, sl := range sls {
		one, err := env.store.FindShortlistByID(ctx, sl.ID)
		if err != nil {
			t.Fatal(err)
		}
		if a, b := jsonOf(t, sl), jsonOf(t, one); a != b {
			t.Errorf("version %d in the list differs from itself alone:\n%s\n%s", sl.Version, a, b)
		}
	}
	var got []string
	for _, e := range sls[0].Events {
		got = append(got, e.Reason)
	}
	if !slices.Equal(got, notes) || sls[0].Events[0].At.IsZero() || sls[0].Events[0].Actor == "" {
		t.Errorf("events of version 2: %s", jsonOf(t, sls[0].Events))
	}
	if ev := sls[1].Events; len(ev) != 1 || ev[0].VendorID != env.ids["mid"] || ev[0].Type != intake.EventPin {
		t.Errorf("events of version 1: %s", jsonOf(t, ev))
	}
	shared, err := env.store.FindSharedVersions(ctx, rec.ID, 2)
	if err != nil || len(shared) != 1 || jsonOf(t, shared[0].Events) != jsonOf(t, sls[0].Events) || shared[0].ID != sls[0].ID {
		t.Errorf("shared shortlist: %v", err)
	}

	// Two vendors' parts of a team plan (one whole-program engagement is
	// an intake's only one).
	var want []string
	for _, slug := range []string{"cheap", "mid"} {
		e, _, err := env.store.CreateEngagement(ctx, intake.Engagement{IntakeID: rec.ID, VendorID: env.ids[slug],
			ContractValueCents: 5_000_000, Part: &intake.Part{MaxVendors: 2}})
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, e.ID)
	}
	engs, err = env.store.FindEngagements(ctx, rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	got = nil
	for _, e := range engs {
		got = append(got, e.ID)
		if e.IntakeID != rec.ID || e.ContractValueCents != 5_000_000 || e.CreatedAt.IsZero() || e.CreatedBy == "" {
			t.Errorf("engagement %s", jsonOf(t, e))
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("engagements %v, want %v (oldest first)", got, want)
	}
}

func TestPagesCarryTheirTotal(t *testing.T) {
	t.Parallel()
	env := newIntakeEnv(t)
	ctx := staffCtx(t)
	for range 3 {
		env.submit(t, nil)
	}
	billingStore := NewBillingStore(env.db)
	for range 3 {
		if _, err := billingStore.OpenInvoice(ctx, env.engaged(t, 1_000_000), billing.StandardTerms); err != nil {
			t.Fatal(err)
		}
	}
	// Three intakes were submitted, three more engaged.
	for page, want := range map[int]int{1: 2, 3: 2, 4: 0, 9: 0} {
		got, total, err := env.store.FindIntakes(ctx, intake.Filter{Page: page, PerPage: 2})
		if err != nil || total != 6 || len(got) != want {
			t.Errorf("intakes page %d: %d of %d, %v; want %d of 6", page, len(got), total, err, want)
		}
	}
	got, total, err := env.store.FindIntakes(ctx, intake.Filter{Status: intake.StatusClosed})
	if err != nil || total != 0 || got == nil || len(got) != 0 {
		t.Errorf("no closed intakes: %v of %d, %v", got, total, err)
	}

	var all []string
	for page, want := range map[int]int{1: 2, 2: 1, 3: 0} {
		got, total, err := billingStore.FindInvoices(ctx, billing.InvoiceFilter{Page: page, PerPage: 2})
		if err != nil || total != 3 || len(got) != want {
			t.Errorf("invoices page %d: %d of %d, %v; want %d of 3", page, len(got), total, err, want)
		}
		for _, inv := range got {
			all = append(all, inv.ID)
		}
	}
	slices.Sort(all)
	if len(slices.Compact(all)) != 3 {
		t.Errorf("pages overlap: %v", all)
	}
	none, total, err := billingStore.FindInvoices(ctx, billing.InvoiceFilter{VendorID: env.ids["dear"], Page: 2})
	if err != nil || total != 0 || len(none) != 0 {
		t.Errorf("invoices of a vendor without any, page 2: %d of %d, %v", len(none), total, err)
	}
}
