package postgres

import (
	"context"
	"time"

	"gorm.io/gorm"

	"callmatch"
	"callmatch/intake"
)

// MailShortlistUpdated tells the campaign that its shortlist changed: a
// share after the first of the same shortlist.
const MailShortlistUpdated = "shortlist_updated"

// causeShortlistUpdated names one share, so the campaign hears of each
// update once.
func causeShortlistUpdated(shareID string) string { return "shortlist.updated:" + shareID }

// shareRow is the shortlist_shares table.
type shareRow struct {
	ID          string    `json:"id"`
	Number      int       `json:"number"`
	ShortlistID string    `json:"shortlist_id"`
	LastEventID int64     `json:"last_event_id"`
	SharedBy    string    `json:"shared_by"`
	SharedAt    time.Time `json:"shared_at"`
}

// shareDoc is a share row read as JSON beside its shortlist.
type shareDoc shareRow

func (d *shareDoc) Scan(src any) error { return scanJSON(src, d) }

func (r shareRow) toShare() *intake.Share {
	return &intake.Share{ID: r.ID, Number: r.Number, ShortlistID: r.ShortlistID, LastEventID: r.LastEventID,
		SharedAt: r.SharedAt.UTC(), SharedBy: r.SharedBy}
}

// shareAudit is what the audit log keeps of a share.
type shareAudit struct {
	IntakeID    string `json:"intake_id"`
	Version     int    `json:"version"`
	Share       int    `json:"share"`
	LastEventID int64  `json:"last_event_id"`
}

// latestShares reads the intake's last n shares, newest first.
func latestShares(tx *gorm.DB, intakeID string, n int) ([]shareRow, error) {
	var rows []shareRow
	err := tx.Raw(`SELECT id, number, shortlist_id, last_event_id, shared_by, shared_at FROM shortlist_shares
		WHERE intake_id = ? ORDER BY number DESC LIMIT ?`, intakeID, n).Scan(&rows).Error
	return rows, err
}

// FindSharedVersions returns the intake's last n shared versions, newest
// first, each its shortlist as that share showed it, in one query (it is
// on the campaign's status page). Shares and events are only ever
// appended, and a share names the last event it showed, so an event added
// since is cut off.
func (s *IntakeStore) FindSharedVersions(ctx context.Context, intakeID string, n int) ([]*intake.Shortlist, error) {
	if !validID(intakeID) {
		return nil, intake.ErrIntakeNotFound(intakeID)
	}
	out, err := loadAsShared(s.db.gorm.WithContext(ctx), `SELECT id, number, shortlist_id, last_event_id, shared_by, shared_at
		FROM shortlist_shares WHERE intake_id = ? ORDER BY number DESC LIMIT ?`, intakeID, max(n, 1))
	if err != nil {
		return nil, translate("find shared versions", err)
	}
	return out, nil
}

// FindSharedShortlists returns every shortlist shared with the intake's
// campaign, each as its latest share showed it, most recently shared first:
// the first is the intake's latest share, whose shortlist's latest share it
// is.
func (s *IntakeStore) FindSharedShortlists(ctx context.Context, intakeID string) ([]*intake.Shortlist, error) {
	if !validID(intakeID) {
		return nil, intake.ErrIntakeNotFound(intakeID)
	}
	out, err := loadSharedShortlists(s.db.gorm.WithContext(ctx), intakeID)
	if err != nil {
		return nil, translate("find shared shortlists", err)
	}
	return out, nil
}

// FindShares returns, for each shortlist of the intake that was shared,
// its latest share, newest first: the rows alone, for a page that holds
// the shortlists already.
func (s *IntakeStore) FindShares(ctx context.Context, intakeID string) ([]*intake.Share, error) {
	if !validID(intakeID) {
		return nil, intake.ErrIntakeNotFound(intakeID)
	}
	var rows []shareRow
	err := s.db.gorm.WithContext(ctx).Raw(`SELECT * FROM (`+latestSharePerShortlist+`) sh ORDER BY number DESC`, intakeID).
		Scan(&rows).Error
	if err != nil {
		return nil, translate("find shares", err)
	}
	out := make([]*intake.Share, len(rows))
	for i, r := range rows {
		out[i] = r.toShare()
	}
	return out, nil
}

// latestSharePerShortlist selects each shared shortlist's latest share.
const latestSharePerShortlist = `SELECT DISTINCT ON (shortlist_id) id, number, shortlist_id, last_event_id, shared_by, shared_at
		FROM shortlist_shares WHERE intake_id = ? ORDER BY shortlist_id, number DESC`

// loadSharedShortlists is FindSharedShortlists on tx. A shortlist shared
// more than once counts as its latest share showed it: a vendor dropped
// after that share is still on it (the campaign saw it and may sign with
// it), one dropped before is not.
func loadSharedShortlists(tx *gorm.DB, intakeID string) ([]*intake.Shortlist, error) {
	return loadAsShared(tx, latestSharePerShortlist, intakeID)
}

// loadAsShared reads the shares sharesSQL selects, each with its
// shortlist as that share showed it (Shortlist.AsShared), newest share
// first, in one query.
func loadAsShared(tx *gorm.DB, sharesSQL string, args ...any) ([]*intake.Shortlist, error) {
	var rows []struct {
		Row   shortlistEventsRow `gorm:"embedded"`
		Share shareDoc           `gorm:"->;type:json"`
	}
	err := tx.Raw(`SELECT x.*, row_to_json(sh) AS share FROM (`+sharesSQL+`) sh
		JOIN LATERAL (`+shortlistSelect+` WHERE shortlists.id = sh.shortlist_id) x ON true
		ORDER BY sh.number DESC`, args...).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	out := make([]*intake.Shortlist, len(rows))
	for i := range rows {
		sls, err := toShortlists([]shortlistEventsRow{rows[i].Row})
		if err != nil {
			return nil, err
		}
		out[i] = sls[0].AsShared(shareRow(rows[i].Share).toShare())
	}
	return out, nil
}

// ShareShortlist makes the shortlist, with its events so far, the
// campaign's next shared version, and moves the intake to shared.
//
// Under the intake's lock, which event writes take too: concurrent shares
// of one intake are numbered one after the other, and an event cannot
// slip in between reading the last event and recording it. When the latest
// share already shows exactly this (the same shortlist, no event since),
// nothing is written and the shortlist is returned as it is, so a double
// click or a retried request is harmless and mails nobody twice.
func (s *IntakeStore) ShareShortlist(ctx context.Context, shortlistID string) (*intake.Shortlist, error) {
	var sl *intake.Shortlist
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		row, got, err := lockShortlist(tx, shortlistID)
		if err != nil {
			return err
		}
		sl = got
		last, err := latestShares(tx, row.ID, 1)
		if err != nil {
			return err
		}
		number := 1
		if len(last) > 0 {
			if last[0].toShare().Covers(sl) {
				return nil
			}
			number = last[0].Number + 1
		}
		if err := s.moveIntake(ctx, tx, &row, intake.StatusShared); err != nil {
			return err
		}
		share := shareRow{ID: newID(), Number: number, ShortlistID: sl.ID, LastEventID: sl.LastEventID(),
			SharedBy: callmatch.ActorFrom(ctx).Label(), SharedAt: s.now()}
		err = tx.Exec(`INSERT INTO shortlist_shares (id, intake_id, number, shortlist_id, last_event_id, shared_by, shared_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`,
			share.ID, row.ID, share.Number, share.ShortlistID, share.LastEventID, share.SharedBy, share.SharedAt).Error
		if err != nil {
			return err
		}
		first := sl.SharedAt == nil
		if first {
			err = tx.Exec(`UPDATE shortlists SET shared_at = ?, shared_by = ? WHERE id = ? AND shared_at IS NULL`,
				share.SharedAt, share.SharedBy, sl.ID).Error
			if err != nil {
				return err
			}
			at := share.SharedAt
			sl.SharedAt = &at
		}
		err = writeAudit(ctx, tx, ActionShortlistShare, objectShortlist, sl.ID, nil,
			shareAudit{IntakeID: sl.IntakeID, Version: sl.Version, Share: share.Number, LastEventID: share.LastEventID})
		if err != nil {
			return err
		}
		// The campaign hears of a newly shared shortlist with its link, and
		// of each later share of it as an update; the causes name the
		// shortlist and the share, so it hears of each once.
		kind, cause := MailShortlistShared, causeShortlistShared(sl.ID)
		if !first {
			kind, cause = MailShortlistUpdated, causeShortlistUpdated(share.ID)
		}
		msg, ok, err := s.campaignMail(tx, sl.IntakeID, kind, cause)
		if err != nil || !ok {
			return err
		}
		return queueMail(ctx, tx, msg)
	})
	if err != nil {
		return nil, translate("share shortlist", err)
	}
	return sl, nil
}
