package postgres

import (
	"context"
	"encoding/json"
	"time"

	"gorm.io/gorm"

	"callmatch"
	"callmatch/account"
	"callmatch/intake"
	"callmatch/mail"
)

// Scorecards: audit action, mail kind and cause.
const (
	ActionScorecardCreate = "scorecard.create"
	objectScorecard       = "scorecard"
	MailScorecardRequest  = "scorecard_request" // campaign: rate the vendor, with a single-use link
)

func causeScorecardRequest(engagementID string) string { return "scorecard.request:" + engagementID }

// scorecardDoc is a scorecard as stored and audited.
type scorecardDoc struct {
	ScriptAdherence int       `json:"script_adherence"`
	DataHandling    int       `json:"data_handling"`
	Responsiveness  int       `json:"responsiveness"`
	Overall         int       `json:"overall"`
	Comment         string    `json:"comment"`
	CreatedAt       time.Time `json:"created_at"`
}

// FindScorecardInvite returns what the scorecard link shows.
func (s *IntakeStore) FindScorecardInvite(ctx context.Context, tokenHash []byte) (*intake.ScorecardInvite, error) {
	var rows []struct {
		EngagementID string
		IntakeID     string
		VendorID     string
		VendorName   string
		Form         []byte
		UsedAt       *time.Time
	}
	err := s.db.gorm.WithContext(ctx).Raw(`SELECT q.engagement_id, e.intake_id, e.vendor_id, v.name AS vendor_name, i.form, q.used_at
		FROM scorecard_requests q JOIN engagements e ON e.id = q.engagement_id
		JOIN vendors v ON v.id = e.vendor_id JOIN intakes i ON i.id = e.intake_id
		WHERE q.token_hash = ?`, hashArg(tokenHash)).Scan(&rows).Error
	if err != nil {
		return nil, translate("find scorecard link", err)
	}
	if len(rows) == 0 {
		return nil, intake.ErrScorecardLinkNotFound()
	}
	r := rows[0]
	var doc formDoc
	if err := json.Unmarshal(r.Form, &doc); err != nil {
		return nil, err
	}
	f := doc.toForm()
	lang := f.Lang
	if lang == "" {
		lang = "en"
	}
	return &intake.ScorecardInvite{EngagementID: r.EngagementID, IntakeID: r.IntakeID, VendorID: r.VendorID,
		VendorName: r.VendorName, CampaignName: f.Campaign.Name, Lang: lang, Start: f.StartDate, End: f.EndDate,
		Used: r.UsedAt != nil}, nil
}

// SaveScorecard stores the scorecard and uses the link up under the
// request's row lock, so that of two submissions at once exactly one is
// stored and the other is a conflict, as is any later one. The vendor's
// track record gains the scorecard in the same transaction.
func (s *IntakeStore) SaveScorecard(ctx context.Context, tokenHash []byte, sc intake.Scorecard) error {
	now := s.now()
	return translate("save scorecard", s.db.InTx(ctx, func(tx *gorm.DB) error {
		var rows []struct {
			EngagementID string
			VendorID     string
			UsedAt       *time.Time
		}
		if err := tx.Raw(`SELECT q.engagement_id, e.vendor_id, q.used_at FROM scorecard_requests q
				JOIN engagements e ON e.id = q.engagement_id WHERE q.token_hash = ? FOR UPDATE OF q`, hashArg(tokenHash)).
			Scan(&rows).Error; err != nil {
			return err
		}
		if len(rows) == 0 {
			return intake.ErrScorecardLinkNotFound()
		}
		r := rows[0]
		if r.UsedAt != nil {
			return callmatch.Errorf(callmatch.ECONFLICT, "This program was rated already; thank you.")
		}
		doc := scorecardDoc{sc.ScriptAdherence, sc.DataHandling, sc.Responsiveness, sc.Overall, sc.Comment, now}
		if err := tx.Exec(`INSERT INTO scorecards (engagement_id, vendor_id, script_adherence, data_handling, responsiveness, overall, comment, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, r.EngagementID, r.VendorID, sc.ScriptAdherence, sc.DataHandling,
			sc.Responsiveness, sc.Overall, sc.Comment, now).Error; err != nil {
			return err
		}
		if err := tx.Exec(`UPDATE scorecard_requests SET used_at = ? WHERE engagement_id = ?`, now, r.EngagementID).Error; err != nil {
			return err
		}
		if err := writeAudit(ctx, tx, ActionScorecardCreate, objectScorecard, r.EngagementID, nil, doc); err != nil {
			return err
		}
		return addToTrackRecord(tx, r.VendorID, trackDelta{scorecards: 1, qa: sc.QA()})
	}))
}

// FindScorecard returns the engagement's scorecard, nil when none.
func (s *IntakeStore) FindScorecard(ctx context.Context, engagementID string) (*intake.Scorecard, error) {
	if !validID(engagementID) {
		return nil, nil
	}
	var rows []scorecardDoc
	err := s.db.gorm.WithContext(ctx).Raw(`SELECT script_adherence, data_handling, responsiveness, overall, comment, created_at
		FROM scorecards WHERE engagement_id = ?`, engagementID).Scan(&rows).Error
	if err != nil || len(rows) == 0 {
		return nil, translate("find scorecard", err)
	}
	r := rows[0]
	return &intake.Scorecard{ScriptAdherence: r.ScriptAdherence, DataHandling: r.DataHandling, Responsiveness: r.Responsiveness,
		Overall: r.Overall, Comment: r.Comment, CreatedAt: r.CreatedAt.UTC()}, nil
}

// createScorecardRequest makes the engagement's scorecard request and
// returns its single-use token, or "" when it has one already.
func createScorecardRequest(tx *gorm.DB, engagementID string) (string, error) {
	token, hash := account.NewToken()
	var created []string
	err := tx.Raw(`INSERT INTO scorecard_requests (engagement_id, token_hash) VALUES (?, ?)
			ON CONFLICT DO NOTHING RETURNING engagement_id`, engagementID, hashArg(hash)).Scan(&created).Error
	if err != nil || len(created) == 0 {
		return "", err
	}
	return token, nil
}

// RequestScorecard makes the engagement's scorecard request without
// mailing it and returns its link token, for the demo seed (which rates
// delivered programs through the service as a campaign would). An
// engagement asked already is a conflict: its token exists only in the
// mail that carried it.
func (s *IntakeStore) RequestScorecard(ctx context.Context, engagementID string) (string, error) {
	if !validID(engagementID) {
		return "", intake.ErrEngagementNotFound(engagementID)
	}
	var token string
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		var err error
		if token, err = createScorecardRequest(tx, engagementID); err == nil && token == "" {
			err = callmatch.Errorf(callmatch.ECONFLICT, "A scorecard was requested for engagement %q already.", engagementID)
		}
		return err
	})
	return token, translate("request scorecard", err)
}

// MailScorecardRequests asks the campaign of every engagement whose
// program has ended (its end date before today) to rate the vendor, once
// per engagement: the request row (primary key: the engagement) is
// created with its single-use token in the transaction that queues the
// mail, so a second run, on this replica or another at once, finds the
// row (or waits on its key and fails over to the next period) and sends
// nothing again. An erased intake has nobody to ask and gets no request.
// It is a periodic task (app/jobs.go).
func (s *IntakeStore) MailScorecardRequests(ctx context.Context) error {
	// The request's single-use link exists only in its mail: with mail
	// off, making one would spend it and the campaign would never be asked.
	if !s.db.MailEnabled() {
		return nil
	}
	today := callmatch.DateOf(s.now())
	return translate("mail scorecard requests", s.db.InTx(ctx, func(tx *gorm.DB) error {
		var due []struct {
			EngagementID string
			IntakeID     string
			VendorName   string
		}
		if err := tx.Raw(`SELECT e.id AS engagement_id, e.intake_id, v.name AS vendor_name
				FROM engagements e JOIN intakes i ON i.id = e.intake_id JOIN vendors v ON v.id = e.vendor_id
				WHERE i.end_date < ?::date AND i.erased_at IS NULL AND e.released_at IS NULL
				  AND NOT EXISTS (SELECT 1 FROM scorecard_requests q WHERE q.engagement_id = e.id)
				ORDER BY e.id LIMIT 500`, today.String()).Scan(&due).Error; err != nil {
			return err
		}
		msgs := make([]mail.Message, 0, len(due))
		for _, d := range due {
			// The mail first: a campaign that cannot be written to keeps
			// its request unspent for a later run.
			msg, ok, err := s.campaignMail(tx, d.IntakeID, MailScorecardRequest, causeScorecardRequest(d.EngagementID))
			if err != nil || !ok {
				if err != nil {
					return err
				}
				continue
			}
			token, err := createScorecardRequest(tx, d.EngagementID)
			if err != nil {
				return err
			}
			if token == "" {
				continue // another run asked first
			}
			msg.Data["vendor"] = d.VendorName
			msg.Data["engagement_id"] = d.EngagementID
			msg.Data["scorecard_token"] = token
			msgs = append(msgs, msg)
		}
		return queueMail(ctx, tx, msgs...)
	}))
}
