package frontend

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// consultShow is the empty consultation form.
func (p *pages) consultShow(c *gin.Context) {
	pg := p.newPage(c, "consult.title")
	p.render(c, http.StatusOK, "consult", p.newConsultPage(pg, newConsultForm(), nil))
}
