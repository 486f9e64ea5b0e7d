package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"gorm.io/gorm"

	"callmatch"
	"callmatch/intake"
)

// CreateShortlist numbers and stores the shortlist build makes from the
// locked intake. Holding the intake's row lock while matching runs (it is
// CPU work of milliseconds) means the shortlist is made from exactly the
// intake version it records, and concurrent generations for one intake
// take versions 1, 2, 3… one after the other.
func (s *IntakeStore) CreateShortlist(ctx context.Context, intakeID string, build func(*intake.Intake) (*intake.Shortlist, error)) (*intake.Shortlist, error) {
	var sl *intake.Shortlist
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		row, err := lockIntake(tx, intakeID)
		if err != nil {
			return err
		}
		in, err := row.toIntake()
		if err != nil {
			return err
		}
		if sl, err = build(in); err != nil {
			return err
		}
		if sl.ResultJSON == nil {
			if sl.ResultJSON, err = json.Marshal(sl.Result); err != nil {
				return fmt.Errorf("encode match result: %w", err)
			}
		}
		weights, err := json.Marshal(newWeightsDoc(sl.Weights))
		if err != nil {
			return fmt.Errorf("encode weights: %w", err)
		}
		if err := tx.Raw(`SELECT coalesce(max(version), 0) + 1 FROM shortlists WHERE intake_id = ?`,
			row.ID).Scan(&sl.Version).Error; err != nil {
			return err
		}
		sl.ID, sl.IntakeID, sl.IntakeVersion = newID(), row.ID, row.Version
		sl.CreatedAt, sl.CreatedBy, sl.SharedAt = s.now(), callmatch.ActorFrom(ctx).Label(), nil
		if sl.Events == nil {
			sl.Events = []intake.Event{}
		}
		err = tx.Exec(`INSERT INTO shortlists (id, intake_id, version, intake_version, weights, method, as_of,
				result_limit, catalog_version, engine_version, result, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			sl.ID, sl.IntakeID, sl.Version, sl.IntakeVersion, string(weights), sl.Method, sl.AsOf.String(),
			sl.Limit, sl.CatalogVersion, sl.EngineVersion, string(sl.ResultJSON), sl.CreatedBy, sl.CreatedAt).Error
		if err != nil {
			return err
		}
		err = writeAudit(ctx, tx, ActionShortlistCreate, objectShortlist, sl.ID, nil, shortlistAudit{
			IntakeID: sl.IntakeID, Version: sl.Version, Method: sl.Method, AsOf: sl.AsOf.String(),
			CatalogVersion: sl.CatalogVersion, EngineVersion: sl.EngineVersion,
		})
		if err != nil {
			return err
		}
		return s.moveIntake(ctx, tx, &row, intake.StatusShortlisted)
	})
	if err != nil {
		return nil, translate("create shortlist", err)
	}
	return sl, nil
}

// FindShortlistByID returns a shortlist with its events.
func (s *IntakeStore) FindShortlistByID(ctx context.Context, id string) (*intake.Shortlist, error) {
	if !validID(id) {
		return nil, intake.ErrShortlistNotFound(id)
	}
	sls, err := loadShortlists(s.db.gorm.WithContext(ctx), "id", "id = ?", id)
	if err != nil {
		return nil, translate("find shortlist", err)
	}
	if len(sls) == 0 {
		return nil, intake.ErrShortlistNotFound(id)
	}
	return sls[0], nil
}

// FindShortlists returns every version for an intake, newest first.
func (s *IntakeStore) FindShortlists(ctx context.Context, intakeID string) ([]*intake.Shortlist, error) {
	if !validID(intakeID) {
		return nil, intake.ErrIntakeNotFound(intakeID)
	}
	var rows []shortlistEventsRow
	err := s.db.gorm.WithContext(ctx).Raw(childrenOf("intakes", shortlistSelect+` WHERE intake_id = p.id`, "c.version DESC"),
		intakeID).Scan(&rows).Error
	if err != nil {
		return nil, translate("find shortlists", err)
	}
	if len(rows) == 0 {
		return nil, intake.ErrIntakeNotFound(intakeID)
	}
	if rows[0].Shortlist.ID == "" {
		return []*intake.Shortlist{}, nil
	}
	return toShortlists(rows)
}

// lockShortlist locks the intake a shortlist belongs to, then reads the
// shortlist: the intake's lock is the one every workflow write takes, so
// events and shares cannot slip between a status check and its effect.
func lockShortlist(tx *gorm.DB, id string) (intakeRow, *intake.Shortlist, error) {
	if !validID(id) {
		return intakeRow{}, nil, intake.ErrShortlistNotFound(id)
	}
	// Every shortlist has its intake (a foreign key), so no row means no
	// shortlist.
	var owner []intakeRow
	err := tx.Raw(`SELECT `+intakeColumns+` FROM intakes
		WHERE id = (SELECT intake_id FROM shortlists WHERE id = ?) FOR UPDATE`, id).Scan(&owner).Error
	if err != nil {
		return intakeRow{}, nil, err
	}
	if len(owner) == 0 {
		return intakeRow{}, nil, intake.ErrShortlistNotFound(id)
	}
	row := owner[0]
	sls, err := loadShortlists(tx, "id", "id = ?", id)
	if err != nil {
		return row, nil, err
	}
	return row, sls[0], nil
}

// eventAudit is what the audit log keeps of an event: all of it; it is the
// advisor's own words about vendors, no campaign's personal data.
type eventAudit struct {
	Type     string `json:"type"`
	VendorID string `json:"vendor_id"`
	Reason   string `json:"reason"`
}

// AddShortlistEvent appends a pin, drop or note beside the shortlist. The
// engine's result is untouched: events live in their own table.
func (s *IntakeStore) AddShortlistEvent(ctx context.Context, shortlistID string, e intake.Event) (*intake.Shortlist, error) {
	if err := e.Validate(); err != nil {
		return nil, err
	}
	var sl *intake.Shortlist
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		row, got, err := lockShortlist(tx, shortlistID)
		if err != nil {
			return err
		}
		sl = got
		if err := sl.CheckEvent(row.Status, e); err != nil {
			return err
		}
		e.Actor, e.At = callmatch.ActorFrom(ctx).Label(), s.now()
		err = tx.Raw(`INSERT INTO shortlist_events (shortlist_id, type, vendor_id, reason, actor, at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			sl.ID, e.Type, e.VendorID, e.Reason, e.Actor, e.At).Scan(&e.ID).Error
		if err != nil {
			return err
		}
		sl.Events = append(sl.Events, e)
		return writeAudit(ctx, tx, ActionShortlistEvent, objectShortlist, sl.ID, nil,
			eventAudit{Type: e.Type, VendorID: e.VendorID, Reason: e.Reason})
	})
	if err != nil {
		return nil, translate("add shortlist event", err)
	}
	return sl, nil
}
