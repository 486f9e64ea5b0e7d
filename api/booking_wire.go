package api

import (
	"time"

	"callmatch"
	"callmatch/intake"
)

// BookingList is GET /api/v1/vendors/{id}/bookings.
type BookingList struct {
	Bookings []Booking `json:"bookings"` // by week, language, intake; a list, even when empty
}

// Booking is seats an engagement holds at the vendor in one week and
// language (MARKETPLACE.md §1).
type Booking struct {
	VendorID     string         `json:"vendor_id"`
	IntakeID     string         `json:"intake_id"`
	EngagementID string         `json:"engagement_id"`
	WeekStart    callmatch.Date `json:"week_start"`
	Language     string         `json:"language"`
	Seats        float64        `json:"seats"`
	CreatedAt    time.Time      `json:"created_at"`
}

func bookingList(bs []*intake.Booking) BookingList {
	out := BookingList{Bookings: make([]Booking, len(bs))}
	for i, b := range bs {
		out.Bookings[i] = Booking{VendorID: b.VendorID, IntakeID: b.IntakeID, EngagementID: b.EngagementID,
			WeekStart: b.WeekStart, Language: b.Language, Seats: b.Seats, CreatedAt: b.CreatedAt}
	}
	return out
}
