package postgres

import (
	"context"
	"encoding/json"
	"math"
	"strconv"

	"gorm.io/gorm"

	"callmatch"
	"callmatch/account"
	"callmatch/intake"
	"callmatch/mail"
)

// Delivery mail: the behind-pace alert to the campaign and to staff, and
// the vendor's reminder of a missing report.
const (
	MailPaceBehind      = "pace_behind"       // campaign: the program is behind pace
	MailPaceBehindStaff = "pace_behind_staff" // each advisor and admin: the same
	MailReportMissing   = "report_missing"    // the vendor's users: yesterday's report is missing
)

// A pace alert is sent at most once per engagement per day; a reminder
// once per engagement, day reported on and user.
func causePaceBehind(engagementID string, day callmatch.Date) string {
	return "pace.behind:" + engagementID + ":" + day.String()
}
func causeReportMissing(engagementID string, day callmatch.Date, userID string) string {
	return "report.missing:" + engagementID + ":" + day.String() + ":" + userID
}

// engagementsFrom joins engagements (e) with their vendor (v) and intake
// (i); calling is the condition of an engaged, unerased intake whose
// calling window holds the day given twice as its parameters.
const (
	engagementsFrom = `FROM engagements e JOIN intakes i ON i.id = e.intake_id JOIN vendors v ON v.id = e.vendor_id `
	calling         = `i.status = 'engaged' AND i.erased_at IS NULL AND i.start_date <= ?::date AND i.end_date >= ?::date`
)

// MailPaceAlerts mails the campaign and staff about every engagement more
// than intake.BehindThreshold behind its plan with intake.AlertDays or
// fewer left (intake.ComputePace). It is a periodic task; the cause names
// the engagement and today, so running it again the same day, on one
// replica or several, queues nothing new, and a program still behind is
// told again the next day.
func (s *IntakeStore) MailPaceAlerts(ctx context.Context) error {
	today := callmatch.DateOf(s.now())
	return translate("mail pace alerts", s.db.InTx(ctx, func(tx *gorm.DB) error {
		var rows []struct {
			ID, IntakeID, VendorID, VendorName string
			Part                               *partDoc
			Form                               []byte
		}
		err := tx.Raw(`SELECT e.id, e.intake_id, e.vendor_id, e.part, v.name AS vendor_name, i.form `+engagementsFrom+`
			WHERE `+calling+` AND i.end_date <= ?::date
				AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.cause = 'pace.behind:' || e.id || ':' || ?)
			ORDER BY e.id`, today.String(), today.String(), today.AddDays(intake.AlertDays).String(), today.String()).Scan(&rows).Error
		if err != nil || len(rows) == 0 {
			return err
		}
		staff, err := staffRecipients(tx)
		if err != nil {
			return err
		}
		var msgs []mail.Message
		for _, r := range rows {
			var doc formDoc
			if err := json.Unmarshal(r.Form, &doc); err != nil {
				return err
			}
			f := doc.toForm()
			reports, err := findReports(tx, r.ID)
			if err != nil {
				return err
			}
			e := (&engagementRow{ID: r.ID, IntakeID: r.IntakeID, VendorID: r.VendorID, Part: r.Part}).toEngagement()
			p := intake.ComputePace(e, &f, reports, today)
			if !p.Behind {
				continue
			}
			data := map[string]string{"intake_id": e.IntakeID, "engagement_id": e.ID, "campaign": f.Campaign.Name,
				"vendor": r.VendorName, "planned": strconv.FormatInt(p.PlannedToDate, 10),
				"delivered":  strconv.FormatInt(p.DeliveredDials, 10),
				"behind_pct": strconv.Itoa(int(math.Round(p.BehindShare * 100))), "end_date": f.EndDate.String()}
			cause := causePaceBehind(e.ID, today)
			msgs = append(msgs, staffMail(staff, MailPaceBehindStaff, func(uid string) string { return cause + ":" + uid }, data)...)
			msg, ok, err := s.campaignMail(tx, e.IntakeID, MailPaceBehind, cause)
			if err != nil {
				return err
			}
			if ok {
				for k, v := range data {
					msg.Data[k] = v
				}
				msgs = append(msgs, msg)
			}
		}
		return queueMail(ctx, tx, msgs...)
	}))
}

// MailMissingReports reminds the users of each vendor with an engagement
// that was calling yesterday and has no report for yesterday. Disabled
// users and addresses that turned reminders off (account.TopicReminders,
// whose one-click link each reminder carries) get nothing. A periodic
// task: the cause names the engagement, yesterday and the user, so a
// second run the same day queues nothing, and a report arriving in
// between stops the reminder.
func (s *IntakeStore) MailMissingReports(ctx context.Context) error {
	yesterday := callmatch.DateOf(s.now()).AddDays(-1)
	return translate("mail missing reports", s.db.InTx(ctx, func(tx *gorm.DB) error {
		var rows []struct {
			EngagementID string
			UserID       string
			Email        string
			VendorName   string
			Form         []byte
		}
		err := tx.Raw(`SELECT e.id AS engagement_id, u.id AS user_id, u.email, v.name AS vendor_name, i.form
			`+engagementsFrom+` JOIN users u ON u.vendor_id = e.vendor_id AND u.role = 'vendor' AND `+activeUsers+`
			WHERE `+calling+`
			  AND NOT EXISTS (SELECT 1 FROM production_reports r WHERE r.engagement_id = e.id AND r.day = ?::date)
			  AND NOT EXISTS (SELECT 1 FROM mail_opt_outs o WHERE o.email = u.email AND o.topic = ?)
			  AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.cause = 'report.missing:' || e.id || ':' || ? || ':' || u.id)
			ORDER BY e.id, u.id`, yesterday.String(), yesterday.String(), yesterday.String(), account.TopicReminders,
			yesterday.String()).Scan(&rows).Error
		if err != nil {
			return err
		}
		msgs := make([]mail.Message, 0, len(rows))
		for _, r := range rows {
			var doc formDoc
			if err := json.Unmarshal(r.Form, &doc); err != nil {
				return err
			}
			unsubscribe, err := optOutLink(ctx, tx, r.Email, account.TopicReminders)
			if err != nil {
				return err
			}
			msgs = append(msgs, mail.Message{Cause: causeReportMissing(r.EngagementID, yesterday, r.UserID), To: r.Email,
				Lang: "en", Kind: MailReportMissing, Data: map[string]string{"engagement_id": r.EngagementID,
					"vendor": r.VendorName, "campaign": doc.toForm().Campaign.Name, "day": yesterday.String(),
					"unsubscribe_token": unsubscribe}})
		}
		return queueMail(ctx, tx, msgs...)
	}))
}

// findReports is FindReports inside tx.
func findReports(tx *gorm.DB, engagementID string) ([]intake.Report, error) {
	var rows []reportRow
	if err := tx.Raw(`SELECT `+reportColumns+`, version, updated_by, updated_at
		FROM production_reports WHERE engagement_id = ? ORDER BY day, language`, engagementID).Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]intake.Report, len(rows))
	for i := range rows {
		out[i] = rows[i].toReport()
	}
	return out, nil
}
