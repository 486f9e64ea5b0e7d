package frontend

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"callmatch/intake"
)

// contactPage shows a campaign's contact details: personal data, so each
// showing is a deliberate, audited read.
type contactPage struct {
	*Page
	IntakeID string
	Contact  intake.Contact
}

func (p *pages) deskContact(c *gin.Context) {
	pg := p.newStaffPage(c, "desk", "Contact details")
	rec, err := p.Intakes.Contact(c.Request.Context(), c.Param("id"))
	if err != nil {
		p.fail(c, pg, err)
		return
	}
	cp := &contactPage{Page: pg, IntakeID: rec.ID, Contact: rec.Form.Contact}
	if isHTMX(c) {
		p.renderFragment(c, http.StatusOK, "desk_contact", "contact", cp)
		return
	}
	p.render(c, http.StatusOK, "desk_contact", cp)
}
