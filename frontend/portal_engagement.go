package frontend

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"callmatch"
)

// engagementPage is one engagement's delivery: the pace chart and, in the
// vendor's portal, the CSV upload with its per-row report and the form for
// one row. Staff see the same page on the desk without the forms.
type engagementPage struct {
	*Page
	Pace   *EngagementPace
	Chart  *Burnup
	Staff  bool
	Import *ReportImport // after an upload or a refused row
	Row    reportForm
	Errors formErrors
}

// reportForm is one row as typed, so a refused row keeps what was typed.
type reportForm struct {
	Day, Language, Dials, Contacts, Completes, AgentHours, OptOuts, Complaints string
}

// reportFields are the form's and the CSV's columns, in the API's names
// (MARKETPLACE.md §4), so that one error text serves all three routes.
var reportFields = []string{"day", "language", "dials", "contacts", "completes", "agent_hours", "opt_outs", "complaints"}

// maxReportCSV bounds an upload: 10,000 rows are about 600 KB.
const maxReportCSV = 8 << 20

func (p *pages) portalEngagement(c *gin.Context) {
	ep, ok := p.engagementPage(c, "portal")
	if !ok {
		return
	}
	if c.Query("done") == "reported" {
		ep.Notice = "Report saved. The chart below includes it."
	}
	p.render(c, http.StatusOK, "engagement", ep)
}

func (p *pages) deskEngagement(c *gin.Context) {
	ep, ok := p.engagementPage(c, "desk")
	if !ok {
		return
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
	var res *ReportImport
	f, _, err := c.Request.FormFile("file")
	switch {
	case errors.As(err, new(*http.MaxBytesError)):
		err = callmatch.Errorf(callmatch.ETOOLARGE, "The file is larger than %d MB; split it.", maxReportCSV>>20)
	case err != nil:
		err = callmatch.FieldErrors{"file": "is required: choose a CSV file with the columns " + strings.Join(reportFields, ",")}.Err()
	default:
		defer f.Close()
		res, err = p.Delivery.ImportReportsCSV(ctx, c.Param("id"), f, c.PostForm("partial") == "on")
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
	var res *ReportImport
	if err == nil {
		res, err = p.Delivery.SaveReport(c.Request.Context(), c.Param("id"), row)
	}
	if err == nil && (res == nil || res.Stored) {
		seeOther(c, "/portal/engagements/"+c.Param("id")+"?done=reported")
		return
	}
	p.reportAnswer(c, res, f, err)
}

// reportAnswer shows the engagement with what an upload or a row did: the
// per-row report, or the form's problems. Errors no person can fix become
// the error page.
func (p *pages) reportAnswer(c *gin.Context, res *ReportImport, f reportForm, err error) {
	ep, ok := p.engagementPage(c, "portal")
	if !ok {
		return
	}
	ep.Import, ep.Row = res, f
	status := http.StatusOK
	if err != nil {
		fe, ok := formErrorsOf(err)
		if !ok || callmatch.ErrorCode(err) == callmatch.ENOTFOUND {
			p.fail(c, ep.Page, err)
			return
		}
		ep.Errors, status = fe, http.StatusUnprocessableEntity
	} else if res != nil && !res.Stored {
		status = http.StatusUnprocessableEntity
	}
	p.render(c, status, "engagement", ep)
}

// engagementPage loads the engagement's pace; the service answers not
// found for another vendor's engagement.
func (p *pages) engagementPage(c *gin.Context, section string) (*engagementPage, bool) {
	pg := p.newStaffPage(c, section, "Engagement")
	pace, err := p.Delivery.EngagementPace(c.Request.Context(), c.Param("id"))
	if err != nil {
		p.fail(c, pg, err)
		return nil, false
	}
	pg.Title = "Delivery: " + pace.VendorName
	if pace.CampaignName != "" {
		pg.Title = "Delivery: " + pace.CampaignName
	}
	return &engagementPage{Page: pg, Pace: pace, Chart: newBurnup(pg, pace.PaceSeries), Staff: section == "desk"}, true
}

// row reads the form; each problem names its field, as the API would.
func (f reportForm) row() (ReportRow, error) {
	var fe callmatch.FieldErrors
	r := ReportRow{Language: strings.TrimSpace(f.Language)}
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

// Reported says what an upload stored, in one sentence.
func (ep *engagementPage) Reported() string {
	im := ep.Import
	if im == nil {
		return ""
	}
	if !im.Stored {
		return "Nothing was stored: correct the rows below and upload the file again, or tick “store the valid rows” to keep the rest."
	}
	return strconv.Itoa(im.Accepted) + " rows accepted, " + strconv.Itoa(im.Replaced) + " of them corrections replacing earlier figures."
}
