package postgres

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"

	"callmatch"
	"callmatch/intake"
)

// AggregateEngagement names engagement rows in the outbox. Billing relays
// them into referral-fee invoices; the search relay must leave them alone.
const AggregateEngagement = "engagement"

// engagementRow is the engagements table.
type engagementRow struct {
	ID                 string
	IntakeID           string
	VendorID           string
	ShortlistID        string
	ContractValueCents int64
	CreatedBy          string
	CreatedAt          time.Time
	Part               *partDoc // NULL: the whole program
	// VendorName is read with the engagement where a page names the
	// vendor (FindEngagements); never written.
	VendorName string `gorm:"->"`
}

func (engagementRow) TableName() string { return "engagements" }

func (r *engagementRow) toEngagement() *intake.Engagement {
	e := &intake.Engagement{
		ID: r.ID, IntakeID: r.IntakeID, VendorID: r.VendorID, ShortlistID: r.ShortlistID,
		ContractValueCents: r.ContractValueCents, CreatedAt: r.CreatedAt.UTC(), CreatedBy: r.CreatedBy,
		VendorName: r.VendorName,
	}
	if r.Part != nil {
		p := intake.Part(*r.Part)
		e.Part = &p
	}
	return e
}

// partDoc is engagements.part: the team-plan part as JSON.
type partDoc intake.Part

func (d partDoc) Value() (driver.Value, error) {
	b, err := json.Marshal(d)
	return string(b), err
}

func (d *partDoc) Scan(src any) error { return scanJSON(src, d) }

const engagementColumns = `id, intake_id, vendor_id, shortlist_id, contract_value_cents, created_by, created_at, part`

// engagementPayload is the outbox row billing acts on. It carries what an
// invoice needs so that the relay reads nothing else to bill; the fee rate
// is billing's own and never passes through here.
type engagementPayload struct {
	IntakeID           string    `json:"intake_id"`
	VendorID           string    `json:"vendor_id"`
	ShortlistID        string    `json:"shortlist_id"`
	ContractValueCents int64     `json:"contract_value_cents"`
	CreatedAt          time.Time `json:"created_at"`
}

// CreateEngagement records the campaign's choice under the intake's lock:
// the shared-shortlist check, the bookings (checked under the vendor's
// lock, see book), the status change, the audit rows and the billing
// outbox row all commit together or not at all. Recording the same
// engagement twice returns the first (created false) and writes nothing,
// so billing hears of each engagement exactly once and its seats are
// booked once; another vendor besides one engaged for the whole program
// is refused (alreadyEngaged), whatever page or client asks. Two engagements of one intake wait for each other on the
// intake's lock; two of different intakes with one vendor, on the
// vendor's, and the second sees the first's bookings.
func (s *IntakeStore) CreateEngagement(ctx context.Context, e intake.Engagement) (*intake.Engagement, bool, error) {
	if err := e.Validate(); err != nil {
		return nil, false, err
	}
	var (
		rec     *intake.Engagement
		created bool
	)
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		row, err := lockIntake(tx, e.IntakeID)
		if err != nil {
			return err
		}
		if validID(e.VendorID) {
			var prev []engagementRow
			err := tx.Raw(`SELECT `+engagementColumns+`,
				(SELECT name FROM vendors WHERE vendors.id = engagements.vendor_id) AS vendor_name
				FROM engagements WHERE intake_id = ? ORDER BY created_at, id`, row.ID).Scan(&prev).Error
			if err != nil {
				return err
			}
			if rec, err = alreadyEngaged(prev, &e); rec != nil || err != nil {
				return err
			}
		}
		if err := intake.CheckTransition(row.Status, intake.StatusEngaged); err != nil {
			return err
		}
		// What the campaign was shown, not the events since: under the
		// intake's lock, which shares and event writes take too.
		shared, err := loadSharedShortlists(tx, row.ID)
		if err != nil {
			return err
		}
		sl, err := e.ShortlistFrom(shared)
		if err != nil {
			return err
		}
		if !validID(e.VendorID) {
			// Only a catalog from outside the database could list it.
			return callmatch.Errorf(callmatch.EINVALID, "Vendor %q is not in the catalog.", e.VendorID)
		}
		if err := checkFree(tx, e.VendorID, row.ID, e.Bookings); err != nil {
			return err
		}
		r := engagementRow{ID: newID(), IntakeID: row.ID, VendorID: e.VendorID, ShortlistID: sl.ID,
			ContractValueCents: e.ContractValueCents, CreatedBy: callmatch.ActorFrom(ctx).Label(), CreatedAt: s.now()}
		if e.Part != nil {
			p := partDoc(*e.Part)
			r.Part = &p
		}
		if err := tx.Create(&r).Error; err != nil {
			return err
		}
		rec, created = r.toEngagement(), true
		rec.Bookings = e.Bookings
		if err := s.moveIntake(ctx, tx, &row, intake.StatusEngaged); err != nil {
			return err
		}
		err = writeAudit(ctx, tx, ActionEngagementCreate, objectEngagement, r.ID, nil, engagementPayload{
			IntakeID: r.IntakeID, VendorID: r.VendorID, ShortlistID: r.ShortlistID,
			ContractValueCents: r.ContractValueCents, CreatedAt: r.CreatedAt,
		})
		if err != nil {
			return err
		}
		err = writeOutbox(tx, AggregateEngagement, r.ID, 1, engagementPayload{
			IntakeID: r.IntakeID, VendorID: r.VendorID, ShortlistID: r.ShortlistID,
			ContractValueCents: r.ContractValueCents, CreatedAt: r.CreatedAt,
		})
		if err != nil {
			return err
		}
		// Last: it takes the catalog version's lock, held to commit.
		return s.book(ctx, tx, &r, e.Bookings)
	})
	if err != nil {
		return nil, false, translate("create engagement", err)
	}
	return rec, created, nil
}

// alreadyEngaged decides e against the intake's engagements so far (prev,
// read under the intake's lock, so two requests cannot both pass): the
// same engagement again is the one recorded (a retry: rec, nil), the same
// vendor otherwise a conflict (the fee would be invoiced on one of two
// values). The whole program engaged at one vendor leaves nothing for
// another, and a second whole-program vendor would be booked and billed
// for the same calls: so a whole-program engagement must be the intake's
// only one, and only team-plan parts of different vendors add up.
func alreadyEngaged(prev []engagementRow, e *intake.Engagement) (rec *intake.Engagement, err error) {
	for i := range prev {
		if prev[i].VendorID != e.VendorID {
			continue
		}
		if rec = prev[i].toEngagement(); rec.SameAs(e) {
			return rec, nil
		}
		return nil, callmatch.Errorf(callmatch.ECONFLICT,
			"An engagement with vendor %q is already recorded for this intake, at %d cents.",
			e.VendorID, rec.ContractValueCents)
	}
	for i := range prev {
		other := &prev[i]
		switch {
		case other.Part == nil:
			return nil, callmatch.Errorf(callmatch.ECONFLICT,
				"%s is already engaged for the whole program of this intake; no other vendor can be engaged for it.",
				vendorLabel(other))
		case e.Part == nil:
			return nil, callmatch.Errorf(callmatch.ECONFLICT,
				"%s is already engaged for a part of this intake's team plan; engage the other vendors for their parts, not for the whole program.",
				vendorLabel(other))
		}
	}
	return nil, nil
}

// vendorLabel names an engaged vendor in a message: by its catalog name,
// and by its id when it has none any more.
func vendorLabel(r *engagementRow) string {
	if r.VendorName != "" {
		return fmt.Sprintf("%s (vendor %q)", r.VendorName, r.VendorID)
	}
	return fmt.Sprintf("Vendor %q", r.VendorID)
}

// FindEngagements lists an intake's engagements, oldest first.
func (s *IntakeStore) FindEngagements(ctx context.Context, intakeID string) ([]*intake.Engagement, error) {
	if !validID(intakeID) {
		return nil, intake.ErrIntakeNotFound(intakeID)
	}
	var rows []engagementRow
	err := s.db.gorm.WithContext(ctx).Raw(childrenOf("intakes", `SELECT `+engagementColumns+`,
		(SELECT name FROM vendors WHERE vendors.id = engagements.vendor_id) AS vendor_name FROM engagements WHERE intake_id = p.id`,
		"c.created_at, c.id"), intakeID).Scan(&rows).Error
	if err != nil {
		return nil, translate("find engagements", err)
	}
	if len(rows) == 0 {
		return nil, intake.ErrIntakeNotFound(intakeID)
	}
	if rows[0].ID == "" {
		rows = rows[:0]
	}
	out := make([]*intake.Engagement, len(rows))
	for i := range rows {
		out[i] = rows[i].toEngagement()
	}
	return out, nil
}
