package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/intake"
)

// ReportRow is one row of POST /api/v1/engagements/{id}/reports
// (MARKETPLACE.md §4): an engagement's production on one day in one
// language.
type ReportRow struct {
	Day        callmatch.Date `json:"day"`
	Language   string         `json:"language"`
	Dials      int64          `json:"dials"`
	Contacts   int64          `json:"contacts"`
	Completes  int64          `json:"completes"`
	AgentHours float64        `json:"agent_hours"`
	OptOuts    int64          `json:"opt_outs"`
	Complaints int64          `json:"complaints"`
}

func (r ReportRow) toReport() intake.Report {
	return intake.Report{Day: r.Day, Language: r.Language, Dials: r.Dials, Contacts: r.Contacts, Completes: r.Completes,
		AgentHours: r.AgentHours, OptOuts: r.OptOuts, Complaints: r.Complaints}
}

// maxReportBody fits MaxReportRows rows of JSON (about 150 bytes each).
const maxReportBody = 4 << 20

// submitReports is POST /api/v1/engagements/{id}/reports: a JSON array of
// rows → 200 {"accepted", "replaced"}, or a CSV file (Content-Type
// text/csv, intake.ReportCSVColumns; ?partial=true stores the valid rows)
// → 200 with the per-row report, 422 with it when refused. That vendor's
// users and staff; another vendor's engagement is 404. Nothing is stored
// when a row is bad (the error names its index and field).
func (s *Server) submitReports(c *gin.Context) {
	ctx := c.Request.Context()
	if c.ContentType() == "text/csv" {
		rep, err := s.intakes.UploadReportCSV(ctx, c.Param("id"), http.MaxBytesReader(c.Writer, c.Request.Body, maxReportBody),
			c.Query("partial") == "true")
		if err != nil && rep == nil {
			fail(c, err)
			return
		}
		status := http.StatusOK
		if err != nil {
			status = StatusOf(err)
		}
		c.JSON(status, rep)
		return
	}
	var rows []ReportRow
	if c.ContentType() != "" && c.ContentType() != "application/json" {
		fail(c, &callmatch.Error{Code: callmatch.EINVALID, Message: "Content-Type must be application/json (an array of rows) or text/csv."})
		return
	}
	if err := callmatch.DecodeJSON(c.Request.Body, maxReportBody, &rows); err != nil {
		fail(c, err)
		return
	}
	reports := make([]intake.Report, len(rows))
	for i, r := range rows {
		reports[i] = r.toReport()
	}
	res, err := s.intakes.SubmitReports(ctx, c.Param("id"), reports)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, res)
}

// engagementPace is GET /api/v1/engagements/{id}/pace: the burn-up, for
// staff, that vendor's users, and the campaign with its private link
// token (?token= or bearer); anyone else gets 404.
func (s *Server) engagementPace(c *gin.Context) {
	ctx := c.Request.Context()
	token := ""
	if a := callmatch.ActorFrom(ctx); a.UserID == "" {
		noReferrer(c)
		token = campaignToken(c)
	}
	p, err := s.intakes.Pace(ctx, c.Param("id"), token)
	if err != nil {
		fail(c, err)
		return
	}
	out := *p
	out.Days = nonNil(out.Days)
	c.JSON(http.StatusOK, out)
}
