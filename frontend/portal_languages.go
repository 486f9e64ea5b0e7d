package frontend

import (
	"fmt"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/catalog"
)

// portalLanguages saves how many seats can call in each language. A line
// without a language is ignored; a language with 0 seats is kept, which
// says "not now" without losing the line.
func (p *pages) portalLanguages(c *gin.Context) {
	pg := p.profilePage(c)
	v, ok := p.editedVendor(c, pg)
	if !ok {
		return
	}
	f := c.Request.PostForm
	var fe callmatch.FieldErrors
	langs := []catalog.LanguageSeats{}
	for i := range f["lang"] {
		code := at(f["lang"], i)
		if code == "" {
			continue
		}
		seats := intField(at(f["lang_seats"], i), fmt.Sprintf("languages[%d].seats", len(langs)), &fe)
		langs = append(langs, catalog.LanguageSeats{Code: code, Seats: seats})
	}
	p.saveUpdate(c, pg, v, "languages", catalog.VendorUpdate{Languages: &langs}, fe.Err())
}
