package postgres

import (
	"strings"
	"sync"
	"testing"
	"time"

	"callmatch"
	"callmatch/billing"
	"callmatch/intake"
)

// engaged records an engagement of the cheap vendor and returns it as the
// charge billing reads from the outbox.
func (env *intakeEnv) engaged(t *testing.T, contractCents int64) billing.Charge {
	t.Helper()
	rec, _, _ := env.shared(t)
	e, err := env.svc.Engage(staffCtx(t), rec.ID, env.ids["cheap"], contractCents)
	if err != nil {
		t.Fatal(err)
	}
	return chargeOf(e)
}

func chargeOf(e *intake.Engagement) billing.Charge {
	return billing.Charge{EngagementID: e.ID, IntakeID: e.IntakeID, VendorID: e.VendorID,
		ContractValueCents: e.ContractValueCents, EngagedAt: e.CreatedAt}
}

func TestFeeTermsAreAuditedAndSnapshotOnInvoices(t *testing.T) {
	t.Parallel()
	env := newIntakeEnv(t)
	s := NewBillingStore(env.db)
	ctx := staffCtx(t)
	vendor := env.ids["cheap"]

	if got, err := s.FindFeeTerms(ctx, vendor); err != nil || got != nil {
		t.Fatalf("no terms yet: %+v, %v", got, err)
	}
	for _, id := range []string{"00000000-0000-0000-0000-000000000000", "not-an-id"} {
		if _, err := s.FindFeeTerms(ctx, id); callmatch.ErrorCode(err) != callmatch.ENOTFOUND {
			t.Errorf("find for %q: %v", id, err)
		}
		if _, err := s.SetFeeTerms(ctx, id, billing.StandardTerms); callmatch.ErrorCode(err) != callmatch.ENOTFOUND {
			t.Errorf("set for %q: %v", id, err)
		}
	}
	if _, err := s.SetFeeTerms(ctx, vendor, billing.Terms{RateBPS: 9_000}); callmatch.ErrorCode(err) != callmatch.EINVALID {
		t.Fatalf("90%% rate: %v", err)
	}
	capCents := int64(400_000)
	set, err := s.SetFeeTerms(ctx, vendor, billing.Terms{RateBPS: 800, MinimumCents: 50_000, CapCents: &capCents})
	if err != nil || set.UpdatedBy != "user:u-advisor" || set.UpdatedAt == nil {
		t.Fatalf("set: %+v, %v", set, err)
	}
	if _, err := s.SetFeeTerms(ctx, vendor, billing.Terms{RateBPS: 700, MinimumCents: 50_000, CapCents: &capCents}); err != nil {
		t.Fatal(err)
	}
	entries, err := env.db.AuditFor(ctx, objectFeeTerms, vendor)
	if err != nil || len(entries) != 2 || entries[1].Action != ActionFeeTermsSet ||
		string(entries[1].Before["rate_bps"]) != "800" || string(entries[1].After["rate_bps"]) != "700" {
		t.Fatalf("audit %+v, %v", entries, err)
	}

	// 7% of $50,000 is $3,500, capped at $4,000: $3,500.
	ch := env.engaged(t, 5_000_000)
	inv, err := s.OpenInvoice(ctx, ch, billing.StandardTerms)
	if err != nil || inv.FeeCents != 350_000 || inv.Terms.RateBPS != 700 || inv.Status != billing.StatusPending {
		t.Fatalf("open: %+v, %v", inv, err)
	}
	// New terms apply to new invoices only.
	if _, err := s.SetFeeTerms(ctx, vendor, billing.Terms{RateBPS: 100}); err != nil {
		t.Fatal(err)
	}
	again, err := s.OpenInvoice(ctx, ch, billing.StandardTerms)
	if err != nil || again.ID != inv.ID || again.FeeCents != 350_000 {
		t.Fatalf("reopen: %+v, %v", again, err)
	}
}

// TestOpenInvoiceOncePerEngagement: concurrent openers share one invoice.
func TestOpenInvoiceOncePerEngagement(t *testing.T) {
	t.Parallel()
	env := newIntakeEnv(t)
	s := NewBillingStore(env.db)
	ch := env.engaged(t, 1_000_000)
	ids := make([]string, 8)
	var wg sync.WaitGroup
	for i := range ids {
		wg.Go(func() {
			inv, err := s.OpenInvoice(staffCtx(t), ch, billing.StandardTerms)
			if err != nil {
				t.Error(err)
				return
			}
			ids[i] = inv.ID
		})
	}
	wg.Wait()
	for _, id := range ids[1:] {
		if id != ids[0] {
			t.Fatalf("ids %v", ids)
		}
	}
	if n := countRows(t, env.db, "invoices", "true"); n != 1 {
		t.Fatalf("%d invoices", n)
	}
	// Standard terms: 5% of $10,000 is $500.
	if got, _ := s.OpenInvoice(staffCtx(t), ch, billing.StandardTerms); got.FeeCents != 50_000 {
		t.Fatalf("fee %d", got.FeeCents)
	}
}

func TestSaveCustomerKeepsTheFirst(t *testing.T) {
	t.Parallel()
	env := newIntakeEnv(t)
	s := NewBillingStore(env.db)
	ctx := staffCtx(t)
	c, err := s.FindCustomer(ctx, env.ids["cheap"])
	if err != nil || c.StripeID != "" || c.Name == "" {
		t.Fatalf("before: %+v, %v", c, err)
	}
	if got, err := s.SaveCustomer(ctx, env.ids["cheap"], "cus_first"); err != nil || got != "cus_first" {
		t.Fatalf("save: %q, %v", got, err)
	}
	if got, err := s.SaveCustomer(ctx, env.ids["cheap"], "cus_second"); err != nil || got != "cus_first" {
		t.Fatalf("second save: %q, %v", got, err)
	}
	if c, _ := s.FindCustomer(ctx, env.ids["cheap"]); c.StripeID != "cus_first" {
		t.Fatalf("after: %+v", c)
	}
	if _, err := s.FindCustomer(ctx, "00000000-0000-0000-0000-000000000000"); callmatch.ErrorCode(err) != callmatch.ENOTFOUND {
		t.Fatalf("missing vendor: %v", err)
	}
}

// openedInvoice is a fresh environment with its billing store and one
// invoice opened on standard terms for a $10,000 engagement.
func openedInvoice(t *testing.T) (*intakeEnv, *BillingStore, *billing.Invoice) {
	t.Helper()
	env := newIntakeEnv(t)
	s := NewBillingStore(env.db)
	inv, err := s.OpenInvoice(staffCtx(t), env.engaged(t, 1_000_000), billing.StandardTerms)
	if err != nil {
		t.Fatal(err)
	}
	return env, s, inv
}

func paidEvent(id, stripeID, ours string) billing.Event {
	paid := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	return billing.Event{ID: id, Type: billing.EventInvoicePaid, APIVersion: "2023-10-16", Created: paid,
		Invoice: &billing.StripeInvoice{ID: stripeID, Status: billing.StatusPaid, PaidAt: &paid, CallmatchInvoiceID: ours}}
}

// TestSameEventConcurrentlyAppliesOnce: ten deliveries of one event race;
// one applies it, nine find its id.
func TestSameEventConcurrentlyAppliesOnce(t *testing.T) {
	t.Parallel()
	env, s, inv := openedInvoice(t)
	ev := paidEvent("evt_paid", "in_1", inv.ID)
	var (
		mu       sync.Mutex
		outcomes = map[billing.Outcome]int{}
		wg       sync.WaitGroup
	)
	for range 10 {
		wg.Go(func() {
			o, err := s.ApplyEvent(t.Context(), ev)
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			outcomes[o]++
			mu.Unlock()
		})
	}
	wg.Wait()
	if outcomes[billing.OutcomeApplied] != 1 || outcomes[billing.OutcomeDuplicate] != 9 {
		t.Fatalf("outcomes %v", outcomes)
	}
	if got := auditActions(t, env.db, objectInvoice, inv.ID); strings.Join(got, ",") != "invoice.create,invoice.update" {
		t.Fatalf("audit %v", got)
	}
	invs, _, _ := s.FindInvoices(t.Context(), billing.InvoiceFilter{})
	if len(invs) != 1 || invs[0].Status != billing.StatusPaid || invs[0].Version != 2 || invs[0].StripeInvoiceID != "in_1" {
		t.Fatalf("invoice %+v", invs)
	}
	if n := countRows(t, env.db, "stripe_events", "outcome = 'applied' AND invoice_id = ?", inv.ID); n != 1 {
		t.Fatalf("%d event rows", n)
	}
}

func TestEventsForOtherInvoices(t *testing.T) {
	t.Parallel()
	_, s, inv := openedInvoice(t)
	if _, err := s.ApplyInvoiceState(t.Context(), inv.ID, billing.StripeInvoice{ID: "in_ours", Status: billing.StatusDraft}); err != nil {
		t.Fatal(err)
	}
	for name, ev := range map[string]billing.Event{
		"unknown stripe id, no metadata":  paidEvent("evt_a", "in_theirs", ""),
		"our metadata on another invoice": paidEvent("evt_b", "in_theirs", inv.ID),
	} {
		if o, err := s.ApplyEvent(t.Context(), ev); err != nil || o != billing.OutcomeUnknownInvoice {
			t.Errorf("%s: %s, %v", name, o, err)
		}
	}
	// Found by Stripe's id alone, too.
	if o, err := s.ApplyEvent(t.Context(), paidEvent("evt_c", "in_ours", "")); err != nil || o != billing.OutcomeApplied {
		t.Fatalf("by stripe id: %s, %v", o, err)
	}
	// Unreadable invoices are recorded as ignored.
	if o, err := s.ApplyEvent(t.Context(), billing.Event{ID: "evt_d", Type: billing.EventInvoicePaid}); err != nil || o != billing.OutcomeIgnored {
		t.Fatalf("no invoice: %s, %v", o, err)
	}
}

// TestFinalStatusIsGuardedByTheDatabase: even a writer that skips the
// domain cannot take an invoice out of paid.
func TestFinalStatusIsGuardedByTheDatabase(t *testing.T) {
	t.Parallel()
	env, s, inv := openedInvoice(t)
	if _, err := s.ApplyEvent(t.Context(), paidEvent("evt_paid", "in_1", inv.ID)); err != nil {
		t.Fatal(err)
	}
	err := env.db.gorm.Exec(`UPDATE invoices SET status = 'open' WHERE id = ?`, inv.ID).Error
	if err == nil || !strings.Contains(err.Error(), "final") {
		t.Fatalf("update of a paid invoice: %v", err)
	}
}

// TestBillingQueueClaimsEngagementsOnly: the queue hands out engagement
// rows as charges and leaves vendor rows to the search relay.
func TestBillingQueueClaimsEngagementsOnly(t *testing.T) {
	t.Parallel()
	env := newIntakeEnv(t)
	ch := env.engaged(t, 2_000_000)
	q := NewBillingQueue(env.db)
	claims, err := q.ClaimCharges(t.Context(), 10)
	if err != nil || len(claims) != 1 || claims[0].Err != nil {
		t.Fatalf("claims %+v, %v", claims, err)
	}
	got := claims[0].Charge
	if got.EngagementID != ch.EngagementID || got.VendorID != ch.VendorID || got.IntakeID != ch.IntakeID ||
		got.ContractValueCents != 2_000_000 || !got.EngagedAt.Equal(ch.EngagedAt) || claims[0].Attempts != 1 {
		t.Fatalf("charge %+v, want %+v", got, ch)
	}
	if err := q.RetryCharge(t.Context(), claims[0], errBoom); err != nil {
		t.Fatal(err)
	}
	if again, _ := q.ClaimCharges(t.Context(), 10); len(again) != 0 {
		t.Fatalf("claimed %+v during the backoff", again)
	}
	env.db.gorm.Exec(`UPDATE outbox SET next_attempt_at = now() WHERE aggregate = ?`, AggregateEngagement)
	again, _ := q.ClaimCharges(t.Context(), 10)
	if len(again) != 1 || again[0].Attempts != 2 {
		t.Fatalf("after the backoff: %+v", again)
	}
	if err := q.CompleteCharge(t.Context(), again[0]); err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, env.db, "outbox", "aggregate = ? AND done_at IS NULL", AggregateEngagement); n != 0 {
		t.Fatalf("%d engagement rows pending", n)
	}
	if n := countRows(t, env.db, "outbox", "aggregate = ? AND done_at IS NULL", AggregateVendor); n == 0 {
		t.Fatal("the vendor rows were taken too")
	}
}

var errBoom = callmatch.Errorf(callmatch.EUNAVAILABLE, "Stripe did not answer.")

// Handled events are forgotten once no redelivery can come; newer ones stay
// and still answer a redelivery as a duplicate.
func TestPruneStripeEvents(t *testing.T) {
	t.Parallel()
	env, s, inv := openedInvoice(t)
	old, recent := paidEvent("evt_old", "in_1", inv.ID), paidEvent("evt_recent", "in_1", inv.ID)
	for _, ev := range []billing.Event{old, recent} {
		if _, err := s.ApplyEvent(t.Context(), ev); err != nil {
			t.Fatal(err)
		}
	}
	if err := env.db.gorm.Exec(`UPDATE stripe_events SET received_at = now() - interval '100 days' WHERE id = 'evt_old'`).Error; err != nil {
		t.Fatal(err)
	}
	n, err := env.db.PruneStripeEvents(t.Context(), 90*24*time.Hour)
	if err != nil || n != 1 {
		t.Fatalf("pruned %d, %v; want the one event older than 90 days", n, err)
	}
	if o, err := s.ApplyEvent(t.Context(), recent); err != nil || o != billing.OutcomeDuplicate {
		t.Errorf("redelivery of a kept event: %q, %v; want duplicate", o, err)
	}
	if n := countRows(t, env.db, "stripe_events", "id = 'evt_old'"); n != 0 {
		t.Errorf("the old event is still recorded")
	}
}
