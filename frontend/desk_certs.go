package frontend

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"callmatch/catalog"
)

// certsPage is the verification queue: certifications vendors submitted,
// oldest first, with their evidence and a verdict form each.
type certsPage struct {
	*Page
	Pending []catalog.PendingCertification
	// Failed is the certification whose verdict was refused, shown again
	// at its row with the problem and what the advisor typed.
	Failed *certDecisionError
}

// certDecisionError is a refused verdict on one certification.
type certDecisionError struct {
	ID      string
	Reason  string            // as typed
	Message string            // what is wrong, in one line
	Fields  map[string]string // field → problem
}

func (p *pages) deskCerts(c *gin.Context) {
	pg := p.newStaffPage(c, "desk", "Certifications to verify")
	cp, err := p.loadCertsPage(c.Request.Context(), pg)
	if err != nil {
		p.fail(c, pg, err)
		return
	}
	p.render(c, http.StatusOK, "desk_certs", cp)
}

func (p *pages) loadCertsPage(ctx context.Context, pg *Page) (*certsPage, error) {
	pending, err := p.catalog.FindPendingCertifications(ctx)
	if err != nil {
		return nil, err
	}
	return &certsPage{Page: pg, Pending: pending}, nil
}

// FieldError is the problem with field of the certification id, if its
// verdict was refused.
func (cp *certsPage) FieldError(id, field string) string {
	if cp.Failed == nil || cp.Failed.ID != id {
		return ""
	}
	return cp.Failed.Fields[field]
}

// TypedReason is what the advisor typed as the reason for id, kept when
// the verdict was refused.
func (cp *certsPage) TypedReason(id string) string {
	if cp.Failed == nil || cp.Failed.ID != id {
		return ""
	}
	return cp.Failed.Reason
}
