package intake

import (
	"context"
	"time"

	"callmatch"
	"callmatch/account"
	"callmatch/matching"
)

// Booking is seats an engagement holds at a vendor in one week and
// language (MARKETPLACE.md §1), as stored.
type Booking struct {
	matching.Booking
	EngagementID string
	CreatedAt    time.Time
}

// ReleasesBookings reports whether moving an intake to status releases its
// bookings: withdrawing or closing it before calling starts (today before
// its start date). Once calling has started the seats are being used.
func ReleasesBookings(status string, start, today callmatch.Date) bool {
	return (status == StatusWithdrawn || status == StatusClosed) && today < start
}

// VendorBookings lists a vendor's bookings, by week then language, for
// staff and for that vendor's own users (account policy; another vendor's
// user is told the vendor does not exist).
func (s *Service) VendorBookings(ctx context.Context, vendorID string) ([]*Booking, error) {
	if err := account.CanReadVendor(callmatch.ActorFrom(ctx), vendorID); err != nil && authorizeStaff(ctx) != nil {
		return nil, err
	}
	return s.store.FindVendorBookings(ctx, vendorID)
}
