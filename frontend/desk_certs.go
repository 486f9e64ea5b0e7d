package frontend

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"callmatch/catalog"
)

// certsPage is the verification queue: certifications vendors submitted,
// oldest first, with their evidence and a verdict form each.
type certsPage struct {
	*Page
	Pending []catalog.PendingCertification
}

func (p *pages) deskCerts(c *gin.Context) {
	pg := p.newStaffPage(c, "desk", "Certifications to verify")
	pending, err := p.catalog.FindPendingCertifications(c.Request.Context())
	if err != nil {
		p.fail(c, pg, err)
		return
	}
	p.render(c, http.StatusOK, "desk_certs", &certsPage{Page: pg, Pending: pending})
}
