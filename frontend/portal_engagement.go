package frontend

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/intake"
)

// engagementPage is one engagement's delivery in the vendor's portal: the
// pace chart, the CSV upload with its per-row report and the form for one
// row. Staff see the charts on the desk's intake page.
type engagementPage struct {
	*Page
	Pace    *intake.Pace
	Ref     string // the program's short reference, as on the bookings
	Chart   *Burnup
	Import  *intake.ReportImport // after an upload
	Stored  bool                 // the upload was stored (all, or the valid rows)
	Row     reportForm
	Errors  formErrors
	Columns string // the CSV's columns, documented by the service
}

// reportForm is one row as typed, so a refused row keeps what was typed.
type reportForm struct {
	Day, Language, Dials, Contacts, Completes, AgentHours, OptOuts, Complaints string
}

// maxReportCSV bounds an upload: 10,000 rows are about 600 KB.
const maxReportCSV = 8 << 20

func (p *pages) portalEngagement(c *gin.Context) {
	ep, ok := p.engagementPage(c)
	if !ok {
		return
	}
	if c.Query("done") == "reported" {
		ep.Notice = "Report saved. The chart includes it."
	}
	p.render(c, http.StatusOK, "engagement", ep)
}

// portalReportUpload stores a CSV of report rows. Nothing is stored when a
// row is bad unless "partial" was ticked; either way the page lists every
// problem by row and field. A repeated upload replaces the same rows with
// the same figures (one row per engagement, day and language), so a reload
// that posts again changes nothing but the versions in the audit.
func (p *pages) portalReportUpload(c *gin.Context) {
	ctx := c.Request.Context()
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxReportCSV+uploadOverhead)
	var res *intake.ReportImport
	f, _, err := c.Request.FormFile("file")
	switch {
	case errors.As(err, new(*http.MaxBytesError)):
		err = callmatch.Errorf(callmatch.ETOOLARGE, "The file is larger than %d MB; split it.", maxReportCSV>>20)
	case err != nil:
		err = callmatch.FieldErrors{"file": "is required: choose a CSV file"}.Err()
	default:
		defer f.Close()
		res, err = p.Intakes.UploadReportCSV(ctx, c.Param("id"), f, c.PostForm("partial") == "on")
	}
	p.reportAnswer(c, res, reportForm{}, err)
}

// portalReportRow stores one row from the form; the same day and language
// again replaces the row (a correction), so a double submit stores it once.
func (p *pages) portalReportRow(c *gin.Context) {
	pg := p.newStaffPage(c, "portal", "Engagement")
	if !p.readPostForm(c, pg) {
		return
	}
	f := reportForm{Day: c.PostForm("day"), Language: c.PostForm("language"), Dials: c.PostForm("dials"),
		Contacts: c.PostForm("contacts"), Completes: c.PostForm("completes"), AgentHours: c.PostForm("agent_hours"),
		OptOuts: c.PostForm("opt_outs"), Complaints: c.PostForm("complaints")}
	row, err := f.row()
	if err == nil {
		_, err = p.Intakes.SubmitReports(c.Request.Context(), c.Param("id"), []intake.Report{row})
	}
	if err == nil {
		seeOther(c, "/portal/engagements/"+c.Param("id")+"?done=reported")
		return
	}
	p.reportAnswer(c, nil, f, err)
}

// reportAnswer shows the engagement with what an upload or a row did: the
// per-row report, or the form's problems. Errors no person can fix become
// the error page.
func (p *pages) reportAnswer(c *gin.Context, res *intake.ReportImport, f reportForm, err error) {
	ep, ok := p.engagementPage(c)
	if !ok {
		return
	}
	ep.Import, ep.Row, ep.Stored = res, f, err == nil
	status := http.StatusOK
	if err != nil {
		fe, ok := formErrorsOf(err)
		if !ok || callmatch.ErrorCode(err) == callmatch.ENOTFOUND {
			p.fail(c, ep.Page, err)
			return
		}
		// A refused upload's problems are in its report, row by row; a
		// refused row's fields come back as the API names them ("[0].day").
		if res == nil {
			ep.Errors = formErrors{Banner: fe.Banner, Fields: map[string]string{}}
			for k, v := range fe.Fields {
				ep.Errors.Fields[strings.TrimPrefix(k, "[0].")] = v
			}
		}
		status = http.StatusUnprocessableEntity
		if callmatch.ErrorCode(err) == callmatch.ETOOLARGE {
			status = http.StatusRequestEntityTooLarge
		}
	}
	p.render(c, status, "engagement", ep)
}

// engagementPage loads the engagement's pace, which carries what the
// page needs of the program; the service answers not found for another
// vendor's engagement.
func (p *pages) engagementPage(c *gin.Context) (*engagementPage, bool) {
	pg := p.newStaffPage(c, "portal", "Program")
	pace, err := p.Intakes.Pace(c.Request.Context(), c.Param("id"), "")
	if err != nil {
		p.fail(c, pg, err)
		return nil, false
	}
	ep := &engagementPage{Page: pg, Pace: pace, Ref: shortRef(pace.IntakeID), Chart: newBurnup(pg, pace),
		Columns: intake.ReportCSVColumns}
	pg.Title = pace.Campaign + " (program " + ep.Ref + ")"
	return ep, true
}

// row reads the form; each problem names its field, as the API would.
func (f reportForm) row() (intake.Report, error) {
	var fe callmatch.FieldErrors
	r := intake.Report{Language: strings.TrimSpace(f.Language)}
	if err := r.Day.UnmarshalText([]byte(strings.TrimSpace(f.Day))); err != nil || r.Day.IsZero() {
		fe.Add("day", "must be a date (YYYY-MM-DD)")
	}
	if r.Language == "" {
		fe.Add("language", "is required: choose one of the program's languages")
	}
	for _, n := range []struct {
		field, typed string
		dst          *int64
	}{{"dials", f.Dials, &r.Dials}, {"contacts", f.Contacts, &r.Contacts}, {"completes", f.Completes, &r.Completes},
		{"opt_outs", f.OptOuts, &r.OptOuts}, {"complaints", f.Complaints, &r.Complaints}} {
		s := strings.TrimSpace(n.typed)
		if s == "" {
			continue // 0; the service checks contacts against dials
		}
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			fe.Add(n.field, "must be a whole number, 0 or more")
		}
		*n.dst = v
	}
	if s := strings.TrimSpace(f.AgentHours); s != "" {
		h, err := strconv.ParseFloat(s, 64)
		if err != nil {
			fe.Add("agent_hours", "must be a number of hours, 0 or more (e.g. 7.5)")
		}
		r.AgentHours = h
	}
	return r, fe.Err()
}

// Reported says what an upload did, in one sentence.
func (ep *engagementPage) Reported() string {
	im := ep.Import
	if im == nil {
		return ""
	}
	if !ep.Stored {
		return "Nothing was stored: correct the rows below and upload the file again, or tick “store the valid rows” to keep the rest."
	}
	s := strconv.Itoa(im.Accepted) + " rows stored, " + strconv.Itoa(im.Replaced) + " of them corrections replacing earlier figures."
	if im.Skipped > 0 {
		s += " " + strconv.Itoa(im.Skipped) + " bad rows skipped (below)."
	}
	return s
}
