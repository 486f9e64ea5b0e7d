package postgres

import (
	"context"

	"gorm.io/gorm"

	"callmatch/matching"
)

// trackDelta is a change to a vendor's track record.
type trackDelta struct {
	programs   int
	dials      int64
	contacts   int64
	scorecards int
	qa         float64
}

// addToTrackRecord moves the vendor's track record by d inside the
// writer's transaction: an increment, never a recount, so that a report
// costs the same however much the vendor delivered before, and concurrent
// writers for one vendor (different engagements) add up in either order.
// It then moves the catalog version the way a bookings write does: the
// watcher keeps its compiled vendors and reloads bookings and track
// records, which is all that changed (see loadSnapshot).
func addToTrackRecord(tx *gorm.DB, vendorID string, d trackDelta) error {
	if d == (trackDelta{}) {
		return nil
	}
	// The row is made first and then moved: an upsert would check the
	// delta itself (a correction's negative dials) against the table's
	// checks before finding the row it adds to.
	if err := tx.Exec(`INSERT INTO vendor_track_records (vendor_id) VALUES (?) ON CONFLICT DO NOTHING`, vendorID).Error; err != nil {
		return err
	}
	err := tx.Exec(`UPDATE vendor_track_records SET programs = programs + ?, dials = dials + ?, contacts = contacts + ?,
			scorecards = scorecards + ?, qa_sum = qa_sum + ?, updated_at = now() WHERE vendor_id = ?`,
		d.programs, d.dials, d.contacts, d.scorecards, d.qa, vendorID).Error
	if err != nil {
		return err
	}
	_, err = bumpBookingsVersion(tx)
	return err
}

// trackRow is vendor_track_records.
type trackRow struct {
	VendorID   string
	Programs   int
	Dials      int64
	Contacts   int64
	Scorecards int
	QASum      float64 `gorm:"column:qa_sum"`
}

func (r *trackRow) toTrackRecord() matching.TrackRecord {
	return matching.TrackRecord{VendorID: r.VendorID, Programs: r.Programs, Dials: r.Dials, Contacts: r.Contacts,
		Scorecards: r.Scorecards, QASum: r.QASum}
}

const trackColumns = `vendor_id, programs, dials, contacts, scorecards, qa_sum`

// FindTrackRecord returns the vendor's track record; a vendor that has
// delivered nothing has the zero record.
func (s *IntakeStore) FindTrackRecord(ctx context.Context, vendorID string) (*matching.TrackRecord, error) {
	t := &matching.TrackRecord{VendorID: vendorID}
	if !validID(vendorID) {
		return t, nil
	}
	var rows []trackRow
	err := s.db.gorm.WithContext(ctx).Raw(`SELECT `+trackColumns+` FROM vendor_track_records WHERE vendor_id = ?`, vendorID).
		Scan(&rows).Error
	if err != nil {
		return nil, translate("find track record", err)
	}
	if len(rows) > 0 {
		*t = rows[0].toTrackRecord()
	}
	return t, nil
}

// loadTrackRecords reads every vendor's track record for the snapshot:
// one row per vendor that delivered something, far fewer than vendors.
func loadTrackRecords(tx *gorm.DB) ([]matching.TrackRecord, error) {
	var rows []trackRow
	if err := tx.Raw(`SELECT ` + trackColumns + ` FROM vendor_track_records WHERE programs > 0 OR scorecards > 0`).Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]matching.TrackRecord, len(rows))
	for i := range rows {
		out[i] = rows[i].toTrackRecord()
	}
	return out, nil
}
