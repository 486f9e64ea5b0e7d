package frontend

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/catalog"
)

// deskCertDecide records an advisor's verdict; a certification counts for
// matching only once verified. A verdict the catalog refuses (a rejection
// without a reason) shows the queue again with the problem at the row and
// the typed reason kept, and nothing recorded.
//
// A repeated post (a double click) or two advisors deciding at once are
// ordered by the store: the first verdict is recorded, a later one finds
// the certification decided and gets the store's conflict on the queue.
func (p *pages) deskCertDecide(c *gin.Context) {
	ctx := c.Request.Context()
	pg := p.newStaffPage(c, "desk", "Certifications to verify")
	if !p.readPostForm(c, pg) {
		return
	}
	id := c.Param("id")
	d := catalog.CertificationDecision{Status: c.PostForm("status"), Reason: c.PostForm("reason")}
	_, _, err := p.catalog.DecideCertification(ctx, id, d)
	switch callmatch.ErrorCode(err) {
	case "":
		seeOther(c, "/desk/certifications?done=decided")
		return
	case callmatch.EINVALID, callmatch.ECONFLICT:
	default:
		p.fail(c, pg, err)
		return
	}
	cp, lerr := p.loadCertsPage(ctx, pg)
	if lerr != nil {
		p.fail(c, pg, lerr)
		return
	}
	cp.Failed = &certDecisionError{ID: id, Reason: d.Reason, Message: callmatch.ErrorMessage(err), Fields: map[string]string{}}
	if e, ok := err.(*callmatch.Error); ok && len(e.Fields) > 0 {
		cp.Failed.Fields = e.Fields
	}
	p.render(c, http.StatusUnprocessableEntity, "desk_certs", cp)
}
