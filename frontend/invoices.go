package frontend

import (
	"context"
	"strconv"
	"strings"

	"callmatch/billing"
)

// invoicesShown bounds the portal's list: a vendor with more has a long
// relationship and the hosted Stripe pages for the rest.
const invoicesShown = 100

// BillingInvoices adapts the billing service to the portal's invoice list,
// newest first as billing returns them; nil when there is no billing.
func BillingInvoices(s *billing.Service) InvoiceLister {
	if s == nil {
		return nil
	}
	return func(ctx context.Context, vendorID string) ([]Invoice, error) {
		list, _, err := s.Invoices(ctx, billing.InvoiceFilter{VendorID: vendorID, PerPage: invoicesShown})
		if err != nil {
			return nil, err
		}
		out := make([]Invoice, 0, len(list))
		for _, in := range list {
			inv := Invoice{Number: in.Number, IssuedAt: in.CreatedAt, AmountCents: in.FeeCents,
				Status: string(in.Status), URL: in.HostedURL, EngagementID: in.EngagementID, IntakeID: in.IntakeID,
				ContractValueCents: in.ContractValueCents, Terms: in.Terms, DueAt: in.DueAt}
			if in.FinalizedAt != nil {
				inv.IssuedAt = *in.FinalizedAt
			}
			if inv.Number == "" {
				inv.Number = "pending " + in.ID[:min(8, len(in.ID))]
			}
			if in.PaymentFailed {
				inv.Status = "payment failed"
			}
			out = append(out, inv)
		}
		return out, nil
	}
}

// FeeBasis says how the invoice's fee was reckoned from its terms, in the
// words of the referral agreement: "5% of the $85,000 contract", or the
// minimum or cap when one of them set the fee. An invoice without a
// contract value (an adapter that knows none) says nothing.
func (in Invoice) FeeBasis() string {
	if in.ContractValueCents <= 0 {
		return ""
	}
	t := in.Terms
	share := percentOfBPS(t.RateBPS) + " of the " + dollars(in.ContractValueCents) + " contract"
	raw, err := billing.Terms{RateBPS: t.RateBPS}.Fee(in.ContractValueCents)
	switch {
	case err != nil:
		return share
	case t.CapCents != nil && raw > *t.CapCents && in.AmountCents == *t.CapCents:
		return "the " + dollars(*t.CapCents) + " cap (" + share + " is more)"
	case raw < t.MinimumCents && in.AmountCents == t.MinimumCents:
		return "the " + dollars(t.MinimumCents) + " minimum (" + share + " is less)"
	}
	return share
}

// percentOfBPS shows basis points as a percentage: 500 → "5%", 250 → "2.5%".
func percentOfBPS(bps int) string {
	s := strconv.Itoa(bps/100) + "." + strconv.Itoa(100 + bps%100)[1:]
	return strings.TrimSuffix(strings.TrimRight(s, "0"), ".") + "%"
}

// Program is the vendor's booked program an invoice's intake is, for its
// weeks and languages; nil when the vendor has no bookings for it.
func (pp *portalPage) Program(intakeID string) *programBookings {
	for i := range pp.Programs {
		if pp.Programs[i].IntakeID == intakeID {
			return &pp.Programs[i]
		}
	}
	return nil
}
