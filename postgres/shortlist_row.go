package postgres

import (
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"

	"callmatch"
	"callmatch/intake"
)

// shortlistRow is the shortlists table.
type shortlistRow struct {
	ID             string
	IntakeID       string
	Version        int
	IntakeVersion  int64
	Weights        []byte
	Method         string
	AsOf           string // as_of::text
	ResultLimit    int
	CatalogVersion string
	EngineVersion  string
	Result         []byte // json: the engine's bytes, exactly
	CreatedBy      string
	CreatedAt      time.Time
	SharedAt       *time.Time
	SharedBy       string
}

const shortlistColumns = `id, intake_id, version, intake_version, weights, method, as_of::text AS as_of,
	result_limit, catalog_version, engine_version, result, created_by, created_at, shared_at, shared_by`

// eventRow is the shortlist_events table.
// The JSON names are those of shortlistSelect's events column.
type eventRow struct {
	ID          int64     `json:"id"`
	ShortlistID string    `json:"shortlist_id"`
	Type        string    `json:"type"`
	VendorID    string    `json:"vendor_id"`
	Reason      string    `json:"reason"`
	Actor       string    `json:"actor"`
	At          time.Time `json:"at"`
}

func (r *shortlistRow) toShortlist(events []eventRow) (*intake.Shortlist, error) {
	s := &intake.Shortlist{
		ID: r.ID, IntakeID: r.IntakeID, Version: r.Version, CreatedAt: r.CreatedAt.UTC(), CreatedBy: r.CreatedBy,
		IntakeVersion: r.IntakeVersion, Method: r.Method, Limit: r.ResultLimit,
		CatalogVersion: r.CatalogVersion, EngineVersion: r.EngineVersion,
		ResultJSON: json.RawMessage(r.Result), Events: make([]intake.Event, len(events)),
	}
	var err error
	if s.AsOf, err = callmatch.ParseDate(r.AsOf); err != nil {
		return nil, fmt.Errorf("shortlist %s: as_of: %w", r.ID, err)
	}
	var weights weightsDoc
	if err := json.Unmarshal(r.Weights, &weights); err != nil {
		return nil, fmt.Errorf("shortlist %s: weights: %w", r.ID, err)
	}
	s.Weights = weights.toWeights()
	if s.Result, err = decodeStoredResult(r.Result); err != nil {
		return nil, fmt.Errorf("shortlist %s: result: %w", r.ID, err)
	}
	if r.SharedAt != nil {
		t := r.SharedAt.UTC()
		s.SharedAt = &t
	}
	for i, e := range events {
		s.Events[i] = intake.Event{ID: e.ID, Type: e.Type, VendorID: e.VendorID, Reason: e.Reason,
			Actor: e.Actor, At: e.At.UTC()}
	}
	return s, nil
}

// shortlistAudit is what the audit log keeps of a new shortlist: the inputs
// that identify the run, not the result, which the record itself keeps.
type shortlistAudit struct {
	IntakeID       string `json:"intake_id"`
	Version        int    `json:"version"`
	Method         string `json:"method"`
	AsOf           string `json:"as_of"`
	CatalogVersion string `json:"catalog_version"`
	EngineVersion  string `json:"engine_version"`
}

// shortlistSelect reads shortlists each with its events, in the order
// they were added, as JSON beside it: one statement, one snapshot.
const shortlistSelect = `SELECT ` + shortlistColumns + `, (
		SELECT coalesce(json_agg(e ORDER BY e.id), '[]') FROM (
			SELECT id, shortlist_id, type, vendor_id, reason, actor, at
			FROM shortlist_events WHERE shortlist_id = shortlists.id) e) AS events
	FROM shortlists`

// shortlistEventsRow is a row of shortlistSelect.
type shortlistEventsRow struct {
	Shortlist shortlistRow `gorm:"embedded"`
	Events    eventsDoc    `gorm:"->;type:json"` // read only, never written
}

// eventsDoc is the events column of shortlistSelect.
type eventsDoc []eventRow

func (d *eventsDoc) Scan(src any) error { return scanJSON(src, d) }

// loadShortlists reads the shortlists that where selects, ordered by order,
// each with its events.
func loadShortlists(tx *gorm.DB, order, where string, args ...any) ([]*intake.Shortlist, error) {
	var rows []shortlistEventsRow
	if err := tx.Raw(shortlistSelect+` WHERE `+where+` ORDER BY `+order, args...).Scan(&rows).Error; err != nil {
		return nil, err
	}
	return toShortlists(rows)
}

func toShortlists(rows []shortlistEventsRow) ([]*intake.Shortlist, error) {
	out := make([]*intake.Shortlist, len(rows))
	for i := range rows {
		var err error
		if out[i], err = rows[i].Shortlist.toShortlist(rows[i].Events); err != nil {
			return nil, err
		}
	}
	return out, nil
}
