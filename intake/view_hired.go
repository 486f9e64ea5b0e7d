package intake

import (
	"context"
	"time"
)

// HiredVendor is a vendor the campaign signed with, as its status page
// names it.
type HiredVendor struct {
	VendorID   string    `json:"vendor_id"`
	VendorName string    `json:"vendor_name"`
	HiredAt    time.Time `json:"hired_at"`
}

// hiredVendors names the vendors of the intake's engagements, in the order
// they were recorded, as the catalog names them (one read with the
// engagements: a team plan's part may name a vendor its shortlist excluded,
// and the name is the vendor's, not the shortlist's).
func (s *Service) hiredVendors(ctx context.Context, in *Intake) ([]HiredVendor, error) {
	if in.Status != StatusEngaged && in.Status != StatusClosed {
		return []HiredVendor{}, nil // no engagement is recorded without the intake moving to engaged
	}
	es, err := s.store.FindEngagements(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	out := make([]HiredVendor, 0, len(es))
	for _, e := range es {
		out = append(out, HiredVendor{VendorID: e.VendorID, VendorName: e.VendorName, HiredAt: e.CreatedAt})
	}
	return out, nil
}
