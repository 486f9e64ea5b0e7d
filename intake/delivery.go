package intake

import (
	"context"
	"io"

	"callmatch"
	"callmatch/account"
	"callmatch/matching"
)

// DeliveryStore keeps what happens after signing (MARKETPLACE.md §4):
// production reports, scorecards and the track record they add up to.
// Every write runs in one transaction with its audit rows and the
// vendor's track record, which it changes by difference (never by a
// scan), and moves the catalog version so that matching sees the new
// verified figures.
type DeliveryStore interface {
	// FindEngagement returns one engagement; not_found when there is none.
	FindEngagement(ctx context.Context, id string) (*Engagement, error)
	// SaveReports stores rows (validated) for e under e's row lock: a row
	// whose day and language e has reported replaces it (version + 1; both
	// versions kept, the replacement audited with before and after).
	// Repeated and concurrent submissions for one engagement take effect
	// one after the other; the last one's figures stand.
	SaveReports(ctx context.Context, e *Engagement, rows []Report) (ReportResult, error)
	// FindReports lists e's current rows by day, then language.
	FindReports(ctx context.Context, engagementID string) ([]Report, error)
	// FindVendorEngagements lists the vendor's engagements, newest first.
	FindVendorEngagements(ctx context.Context, vendorID string) ([]*Engagement, error)
	// FindScorecardInvite returns the scorecard request whose token hashes
	// to tokenHash; not_found when none does.
	FindScorecardInvite(ctx context.Context, tokenHash []byte) (*ScorecardInvite, error)
	// SaveScorecard stores s for the request of tokenHash and uses the
	// request up, in one transaction under its row lock: a second
	// submission, concurrent or later, is a conflict and changes nothing.
	SaveScorecard(ctx context.Context, tokenHash []byte, s Scorecard) error
	// FindScorecard returns the engagement's scorecard, nil when none.
	FindScorecard(ctx context.Context, engagementID string) (*Scorecard, error)
	// FindTrackRecord returns the vendor's track record (zero when it has
	// delivered nothing yet).
	FindTrackRecord(ctx context.Context, vendorID string) (*matching.TrackRecord, error)
}

// ErrEngagementNotFound answers a missing engagement, another vendor's
// engagement and a campaign's wrong link alike.
func ErrEngagementNotFound(id string) error {
	return callmatch.Errorf(callmatch.ENOTFOUND, "Engagement %q was not found.", id)
}

// SubmitReports stores a vendor's production rows for the engagement
// (the API's POST /engagements/{id}/reports): that vendor's users, and
// staff correcting on its behalf. Every row is checked before anything is
// stored; one bad row refuses all, naming its index and field.
func (s *Service) SubmitReports(ctx context.Context, engagementID string, rows []Report) (ReportResult, error) {
	e, in, err := s.reportingEngagement(ctx, engagementID)
	if err != nil {
		return ReportResult{}, err
	}
	if err := ValidateReports(rows, s.reportWindow(e, &in.Form)); err != nil {
		return ReportResult{}, err
	}
	return s.Delivery.SaveReports(ctx, e, rows)
}

// UploadReportCSV stores a production report CSV (ReportCSVColumns) for
// the engagement, for the same callers as SubmitReports. With any bad row
// nothing is stored unless partial, when the valid rows are. The per-row
// report comes back with the refusal too.
func (s *Service) UploadReportCSV(ctx context.Context, engagementID string, r io.Reader, partial bool) (*ReportImport, error) {
	e, in, err := s.reportingEngagement(ctx, engagementID)
	if err != nil {
		return nil, err
	}
	parsed, problems := ParseReportCSV(r)
	rows, rep, err := CheckReportRows(parsed, problems, s.reportWindow(e, &in.Form), partial)
	if err != nil {
		return rep, err
	}
	if len(rows) > 0 {
		res, err := s.Delivery.SaveReports(ctx, e, rows)
		if err != nil {
			return nil, err
		}
		rep.Accepted, rep.Replaced = res.Accepted, res.Replaced
	}
	return rep, nil
}

// Reports lists the engagement's current rows, for the callers of Pace.
func (s *Service) Reports(ctx context.Context, engagementID, token string) ([]Report, error) {
	e, _, err := s.readableEngagement(ctx, engagementID, token)
	if err != nil {
		return nil, err
	}
	return s.Delivery.FindReports(ctx, e.ID)
}

// Pace is the engagement's burn-up as of today: for staff, the vendor's
// users, and the campaign with its private link token.
func (s *Service) Pace(ctx context.Context, engagementID, token string) (*Pace, error) {
	e, in, err := s.readableEngagement(ctx, engagementID, token)
	if err != nil {
		return nil, err
	}
	return s.pace(ctx, e, in)
}

// IntakePace is the pace of each of the intake's engagements, for staff
// and the campaign with its private link token (the desk's intake page
// and the campaign's status page).
func (s *Service) IntakePace(ctx context.Context, intakeID, token string) ([]*Pace, error) {
	var in *Intake
	var err error
	if authorizeStaff(ctx) == nil {
		in, err = s.store.FindIntakeByID(ctx, intakeID)
	} else {
		in, err = s.authorizeLink(ctx, intakeID, token)
	}
	if err != nil {
		return nil, err
	}
	es, err := s.store.FindEngagements(ctx, intakeID)
	if err != nil {
		return nil, err
	}
	out := make([]*Pace, 0, len(es))
	for _, e := range es {
		p, err := s.pace(ctx, e, in)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

func (s *Service) pace(ctx context.Context, e *Engagement, in *Intake) (*Pace, error) {
	rows, err := s.Delivery.FindReports(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	return ComputePace(e, &in.Form, rows, s.today()), nil
}

// VendorEngagements lists a vendor's engagements (the portal's list of
// programs to report on), for staff and that vendor's users.
func (s *Service) VendorEngagements(ctx context.Context, vendorID string) ([]*Engagement, error) {
	if err := account.CanReadVendor(callmatch.ActorFrom(ctx), vendorID); err != nil && authorizeStaff(ctx) != nil {
		return nil, err
	}
	return s.Delivery.FindVendorEngagements(ctx, vendorID)
}

// TrackRecord is the vendor's delivered evidence, for staff and that
// vendor's users; Verify it against the vendor's self-reported metrics
// for the figures matching uses.
func (s *Service) TrackRecord(ctx context.Context, vendorID string) (*matching.TrackRecord, error) {
	if err := account.CanReadVendor(callmatch.ActorFrom(ctx), vendorID); err != nil && authorizeStaff(ctx) != nil {
		return nil, err
	}
	return s.Delivery.FindTrackRecord(ctx, vendorID)
}

// ScorecardInvite is what the campaign's scorecard link (from the mail)
// opens; anyone holding the link may, like the private link.
func (s *Service) ScorecardInvite(ctx context.Context, token string) (*ScorecardInvite, error) {
	if token == "" {
		return nil, ErrScorecardLinkNotFound()
	}
	return s.Delivery.FindScorecardInvite(ctx, account.HashToken(token))
}

// SubmitScorecard stores the campaign's scorecard through its link, once:
// a used link is a conflict.
func (s *Service) SubmitScorecard(ctx context.Context, token string, sc Scorecard) error {
	if err := sc.Validate(); err != nil {
		return err
	}
	if token == "" {
		return ErrScorecardLinkNotFound()
	}
	return s.Delivery.SaveScorecard(asCampaign(ctx), account.HashToken(token), sc)
}

// reportingEngagement is the engagement and its intake for a caller who
// may report on it: that vendor's users or staff. Anyone else learns
// nothing: anonymous callers are refused before the lookup, and another
// vendor's users get the answer of a missing engagement.
func (s *Service) reportingEngagement(ctx context.Context, id string) (*Engagement, *Intake, error) {
	a := callmatch.ActorFrom(ctx)
	staff := authorizeStaff(ctx) == nil
	if !staff && a.UserID == "" {
		return nil, nil, callmatch.Errorf(callmatch.EUNAUTHORIZED, "Sign in first.")
	}
	e, err := s.findEngagement(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if !staff {
		if err := account.CanEditVendor(a, e.VendorID); err != nil {
			if callmatch.ErrorCode(err) == callmatch.ENOTFOUND {
				return nil, nil, ErrEngagementNotFound(id)
			}
			return nil, nil, err
		}
	}
	in, err := s.store.FindIntakeByID(ctx, e.IntakeID)
	return e, in, err
}

// readableEngagement is reportingEngagement that also lets the campaign
// in with its private link token.
func (s *Service) readableEngagement(ctx context.Context, id, token string) (*Engagement, *Intake, error) {
	a := callmatch.ActorFrom(ctx)
	if a.UserID != "" || authorizeStaff(ctx) == nil || token == "" {
		return s.reportingEngagement(ctx, id)
	}
	e, err := s.findEngagement(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	in, err := s.authorizeLink(ctx, e.IntakeID, token)
	if err != nil {
		return nil, nil, ErrEngagementNotFound(id)
	}
	return e, in, nil
}

func (s *Service) findEngagement(ctx context.Context, id string) (*Engagement, error) {
	e, err := s.Delivery.FindEngagement(ctx, id)
	if callmatch.ErrorCode(err) == callmatch.ENOTFOUND {
		return nil, ErrEngagementNotFound(id)
	}
	return e, err
}

func (s *Service) reportWindow(e *Engagement, f *Form) *ReportWindow {
	return &ReportWindow{Start: f.StartDate, End: f.EndDate, Languages: ReportLanguages(e, f), Today: s.today()}
}
