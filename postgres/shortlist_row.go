package postgres

import (
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"

	"callmatch"
	"callmatch/intake"
	"callmatch/matching"
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
type eventRow struct {
	ID          int64
	ShortlistID string
	Type        string
	VendorID    string
	Reason      string
	Actor       string
	At          time.Time
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
	s.Result = new(matching.Result)
	if err := json.Unmarshal(r.Result, s.Result); err != nil {
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

// loadShortlists reads the shortlists that where selects, ordered by order,
// each with its events in the order they were added (two queries in all).
func loadShortlists(tx *gorm.DB, order, where string, args ...any) ([]*intake.Shortlist, error) {
	var rows []shortlistRow
	err := tx.Raw(`SELECT `+shortlistColumns+` FROM shortlists WHERE `+where+` ORDER BY `+order, args...).
		Scan(&rows).Error
	if err != nil || len(rows) == 0 {
		return []*intake.Shortlist{}, err
	}
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	var events []eventRow
	err = tx.Raw(`SELECT id, shortlist_id, type, vendor_id, reason, actor, at
		FROM shortlist_events WHERE shortlist_id IN ? ORDER BY id`, ids).Scan(&events).Error
	if err != nil {
		return nil, err
	}
	byShortlist := map[string][]eventRow{}
	for _, e := range events {
		byShortlist[e.ShortlistID] = append(byShortlist[e.ShortlistID], e)
	}
	out := make([]*intake.Shortlist, len(rows))
	for i := range rows {
		if out[i], err = rows[i].toShortlist(byShortlist[rows[i].ID]); err != nil {
			return nil, err
		}
	}
	return out, nil
}
