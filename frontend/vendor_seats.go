package frontend

import (
	"math"
	"slices"
	"strings"
	"time"

	"callmatch"
	"callmatch/catalog"
	"callmatch/intake"
)

// seatWeek is one week of a vendor's seats as the desk and the portal show
// them (MARKETPLACE.md §1): declared, booked by engagements, and free.
type seatWeek struct {
	weekCell
	Booked float64
	Free   float64
	ByLang []langSeats // booked seats per language, by code
	Bar    seatBar
}

type langSeats struct {
	Code  string
	Seats float64
}

// seatBar draws a week as a bar in a 0–100 wide viewBox: the declared
// seats in grey, the booked part over them; scaled to the page's largest
// week so weeks compare.
type seatBar struct {
	Declared, Booked string
	Over             bool // booked beyond declared: the calendar was cut after booking
	Label            string
}

// seatWeeks lists the vendor's weeks from this one through election day
// with what its engagements booked in each.
func seatWeeks(v *catalog.Vendor, bookings []*intake.Booking, now time.Time) []seatWeek {
	cells := capacityWeeks(v, now)
	out := make([]seatWeek, len(cells))
	scale := 1.0
	for i, c := range cells {
		out[i] = seatWeek{weekCell: c}
		for _, b := range bookings {
			if b.WeekStart != c.Start {
				continue
			}
			out[i].Booked += b.Seats
			k := slices.IndexFunc(out[i].ByLang, func(l langSeats) bool { return l.Code == b.Language })
			if k < 0 {
				out[i].ByLang = append(out[i].ByLang, langSeats{Code: b.Language})
				k = len(out[i].ByLang) - 1
			}
			out[i].ByLang[k].Seats += b.Seats
		}
		// Tenths, as bookings are kept: 0.1 + 0.2 must not show 0.30000000000000004.
		out[i].Booked = math.Round(out[i].Booked*10) / 10
		out[i].Free = float64(c.Seats) - out[i].Booked
		slices.SortFunc(out[i].ByLang, func(a, b langSeats) int { return strings.Compare(a.Code, b.Code) })
		scale = max(scale, float64(c.Seats), out[i].Booked)
	}
	for i := range out {
		w := &out[i]
		w.Bar = seatBar{Declared: svgNum(float64(w.Seats) / scale * 100), Booked: svgNum(w.Booked / scale * 100),
			Over: w.Free < 0, Label: dec1(w.Booked) + " of " + num(w.Seats) + " seats booked"}
	}
	return out
}

// anyBooked reports whether any week shown has bookings.
func anyBooked(weeks []seatWeek) bool {
	return slices.ContainsFunc(weeks, func(w seatWeek) bool { return w.Booked > 0 })
}

// programBookings groups a vendor's bookings by the intake whose program
// they serve, for the portal: the program's weeks, languages and seats,
// never who the campaign is.
type programBookings struct {
	IntakeID  string
	Ref       string // a short reference the vendor can quote to an advisor
	From, To  callmatch.Date
	Languages []string
	Rows      []*intake.Booking
}

func groupBookings(bookings []*intake.Booking) []programBookings {
	var out []programBookings
	for _, b := range bookings {
		k := slices.IndexFunc(out, func(p programBookings) bool { return p.IntakeID == b.IntakeID })
		if k < 0 {
			out = append(out, programBookings{IntakeID: b.IntakeID, Ref: shortRef(b.IntakeID), From: b.WeekStart, To: b.WeekStart})
			k = len(out) - 1
		}
		p := &out[k]
		p.From, p.To = min(p.From, b.WeekStart), max(p.To, b.WeekStart)
		if !slices.Contains(p.Languages, b.Language) {
			p.Languages = append(p.Languages, b.Language)
		}
		p.Rows = append(p.Rows, b)
	}
	slices.SortStableFunc(out, func(a, b programBookings) int { return int(a.From - b.From) })
	return out
}

// shortRef is the last eight characters of an id, as people read
// references aloud. Not the first: ids are time-ordered, and those made
// the same day share their first block.
func shortRef(id string) string {
	return strings.ToUpper(id[max(0, len(id)-8):])
}
