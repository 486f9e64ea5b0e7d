package billing

import (
	"math/rand/v2"
	"reflect"
	"testing"
	"time"
)

func at(min int) *time.Time {
	t := time.Date(2026, 11, 4, 12, 0, 0, 0, time.UTC).Add(time.Duration(min) * time.Minute)
	return &t
}

func TestStatusMachine(t *testing.T) {
	all := []Status{StatusPending, StatusDraft, StatusOpen, StatusUncollectible, StatusPaid, StatusVoid}
	allowed := map[[2]Status]bool{}
	for i, from := range all[:4] {
		for _, to := range all[i+1:] {
			allowed[[2]Status{from, to}] = true
		}
	}
	for _, from := range all {
		for _, to := range all {
			if got := from.CanMoveTo(to); got != allowed[[2]Status{from, to}] {
				t.Errorf("%s → %s: %v", from, to, got)
			}
		}
	}
	if StatusPending.CanMoveTo("refunded") {
		t.Error("moved to an unknown status")
	}
}

// lifecycle is what Stripe reports about one invoice over its life, in
// order: each report holds the invoice as it was at that moment.
func lifecycle(final Status) []StripeInvoice {
	base := StripeInvoice{ID: "in_1", CustomerID: "cus_1", Number: "CM-0001", HostedURL: "https://invoice.example/1", DueAt: at(43200)}
	step := func(s Status, edit func(*StripeInvoice)) StripeInvoice {
		r := base
		r.Status = s
		r.FinalizedAt = at(0)
		edit(&r)
		return r
	}
	draft := base
	draft.Status, draft.Number, draft.HostedURL, draft.DueAt = StatusDraft, "", "", nil
	out := []StripeInvoice{
		draft,
		step(StatusOpen, func(*StripeInvoice) {}),
		step(StatusOpen, func(r *StripeInvoice) { r.PaymentFailedAt = at(60) }),
		step(StatusOpen, func(r *StripeInvoice) { r.PaymentFailedAt = at(120) }),
		step(StatusUncollectible, func(r *StripeInvoice) { r.UncollectibleAt = at(200) }),
	}
	switch final {
	case StatusPaid:
		out = append(out, step(StatusPaid, func(r *StripeInvoice) { r.UncollectibleAt, r.PaidAt = at(200), at(300) }))
	case StatusVoid:
		out = append(out, step(StatusVoid, func(r *StripeInvoice) { r.UncollectibleAt, r.VoidedAt = at(200), at(300) }))
	}
	return out
}

func fresh(t *testing.T) *Invoice {
	inv, err := NewInvoice("inv-1", Charge{EngagementID: "eng-1", VendorID: "v-1", ContractValueCents: 1_000_000}, StandardTerms)
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

// TestApplyIsOrderIndependent: whatever the order of Stripe's reports, and
// however often each comes, the record ends as it would in order.
func TestApplyIsOrderIndependent(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 6))
	for _, final := range []Status{StatusPaid, StatusVoid, StatusUncollectible} {
		reports := lifecycle(final)
		want := fresh(t)
		for _, s := range reports {
			if _, err := want.Apply(s); err != nil {
				t.Fatal(err)
			}
		}
		if want.Status != final {
			t.Fatalf("in order: status %s, want %s", want.Status, final)
		}
		for range 200 {
			got := fresh(t)
			order := append(append([]StripeInvoice{}, reports...), reports[r.IntN(len(reports))])
			r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
			for _, s := range order {
				if _, err := got.Apply(s); err != nil {
					t.Fatal(err)
				}
			}
			got.Version = want.Version
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("final %s, order %v:\n got %+v\nwant %+v", final, statuses(order), got, want)
			}
		}
	}
}

func statuses(ss []StripeInvoice) []Status {
	out := make([]Status, len(ss))
	for i, s := range ss {
		out[i] = s.Status
	}
	return out
}

func TestApplyNeverLeavesPaidOrVoid(t *testing.T) {
	for _, final := range []Status{StatusPaid, StatusVoid} {
		inv := fresh(t)
		if _, err := inv.Apply(StripeInvoice{ID: "in_1", Status: final, PaidAt: at(1), VoidedAt: at(1)}); err != nil {
			t.Fatal(err)
		}
		if (inv.PaidAt != nil) != (final == StatusPaid) || (inv.VoidedAt != nil) != (final == StatusVoid) {
			t.Errorf("%s: paid_at %v, voided_at %v", final, inv.PaidAt, inv.VoidedAt)
		}
		for _, s := range []Status{StatusDraft, StatusOpen, StatusUncollectible, StatusPaid, StatusVoid} {
			changed, err := inv.Apply(StripeInvoice{ID: "in_1", Status: s, PaidAt: at(5), VoidedAt: at(5)})
			if err != nil || inv.Status != final || (changed && s != final) {
				t.Errorf("%s then %s: status %s, changed %v, %v", final, s, inv.Status, changed, err)
			}
		}
	}
}

func TestApplyRefusesAnotherStripeInvoice(t *testing.T) {
	inv := fresh(t)
	if _, err := inv.Apply(StripeInvoice{ID: "in_1", Status: StatusDraft}); err != nil {
		t.Fatal(err)
	}
	if changed, err := inv.Apply(StripeInvoice{ID: "in_2", Status: StatusPaid}); err == nil || changed || inv.Status != StatusDraft {
		t.Fatalf("applied another invoice: %v, %v, %s", changed, err, inv.Status)
	}
}

func TestPaymentFailedClearsWhenPaid(t *testing.T) {
	inv := fresh(t)
	inv.Apply(StripeInvoice{ID: "in_1", Status: StatusOpen, PaymentFailedAt: at(1)})
	if !inv.PaymentFailed {
		t.Fatal("payment_failed not set")
	}
	inv.Apply(StripeInvoice{ID: "in_1", Status: StatusPaid})
	if inv.PaymentFailed || inv.PaymentFailedAt == nil {
		t.Fatalf("paid invoice: payment_failed %v, at %v", inv.PaymentFailed, inv.PaymentFailedAt)
	}
}
