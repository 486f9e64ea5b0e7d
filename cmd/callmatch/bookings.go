package main

import (
	"fmt"
	"math"
	"os"
	"time"

	"callmatch"
	"callmatch/catalog"
	"callmatch/matching"
)

// bookingsFile is the optional --bookings file of `match` and `plan`
// (MARKETPLACE.md §2): seats already sold, counted against free seats.
type bookingsFile struct {
	Bookings []matching.Booking `json:"bookings"`
}

// readBookingsFile decodes and checks a bookings file against the
// catalog's vendors: every booking names a known vendor, a Monday, a
// language code and seats above 0. A mistake is exit 2 naming the file
// and the booking's field.
func readBookingsFile(path string, vendors []*catalog.Vendor) ([]matching.Booking, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, usagef("%s: %s", path, unwrapPathError(err))
	}
	var f bookingsFile
	if err := callmatch.UnmarshalJSON(b, &f); err != nil {
		return nil, usagef("%s: %s", path, problem(err))
	}
	if f.Bookings == nil {
		return nil, usagef(`%s: bookings: expected {"bookings": [{"vendor_id", "week_start", "language", "seats"}]}`, path)
	}
	known := make(map[string]bool, len(vendors))
	for _, v := range vendors {
		known[v.ID] = true
	}
	for i, bk := range f.Bookings {
		p := fmt.Sprintf("bookings[%d]", i)
		switch {
		case !known[bk.VendorID]:
			return nil, usagef("%s: %s.vendor_id: %q is not a vendor of the catalog", path, p, bk.VendorID)
		case bk.WeekStart.IsZero():
			return nil, usagef("%s: %s.week_start: expected a Monday (YYYY-MM-DD), got none", path, p)
		case bk.WeekStart.Weekday() != time.Monday:
			return nil, usagef("%s: %s.week_start: %s is a %s; expected a Monday", path, p, bk.WeekStart, bk.WeekStart.Weekday())
		case !catalog.Languages.Has(bk.Language):
			return nil, usagef("%s: %s.language: %q is not an ISO 639-1 code", path, p, bk.Language)
		case !(bk.Seats > 0) || math.IsInf(bk.Seats, 0):
			return nil, usagef("%s: %s.seats: expected a number of seats above 0, got %v", path, p, bk.Seats)
		}
	}
	return f.Bookings, nil
}
