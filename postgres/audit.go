package postgres

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"

	"callmatch"
)

// auditRow is the audit_log table.
type auditRow struct {
	ID         int64     `gorm:"primaryKey"`
	At         time.Time `gorm:"->"` // the database's now(): one clock for every writer
	Actor      string
	Role       string
	RequestID  string
	Action     string
	ObjectType string
	ObjectID   string
	Diff       []byte `gorm:"type:jsonb"`
}

func (auditRow) TableName() string { return "audit_log" }

// AuditEntry is one recorded change: who did what to which object, and the
// top-level fields that changed, before and after.
type AuditEntry struct {
	ID         int64
	At         time.Time
	Actor      string // Actor.Label(): "user:<id>", "cli", "anonymous", …
	Role       string
	RequestID  string
	Action     string // "vendor.update", "certification.decide", …
	ObjectType string
	ObjectID   string
	Before     map[string]json.RawMessage // changed fields only; empty on create
	After      map[string]json.RawMessage
}

// auditDiff is the stored shape of audit_log.diff.
type auditDiff struct {
	Before map[string]json.RawMessage `json:"before"`
	After  map[string]json.RawMessage `json:"after"`
}

// writeAudit records a change in tx, so that the audit row commits or rolls
// back with the change itself. The actor and request id come from ctx.
// before and after are values that marshal to JSON objects (nil for "did not
// exist"); only top-level fields whose JSON differs are kept. Stores holding
// personal data pass views with those fields masked: the log is kept longer
// than the data it describes.
func writeAudit(ctx context.Context, tx *gorm.DB, action, objType, objID string, before, after any) error {
	row, err := newAuditRow(ctx, action, objType, objID, before, after)
	if err != nil {
		return err
	}
	if err := tx.Create(&row).Error; err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	return nil
}

// newAuditRow builds the row writeAudit inserts, for writers that insert
// many at once.
func newAuditRow(ctx context.Context, action, objType, objID string, before, after any) (auditRow, error) {
	d, err := diff(before, after)
	if err != nil {
		return auditRow{}, fmt.Errorf("audit %s: %w", action, err)
	}
	b, err := json.Marshal(d)
	if err != nil {
		return auditRow{}, fmt.Errorf("audit %s: %w", action, err)
	}
	a := callmatch.ActorFrom(ctx)
	return auditRow{
		Actor: a.Label(), Role: a.Role, RequestID: a.RequestID,
		Action: action, ObjectType: objType, ObjectID: objID, Diff: b,
	}, nil
}

// diff compares the top-level JSON fields of before and after.
func diff(before, after any) (auditDiff, error) {
	b, err := fields(before)
	if err != nil {
		return auditDiff{}, err
	}
	a, err := fields(after)
	if err != nil {
		return auditDiff{}, err
	}
	d := auditDiff{Before: map[string]json.RawMessage{}, After: map[string]json.RawMessage{}}
	for k, bv := range b {
		if av, ok := a[k]; !ok || !bytes.Equal(bv, av) {
			d.Before[k] = bv
		}
	}
	for k, av := range a {
		if bv, ok := b[k]; !ok || !bytes.Equal(bv, av) {
			d.After[k] = av
		}
	}
	return d, nil
}

// fields splits v's JSON object into its top-level members. Marshalling
// compacts the members, so byte equality is value equality.
func fields(v any) (map[string]json.RawMessage, error) {
	m := map[string]json.RawMessage{}
	if v == nil {
		return m, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	if string(b) == "null" {
		return m, nil
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("audit value %T is not a JSON object: %w", v, err)
	}
	return m, nil
}

// AuditFor returns the recorded changes of one object, oldest first.
func (db *DB) AuditFor(ctx context.Context, objectType, objectID string) ([]AuditEntry, error) {
	var rows []auditRow
	err := db.gorm.WithContext(ctx).
		Where("object_type = ? AND object_id = ?", objectType, objectID).
		Order("id").Find(&rows).Error
	if err != nil {
		return nil, translate("find audit entries", err)
	}
	out := make([]AuditEntry, 0, len(rows))
	for _, r := range rows {
		var d auditDiff
		if err := json.Unmarshal(r.Diff, &d); err != nil {
			return nil, fmt.Errorf("audit entry %d: %w", r.ID, err)
		}
		out = append(out, AuditEntry{
			ID: r.ID, At: r.At, Actor: r.Actor, Role: r.Role, RequestID: r.RequestID,
			Action: r.Action, ObjectType: r.ObjectType, ObjectID: r.ObjectID,
			Before: d.Before, After: d.After,
		})
	}
	return out, nil
}
