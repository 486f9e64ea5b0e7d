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
// they were recorded, by the name the campaign was shown: the one on the
// shortlist the engagement was made from (a team plan's part may name a
// vendor the shortlist excluded for capacity alone; the exclusion carries
// its name too).
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
		sl, err := s.store.FindShortlistByID(ctx, e.ShortlistID)
		if err != nil {
			return nil, err
		}
		out = append(out, HiredVendor{VendorID: e.VendorID, VendorName: sl.vendorName(e.VendorID), HiredAt: e.CreatedAt})
	}
	return out, nil
}

// vendorName is the vendor's name on the shortlist, ranked or excluded;
// "" when the shortlist does not list it.
func (s *Shortlist) vendorName(vendorID string) string {
	if c := s.Candidate(vendorID); c != nil {
		return c.VendorName
	}
	if s.Result != nil {
		for _, x := range s.Result.Excluded {
			if x.VendorID == vendorID {
				return x.VendorName
			}
		}
	}
	return ""
}
