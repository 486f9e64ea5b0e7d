package frontend

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"callmatch/catalog"
)

// applicationsPage is the desk's queue of vendor applications.
type applicationsPage struct {
	*Page
	Applications []*catalog.Application
	Errors       formErrors
}

var applicationNotices = map[string]string{
	"approved": "Approved. A draft vendor was created and the applicant invited as its first user.",
	"rejected": "Rejected. The applicant is told why by email.",
}

func (p *pages) deskApplications(c *gin.Context) {
	ap := &applicationsPage{Page: p.newStaffPage(c, "desk", "Vendor applications")}
	ap.Notice = applicationNotices[c.Query("done")]
	p.renderApplications(c, http.StatusOK, ap)
}

func (p *pages) renderApplications(c *gin.Context, status int, ap *applicationsPage) {
	list, err := p.Applications.List(c.Request.Context())
	if err != nil {
		p.fail(c, ap.Page, err)
		return
	}
	ap.Applications = list
	p.render(c, status, "desk_applications", ap)
}

// deskApplicationApprove approves once: a double click finds it decided
// and changes nothing (catalog.Applications.Approve).
func (p *pages) deskApplicationApprove(c *gin.Context) {
	a, err := p.Applications.Approve(c.Request.Context(), c.Param("id"))
	if err != nil {
		p.fail(c, p.newStaffPage(c, "desk", "Vendor applications"), err)
		return
	}
	if a.VendorID != "" {
		seeOther(c, "/desk/applications?done=approved")
		return
	}
	seeOther(c, "/desk/applications")
}

func (p *pages) deskApplicationReject(c *gin.Context) {
	ap := &applicationsPage{Page: p.newStaffPage(c, "desk", "Vendor applications")}
	if !p.readPostForm(c, ap.Page) {
		return
	}
	if _, err := p.Applications.Reject(c.Request.Context(), c.Param("id"), c.PostForm("reason")); err != nil {
		fe, ok := formErrorsOf(err)
		if !ok {
			p.fail(c, ap.Page, err)
			return
		}
		ap.Errors = fe
		p.renderApplications(c, http.StatusUnprocessableEntity, ap)
		return
	}
	seeOther(c, "/desk/applications?done=rejected")
}
