package frontend

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"callmatch/catalog"
)

// deskCertDecide records an advisor's verdict; a certification counts for
// matching only once verified.
func (p *pages) deskCertDecide(c *gin.Context) {
	ctx := c.Request.Context()
	pg := p.newStaffPage(c, "desk", "Certifications to verify")
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxFormBody)
	d := catalog.CertificationDecision{Status: c.PostForm("status"), Reason: c.PostForm("reason")}
	if _, _, err := p.catalog.DecideCertification(ctx, c.Param("id"), d); err != nil {
		p.fail(c, pg, err)
		return
	}
	seeOther(c, "/desk/certifications?done=decided")
}
