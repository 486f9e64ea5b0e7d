package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"

	"callmatch"
	"callmatch/intake"
	"callmatch/matching"
)

// Audit actions of bookings. One row per engagement lists every week and
// language it booked or released.
const (
	ActionBookingsCreate  = "bookings.create"
	ActionBookingsRelease = "bookings.release"
)

// bookingRow is the bookings table.
type bookingRow struct {
	ID           int64 `gorm:"primaryKey;->"`
	EngagementID string
	VendorID     string
	IntakeID     string
	WeekStart    time.Time
	Language     string
	Seats        float64
	CreatedAt    time.Time
}

func (bookingRow) TableName() string { return "bookings" }

const bookingColumns = `engagement_id, vendor_id, intake_id, week_start, language, seats, created_at`

func (r *bookingRow) toBooking() matching.Booking {
	return matching.Booking{VendorID: r.VendorID, IntakeID: r.IntakeID, WeekStart: callmatch.DateOf(r.WeekStart),
		Language: r.Language, Seats: r.Seats}
}

// bookingsAudit is what the audit log keeps of an engagement's bookings.
type bookingsAudit struct {
	VendorID string             `json:"vendor_id"`
	IntakeID string             `json:"intake_id"`
	Bookings []matching.Booking `json:"bookings"`
}

// checkFree takes the vendor's row lock and checks that want fits in its
// free seats, before anything of the engagement is written. The caller
// holds the intake's lock; taking the vendor's second, always in that
// order, and before the engagement's insert (whose foreign key would take
// a share lock on the vendor row that two engagements could then each
// hold while waiting for the other's) keeps two engagements from
// deadlocking. Held to commit, the lock makes two engagements of one
// vendor check and book one after the other: the second reads the first's
// committed rows (read committed reads anew per statement), so the last
// seats go to exactly one of them. The check reads the vendor as stored,
// not the snapshot the bookings were sized on, so a snapshot that lags a
// capacity change cannot overbook.
func checkFree(tx *gorm.DB, vendorID, intakeID string, want []matching.Booking) error {
	if len(want) == 0 {
		return nil
	}
	row, err := lockVendorRow(tx, vendorID)
	if isNotFound(err) {
		return callmatch.Errorf(callmatch.EINVALID, "Vendor %q is not in the catalog.", vendorID)
	} else if err != nil {
		return err
	}
	var others []bookingRow
	lo, hi := weekSpan(want)
	err = tx.Raw(`SELECT `+bookingColumns+` FROM bookings WHERE vendor_id = ? AND intake_id <> ? AND week_start BETWEEN ? AND ?`,
		vendorID, intakeID, lo.String(), hi.String()).Scan(&others).Error
	if err != nil {
		return err
	}
	booked := make([]matching.Booking, len(others))
	for i := range others {
		booked[i] = others[i].toBooking()
	}
	if over := matching.CheckFree(row.toVendor(nil), booked, want); over != nil {
		return overbooked(row.Name, over)
	}
	return nil
}

// book stores an engagement's bookings, checked by checkFree under the
// vendor's lock this transaction holds, with their audit row and a
// bookings-only catalog version.
func (s *IntakeStore) book(ctx context.Context, tx *gorm.DB, e *engagementRow, want []matching.Booking) error {
	if len(want) == 0 {
		return nil
	}
	rows := make([]bookingRow, len(want))
	now := s.now()
	for i, b := range want {
		if b.VendorID != e.VendorID || b.IntakeID != e.IntakeID {
			return fmt.Errorf("book: a booking of vendor %s, intake %s in an engagement of %s, %s", b.VendorID, b.IntakeID, e.VendorID, e.IntakeID)
		}
		rows[i] = bookingRow{EngagementID: e.ID, VendorID: e.VendorID, IntakeID: e.IntakeID,
			WeekStart: b.WeekStart.Time(), Language: b.Language, Seats: b.Seats, CreatedAt: now}
	}
	if err := tx.Omit("ID").CreateInBatches(rows, 1000).Error; err != nil {
		return err
	}
	if err := writeAudit(ctx, tx, ActionBookingsCreate, objectEngagement, e.ID, nil,
		bookingsAudit{VendorID: e.VendorID, IntakeID: e.IntakeID, Bookings: want}); err != nil {
		return err
	}
	_, err := bumpBookingsVersion(tx)
	return err
}

// weekSpan is the first and last week of bs, the range the check reads.
func weekSpan(bs []matching.Booking) (lo, hi callmatch.Date) {
	lo, hi = bs[0].WeekStart, bs[0].WeekStart
	for _, b := range bs[1:] {
		lo, hi = min(lo, b.WeekStart), max(hi, b.WeekStart)
	}
	return lo, hi
}

// overbooked is the conflict an engagement that does not fit gets: the
// message says it in a sentence, the fields name the week, the language
// and the seats, for a client to show beside the week.
func overbooked(vendorName string, o *matching.Overbooking) error {
	lang := "in total"
	if o.Language != "" {
		lang = "in language " + o.Language
	}
	return &callmatch.Error{Code: callmatch.ECONFLICT,
		Message: fmt.Sprintf("%s has %s free seats %s in the week of %s (%s declared, %s booked); this engagement needs %s.",
			vendorName, seats(o.Free), lang, o.WeekStart, seats(o.Declared), seats(o.Booked), seats(o.Wanted)),
		Fields: map[string]string{
			"week_start": o.WeekStart.String(), "language": o.Language,
			"seats_declared": seats(o.Declared), "seats_booked": seats(o.Booked),
			"seats_free": seats(o.Free), "seats_wanted": seats(o.Wanted),
		}}
}

// seats prints a count of seats in tenths without trailing zeros.
func seats(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// releaseBookings deletes the intake's bookings, in the transaction of the
// status change that releases them, with one audit row per engagement.
// No vendor lock is needed: freeing seats can only make another
// engagement's check pass, and a check that read them just before still
// decided on fewer free seats than there are. Releasing again finds
// nothing and writes nothing.
func releaseBookings(ctx context.Context, tx *gorm.DB, intakeID string) error {
	// The engagements are released with their seats: they take no reports
	// and ask for no scorecard (SaveReports, MailScorecardRequests).
	if err := tx.Exec(`UPDATE engagements SET released_at = now() WHERE intake_id = ? AND released_at IS NULL`, intakeID).Error; err != nil {
		return err
	}
	var rows []bookingRow
	err := tx.Raw(`DELETE FROM bookings WHERE intake_id = ? RETURNING `+bookingColumns, intakeID).Scan(&rows).Error
	if err != nil || len(rows) == 0 {
		return err
	}
	byEngagement := map[string]*bookingsAudit{}
	var order []string
	for i := range rows {
		r := &rows[i]
		a := byEngagement[r.EngagementID]
		if a == nil {
			a = &bookingsAudit{VendorID: r.VendorID, IntakeID: r.IntakeID}
			byEngagement[r.EngagementID] = a
			order = append(order, r.EngagementID)
		}
		a.Bookings = append(a.Bookings, r.toBooking())
	}
	for _, id := range order {
		if err := writeAudit(ctx, tx, ActionBookingsRelease, objectEngagement, id, byEngagement[id], nil); err != nil {
			return err
		}
	}
	_, err = bumpBookingsVersion(tx)
	return err
}

// FindVendorBookings lists the vendor's bookings by week, language and
// intake, in one statement that also says whether the vendor exists.
func (s *IntakeStore) FindVendorBookings(ctx context.Context, vendorID string) ([]*intake.Booking, error) {
	if !validID(vendorID) {
		return nil, vendorNotFound(vendorID)
	}
	var rows []bookingRow
	err := s.db.gorm.WithContext(ctx).Raw(childrenOf("vendors", `SELECT `+bookingColumns+` FROM bookings WHERE vendor_id = p.id`,
		"c.week_start, c.language, c.intake_id"), vendorID).Scan(&rows).Error
	if err != nil {
		return nil, translate("find vendor bookings", err)
	}
	if len(rows) == 0 {
		return nil, vendorNotFound(vendorID)
	}
	out := make([]*intake.Booking, 0, len(rows))
	for i := range rows {
		if rows[i].EngagementID == "" {
			break // the vendor's row of NULLs: no bookings
		}
		out = append(out, &intake.Booking{Booking: rows[i].toBooking(), EngagementID: rows[i].EngagementID,
			CreatedAt: rows[i].CreatedAt.UTC()})
	}
	return out, nil
}

// loadBookings reads every booking for the snapshot, in tx, into the
// compact form the catalog keeps. Rows are many (an engagement books every
// week and language of its program), so the database sends days and
// tenths as integers, and the ids, which repeat (one vendor and intake per
// engagement, a few languages), are read as raw bytes and interned: a
// third fewer allocations than scanning times, numerics and strings.
// Packing an engagement's weeks into one text row per engagement cut
// allocations further but cost the database as much as it saved
// (BenchmarkCatalogReload).
func loadBookings(tx *gorm.DB) ([]matching.Booking, error) {
	rows, err := tx.Raw(`SELECT vendor_id::text, intake_id::text, week_start - date '1970-01-01', language,
		(seats * 10)::bigint FROM bookings`).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	strs := map[string]string{}
	intern := func(b []byte) string {
		if s, ok := strs[string(b)]; ok {
			return s
		}
		s := string(b)
		strs[s] = s
		return s
	}
	var (
		out                    []matching.Booking
		vendor, intakeID, lang sql.RawBytes
		day, tenths            int64
	)
	for rows.Next() {
		if err := rows.Scan(&vendor, &intakeID, &day, &lang, &tenths); err != nil {
			return nil, err
		}
		out = append(out, matching.Booking{VendorID: intern(vendor), IntakeID: intern(intakeID),
			WeekStart: callmatch.Date(day), Language: intern(lang), Seats: float64(tenths) / 10})
	}
	return out, rows.Err()
}

// FindOpenIntakes lists the intakes that still want seats (see
// intake.OpenStatuses) and whose program has not ended, earliest start
// first.
func (s *IntakeStore) FindOpenIntakes(ctx context.Context, today callmatch.Date) ([]*intake.Intake, error) {
	var rows []intakeRow
	err := s.db.gorm.WithContext(ctx).Raw(`SELECT `+intakeColumns+` FROM intakes
		WHERE status IN ? AND end_date >= ? ORDER BY start_date, id`, intake.OpenStatuses, today.String()).Scan(&rows).Error
	if err != nil {
		return nil, translate("find open intakes", err)
	}
	out := make([]*intake.Intake, len(rows))
	for i := range rows {
		if out[i], err = rows[i].toIntake(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
