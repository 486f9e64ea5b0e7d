package matching

import (
	"callmatch"
	"callmatch/catalog"
)

// Booking is seats an engagement holds at a vendor in one week and
// language (MARKETPLACE.md §1). Seats are a multiple of a tenth.
type Booking struct {
	VendorID  string         `json:"vendor_id"`
	IntakeID  string         `json:"intake_id,omitempty"` // empty in a bookings file that names none
	WeekStart callmatch.Date `json:"week_start"`          // a Monday
	Language  string         `json:"language"`
	Seats     float64        `json:"seats"`
}

// WithBookings returns a snapshot that shares c's vendors and counts bs
// against their seats. Bookings of vendors c does not hold are ignored.
//
// CONTRACT (session 4): implemented by the engine owner.
func (c *Catalog) WithBookings(bs []Booking) *Catalog { return c }

// PartShare is a team-plan part's share of one week and language of the
// program; an engagement for a part books just those shares.
type PartShare struct {
	WeekStart callmatch.Date `json:"week_start"`
	Language  string         `json:"language"`
	Share     float64        `json:"share"`
}

// Book returns what an engagement of vendorID for req books: seats per
// week and language over the vendor's calling window, rounded up to a
// tenth. part nil books the whole program; otherwise only its shares.
// Errors are field errors (unknown vendor, a part week outside the
// program).
//
// CONTRACT (session 4): implemented by the engine owner.
func Book(c *Catalog, req Request, opt Options, intakeID, vendorID string, part []PartShare) ([]Booking, error) {
	return nil, nil
}

// Overbooking says that a booking does not fit: the week and language and
// the seats declared, already booked and free.
type Overbooking struct {
	WeekStart callmatch.Date
	Language  string // "" when the vendor's total seats of the week are short
	Declared  float64
	Booked    float64
	Free      float64
	Wanted    float64
}

// CheckFree decides, from the vendor as stored and its bookings by other
// intakes, whether want fits in its free seats: nil, or the first week
// and language that does not. It is what the store runs under the
// vendor's row lock, so that two engagements cannot both take the last
// seats.
//
// CONTRACT (session 4): implemented by the engine owner.
func CheckFree(v *catalog.Vendor, booked []Booking, want []Booking) *Overbooking { return nil }
