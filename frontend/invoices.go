package frontend

import (
	"context"

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
				Status: string(in.Status), URL: in.HostedURL}
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
