package postgres

import (
	"context"
	"encoding/json"
	"slices"
	"time"

	"gorm.io/gorm"

	"callmatch"
	"callmatch/intake"
	"callmatch/matching"
	"callmatch/quote"
)

// loadHolds reads the seats of every current quote of an open intake
// (view quote_holds) for the snapshot, with the day they stop holding.
// Expiry is the reader's clock (Hold.Until against the match's as-of
// date); a quote, a decline and an intake leaving the open statuses bump
// the bookings version, so the watcher reloads them.
func loadHolds(tx *gorm.DB) ([]matching.Hold, error) {
	var rows []struct {
		VendorID   string
		IntakeID   string
		WeekStart  time.Time
		Language   string
		Seats      float64
		ValidUntil time.Time
	}
	if err := tx.Raw(`SELECT vendor_id, intake_id, week_start, language, seats, valid_until FROM quote_holds`).Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]matching.Hold, len(rows))
	for i, r := range rows {
		out[i] = matching.Hold{VendorID: r.VendorID, IntakeID: r.IntakeID, WeekStart: callmatch.DateOf(r.WeekStart),
			Language: r.Language, Seats: r.Seats, Until: callmatch.DateOf(r.ValidUntil)}
	}
	return out, nil
}

// endHolds bumps the bookings version when an intake with holds leaves
// the open statuses (signed, here or elsewhere; withdrawn; closed), in
// the transaction of that move, so that every snapshot drops its holds.
func endHolds(tx *gorm.DB, intakeID, to string) error {
	if slices.Contains(intake.OpenStatuses, to) {
		return nil
	}
	var n int64
	if err := tx.Raw(`SELECT count(*) FROM quote_requests WHERE intake_id = ? AND status = 'quoted'`, intakeID).Scan(&n).Error; err != nil || n == 0 {
		return err
	}
	_, err := bumpBookingsVersion(tx)
	return err
}

// FindExclusions returns the programs whose latest shortlist, made at or
// after since, excluded the vendor: the reasons and the form without its
// contact. The campaign's name stays in the form for the caller's
// aggregation, which never shows it.
func (s *QuoteStore) FindExclusions(ctx context.Context, vendorID string, since time.Time) ([]quote.Exclusion, error) {
	if !validID(vendorID) {
		return nil, nil
	}
	var rows []struct {
		IntakeID string
		Form     []byte
		Reasons  []byte
	}
	err := s.db.gorm.WithContext(ctx).Raw(`WITH latest AS (
			SELECT DISTINCT ON (intake_id) intake_id, result FROM shortlists WHERE created_at >= ?
			ORDER BY intake_id, version DESC)
		SELECT l.intake_id, i.form, x -> 'reasons' AS reasons
		FROM latest l JOIN intakes i ON i.id = l.intake_id
		CROSS JOIN LATERAL jsonb_array_elements(l.result::jsonb -> 'excluded') x
		WHERE x ->> 'vendor_id' = ?
		ORDER BY l.intake_id`, since.UTC(), vendorID).Scan(&rows).Error
	if err != nil {
		return nil, translate("find exclusions", err)
	}
	out := make([]quote.Exclusion, len(rows))
	for i, r := range rows {
		var doc formDoc
		if err := json.Unmarshal(r.Form, &doc); err != nil {
			return nil, err
		}
		out[i] = quote.Exclusion{IntakeID: r.IntakeID, Form: doc.toForm()}
		if err := json.Unmarshal(r.Reasons, &out[i].Reasons); err != nil {
			return nil, err
		}
	}
	return out, nil
}
