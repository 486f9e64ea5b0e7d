package postgres

import (
	"context"
	"strconv"
	"time"

	"gorm.io/gorm"

	"callmatch"
	"callmatch/intake"
)

var _ intake.DeliveryStore = (*IntakeStore)(nil)

// Audit actions of delivery, on the engagement. A submission writes one
// report.submit row (what it did, in numbers) and, when it corrected rows,
// one report.replace row whose before and after list the versions it
// replaced and the new ones, row for row (one audit row per submission
// keeps a 10,000-row correction to one insert).
const (
	ActionReportSubmit  = "report.submit"
	ActionReportReplace = "report.replace"
)

// replacedDoc is one side of a report.replace audit row.
type replacedDoc struct {
	Rows []reportDoc `json:"rows"`
}

// reportRow is production_reports.
type reportRow struct {
	Day        time.Time
	Language   string
	Dials      int64
	Contacts   int64
	Completes  int64
	AgentHours float64
	OptOuts    int64
	Complaints int64
	Version    int
	UpdatedBy  string
	UpdatedAt  time.Time
}

func (r *reportRow) toReport() intake.Report {
	return intake.Report{Day: callmatch.DateOf(r.Day), Language: r.Language, Dials: r.Dials, Contacts: r.Contacts,
		Completes: r.Completes, AgentHours: r.AgentHours, OptOuts: r.OptOuts, Complaints: r.Complaints,
		Version: r.Version, UpdatedBy: r.UpdatedBy, UpdatedAt: r.UpdatedAt.UTC()}
}

// reportDoc is a report version as the audit log shows it.
type reportDoc struct {
	Day        string  `json:"day"`
	Language   string  `json:"language"`
	Version    int     `json:"version"`
	Dials      int64   `json:"dials"`
	Contacts   int64   `json:"contacts"`
	Completes  int64   `json:"completes"`
	AgentHours float64 `json:"agent_hours"`
	OptOuts    int64   `json:"opt_outs"`
	Complaints int64   `json:"complaints"`
}

func newReportDoc(r *intake.Report, version int) reportDoc {
	return reportDoc{Day: r.Day.String(), Language: r.Language, Version: version, Dials: r.Dials, Contacts: r.Contacts,
		Completes: r.Completes, AgentHours: r.AgentHours, OptOuts: r.OptOuts, Complaints: r.Complaints}
}

// reportColumns are production_reports' figures, in the order of the
// arrays SaveReports passes.
const reportColumns = `day, language, dials, contacts, completes, agent_hours, opt_outs, complaints`

// FindEngagement returns one engagement.
func (s *IntakeStore) FindEngagement(ctx context.Context, id string) (*intake.Engagement, error) {
	if !validID(id) {
		return nil, intake.ErrEngagementNotFound(id)
	}
	var rows []engagementRow
	err := s.db.gorm.WithContext(ctx).Raw(`SELECT `+engagementColumns+` FROM engagements WHERE id = ?`, id).Scan(&rows).Error
	if err != nil {
		return nil, translate("find engagement", err)
	}
	if len(rows) == 0 {
		return nil, intake.ErrEngagementNotFound(id)
	}
	return rows[0].toEngagement(), nil
}

// FindVendorEngagements lists the vendor's engagements, newest first.
func (s *IntakeStore) FindVendorEngagements(ctx context.Context, vendorID string) ([]*intake.Engagement, error) {
	if !validID(vendorID) {
		return nil, nil
	}
	var rows []engagementRow
	err := s.db.gorm.WithContext(ctx).Raw(`SELECT `+engagementColumns+` FROM engagements WHERE vendor_id = ?
		ORDER BY created_at DESC, id`, vendorID).Scan(&rows).Error
	if err != nil {
		return nil, translate("find vendor engagements", err)
	}
	out := make([]*intake.Engagement, len(rows))
	for i := range rows {
		out[i] = rows[i].toEngagement()
	}
	return out, nil
}

// FindReports lists the engagement's current rows by day, then language.
func (s *IntakeStore) FindReports(ctx context.Context, engagementID string) ([]intake.Report, error) {
	if !validID(engagementID) {
		return nil, nil
	}
	rs, err := findReports(s.db.gorm.WithContext(ctx), engagementID)
	return rs, translate("find reports", err)
}

// SaveReports writes rows in a handful of statements whatever their
// number (arrays through unnest), so that 10,000 rows take well under a
// second. Under the engagement's row lock it reads the rows about to be
// replaced, upserts, copies every row written into
// production_report_versions, audits each replacement (before and after)
// and the submission, and moves the vendor's track record by the
// difference in dials and contacts (and by one program on the
// engagement's first report). Concurrent submissions for one engagement
// queue on its lock; for different engagements of one vendor the track
// record's increments commute. A retried submission replaces the rows
// with the same figures (a new version each) and moves nothing.
func (s *IntakeStore) SaveReports(ctx context.Context, e *intake.Engagement, rows []intake.Report) (intake.ReportResult, error) {
	var res intake.ReportResult
	actor := callmatch.ActorFrom(ctx).Label()
	now := s.now()
	a := newReportArrays(rows)
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		// The lock comes first and alone: a statement that waits for it
		// reads what it reads from before the wait, so whether the
		// engagement was reported on is asked after it.
		var locked []struct {
			ID       string
			Released bool
		}
		if err := tx.Raw(`SELECT id, released_at IS NOT NULL AS released FROM engagements WHERE id = ? FOR UPDATE`, e.ID).Scan(&locked).Error; err != nil {
			return err
		}
		if len(locked) == 0 {
			return intake.ErrEngagementNotFound(e.ID)
		}
		if locked[0].Released {
			// Closed before calling started: the same row lock orders this
			// with the release, so no report slips in after it.
			return callmatch.Errorf(callmatch.ECONFLICT,
				"This program was called off before calling started; it takes no production reports.")
		}
		var reported bool
		if err := tx.Raw(`SELECT EXISTS (SELECT 1 FROM production_reports WHERE engagement_id = ?)`, e.ID).Scan(&reported).Error; err != nil {
			return err
		}
		var old []reportRow
		if err := tx.Raw(`SELECT r.day, r.language, r.dials, r.contacts, r.completes, r.agent_hours, r.opt_outs, r.complaints, r.version
				FROM production_reports r
				JOIN unnest(?::date[], ?::text[]) AS k(day, language) ON k.day = r.day AND k.language = r.language
				WHERE r.engagement_id = ?`, a.day, a.language, e.ID).Scan(&old).Error; err != nil {
			return err
		}
		if err := tx.Exec(`INSERT INTO production_reports (engagement_id, vendor_id, `+reportColumns+`, updated_by, updated_at)
				SELECT ?, ?, k.*, ?, ? FROM unnest(?::date[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::numeric[], ?::bigint[], ?::bigint[]) AS k
				ON CONFLICT (engagement_id, day, language) DO UPDATE SET
					dials = excluded.dials, contacts = excluded.contacts, completes = excluded.completes,
					agent_hours = excluded.agent_hours, opt_outs = excluded.opt_outs, complaints = excluded.complaints,
					version = production_reports.version + 1, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			e.ID, e.VendorID, actor, now, a.day, a.language, a.dials, a.contacts, a.completes, a.hours, a.optOuts, a.complaints).Error; err != nil {
			return err
		}
		if err := tx.Exec(`INSERT INTO production_report_versions (engagement_id, `+reportColumns+`, version, created_by, created_at)
				SELECT r.engagement_id, r.day, r.language, r.dials, r.contacts, r.completes, r.agent_hours, r.opt_outs, r.complaints,
					r.version, r.updated_by, r.updated_at
				FROM production_reports r
				JOIN unnest(?::date[], ?::text[]) AS k(day, language) ON k.day = r.day AND k.language = r.language
				WHERE r.engagement_id = ?`, a.day, a.language, e.ID).Error; err != nil {
			return err
		}
		res = intake.ReportResult{Accepted: len(rows) - len(old), Replaced: len(old)}
		if err := auditReports(ctx, tx, e, rows, old, res); err != nil {
			return err
		}
		var dials, contacts int64
		for _, r := range rows {
			dials, contacts = dials+r.Dials, contacts+r.Contacts
		}
		for _, o := range old {
			dials, contacts = dials-o.Dials, contacts-o.Contacts
		}
		programs := 0
		if !reported {
			programs = 1
		}
		return addToTrackRecord(tx, e.VendorID, trackDelta{programs: programs, dials: dials, contacts: contacts})
	})
	return res, translate("save reports", err)
}

// auditReports writes the submission's row and, when it replaced rows,
// the versions replaced and their replacements.
func auditReports(ctx context.Context, tx *gorm.DB, e *intake.Engagement, rows []intake.Report, old []reportRow, res intake.ReportResult) error {
	if err := writeAudit(ctx, tx, ActionReportSubmit, objectEngagement, e.ID, nil, res); err != nil {
		return err
	}
	if len(old) == 0 {
		return nil
	}
	byKey := make(map[reportKey]*intake.Report, len(rows))
	for i := range rows {
		byKey[reportKey{rows[i].Day, rows[i].Language}] = &rows[i]
	}
	before, after := replacedDoc{make([]reportDoc, len(old))}, replacedDoc{make([]reportDoc, len(old))}
	for i, o := range old {
		r := o.toReport()
		before.Rows[i] = newReportDoc(&r, o.Version)
		after.Rows[i] = newReportDoc(byKey[reportKey{r.Day, r.Language}], o.Version+1)
	}
	return writeAudit(ctx, tx, ActionReportReplace, objectEngagement, e.ID, before, after)
}

type reportKey struct {
	day  callmatch.Date
	lang string
}

// reportArrays are the rows as one text[] per column, the literal form
// PostgreSQL casts to the column's array type.
type reportArrays struct {
	day, language, dials, contacts, completes, hours, optOuts, complaints textArray
}

func newReportArrays(rows []intake.Report) reportArrays {
	n := len(rows)
	a := reportArrays{make(textArray, n), make(textArray, n), make(textArray, n), make(textArray, n),
		make(textArray, n), make(textArray, n), make(textArray, n), make(textArray, n)}
	for i, r := range rows {
		a.day[i] = r.Day.String()
		a.language[i] = r.Language
		a.dials[i] = strconv.FormatInt(r.Dials, 10)
		a.contacts[i] = strconv.FormatInt(r.Contacts, 10)
		a.completes[i] = strconv.FormatInt(r.Completes, 10)
		a.hours[i] = strconv.FormatFloat(r.AgentHours, 'f', 2, 64)
		a.optOuts[i] = strconv.FormatInt(r.OptOuts, 10)
		a.complaints[i] = strconv.FormatInt(r.Complaints, 10)
	}
	return a
}
