package frontend

import (
	"mime"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// deskCertDocument downloads a certification's evidence. It is a file a
// vendor uploaded, so it is always an attachment, never rendered on our
// origin, and sandboxed should a browser render it anyway.
func (p *pages) deskCertDocument(c *gin.Context) {
	pg := p.newStaffPage(c, "desk", "Certification document")
	doc, err := p.catalog.FindCertificationDocument(c.Request.Context(), c.Param("id"))
	if err != nil {
		p.fail(c, pg, err)
		return
	}
	name := strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' || r == '\\' || r == '/' {
			return '_'
		}
		return r
	}, doc.Filename)
	if !strings.HasSuffix(strings.ToLower(name), ".pdf") {
		name += ".pdf"
	}
	c.Header("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	c.Header("Content-Security-Policy", "sandbox; default-src 'none'")
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, "application/pdf", doc.Data)
}
