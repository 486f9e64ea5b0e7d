package frontend

import (
	"context"
	"io"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/catalog"
)

// Delivery is what the delivery pages need of the delivery service
// (MARKETPLACE.md §4): pace, production reports, scorecards and track
// records. Like intake.Service, every method decides authorization per
// object for the actor in ctx: staff see any engagement, a vendor user
// only its vendor's (another's is not found), a campaign only with its
// link token, a scorecard only with its mailed token. The pages never
// check ownership themselves. A nil Delivery leaves the delivery parts of
// the pages out.
type Delivery interface {
	// EngagementPace is one engagement's pace (staff, that vendor).
	EngagementPace(ctx context.Context, engagementID string) (*EngagementPace, error)
	// IntakePaces are the paces of an intake's engagements (staff).
	IntakePaces(ctx context.Context, intakeID string) ([]*EngagementPace, error)
	// CampaignPaces are the same for the campaign holding the link token;
	// a wrong token is not found, exactly like a missing intake.
	CampaignPaces(ctx context.Context, intakeID, token string) ([]*EngagementPace, error)
	// ImportReportsCSV validates a CSV of report rows (the columns of the
	// API's JSON rows) and stores them all, or, when partial is set, the
	// valid ones; the report names every bad row and field either way.
	ImportReportsCSV(ctx context.Context, engagementID string, csv io.Reader, partial bool) (*ReportImport, error)
	// SaveReport stores one row (an existing day and language is replaced);
	// bad input is an EINVALID error whose fields name the row's fields.
	SaveReport(ctx context.Context, engagementID string, row ReportRow) (*ReportImport, error)
	// ScorecardAsk is what the mailed link asks about; used links answer
	// with Used set, unknown ones not found.
	ScorecardAsk(ctx context.Context, token string) (*ScorecardAsk, error)
	// SubmitScorecard stores the campaign's rating once per engagement: a
	// second submission (another tab, a double click) is a conflict.
	SubmitScorecard(ctx context.Context, token string, s Scorecard) error
	// TrackRecord is the vendor's delivered evidence (staff, that vendor);
	// a vendor without one has zero programs.
	TrackRecord(ctx context.Context, vendorID string) (*TrackRecord, error)
}

// EngagementPace is an engagement's planned against delivered dials with
// the names the pages show and the languages its reports may use.
type EngagementPace struct {
	PaceSeries
	EngagementID string
	IntakeID     string
	VendorID     string
	VendorName   string
	CampaignName string // empty where the viewer may not see it
	Start, End   callmatch.Date
	Languages    []string
}

// ReportRow is one day's production in one language (MARKETPLACE.md §4).
type ReportRow struct {
	Day        callmatch.Date
	Language   string
	Dials      int64
	Contacts   int64
	Completes  int64
	AgentHours float64
	OptOuts    int64
	Complaints int64
}

// ReportImport says what an upload or a form did: rows accepted (all
// stored) and replaced (those of them that corrected an earlier row), and the problems by row and field, as
// `callmatch import` reports them. Stored is false when nothing was
// written because of a bad row.
type ReportImport struct {
	Accepted, Replaced int
	Problems           []catalog.RowProblem
	Stored             bool
}

// ScorecardAsk is the engagement a scorecard link rates.
type ScorecardAsk struct {
	VendorName   string
	CampaignName string
	Used         bool
}

// Scorecard is the campaign's rating of its vendor: 1–5 each, a comment.
type Scorecard struct {
	ScriptAdherence int
	DataHandling    int
	Responsiveness  int
	Overall         int
	Comment         string
}

// TrackRecord is a vendor's verified figures as its pages show them.
type TrackRecord struct {
	Programs    int
	Dials       int64
	Scorecards  int
	ContactRate float64 // verified (shrunk toward the self-reported)
	QAScore     float64
	Explanation string // "verified over N programs, M dials"
}

// deliveryRoutes adds the delivery pages when there is a delivery service.
// The scorecard link is public: its token is the permission.
func (p *pages) deliveryRoutes(r *gin.Engine, desk, portal *gin.RouterGroup) {
	if p.Delivery == nil {
		return
	}
	r.GET("/scorecard/:token", p.scorecardShow)
	r.POST("/scorecard/:token", p.scorecardSubmit)
	portal.GET("/engagements/:id", p.portalEngagement)
	portal.POST("/engagements/:id/reports", p.portalReportRow)
	portal.POST("/engagements/:id/upload", p.portalReportUpload)
	desk.GET("/engagements/:id", p.deskEngagement)
}

// paceCharts are the charts of several engagements on one page, each
// headed by its vendor.
func paceCharts(pg *Page, ps []*EngagementPace) []*Burnup {
	out := make([]*Burnup, len(ps))
	for i, e := range ps {
		out[i] = newBurnup(pg, e.PaceSeries)
		out[i].Key, out[i].Name = e.EngagementID, e.VendorName
	}
	return out
}

// intakeCharts are the pace charts of an intake's engagements: for staff
// when token is empty, else for the campaign holding the link token. An
// intake without engagements, or pages without a delivery service, have
// none, without a query.
func (p *pages) intakeCharts(ctx context.Context, pg *Page, intakeID, token string, engaged bool) ([]*Burnup, error) {
	if p.Delivery == nil || !engaged {
		return nil, nil
	}
	var ps []*EngagementPace
	var err error
	if token == "" {
		ps, err = p.Delivery.IntakePaces(ctx, intakeID)
	} else {
		ps, err = p.Delivery.CampaignPaces(ctx, intakeID, token)
	}
	if err != nil {
		return nil, err
	}
	return paceCharts(pg, ps), nil
}

// trackRecord is the vendor's track record for its desk page and portal;
// nil without a delivery service.
func (p *pages) trackRecord(ctx context.Context, vendorID string) (*TrackRecord, error) {
	if p.Delivery == nil {
		return nil, nil
	}
	return p.Delivery.TrackRecord(ctx, vendorID)
}
