package frontend

import (
	"fmt"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/catalog"
)

// portalRates saves the vendor's prices, typed in dollars. A line without
// a service is ignored, which is how a rate is removed.
func (p *pages) portalRates(c *gin.Context) {
	pg := p.profilePage(c)
	v, ok := p.editedVendor(c, pg)
	if !ok {
		return
	}
	f := c.Request.PostForm
	var fe callmatch.FieldErrors
	rates := []catalog.Rate{}
	for i := range f["service"] {
		service := at(f["service"], i)
		if service == "" {
			continue
		}
		n := len(rates)
		rates = append(rates, catalog.Rate{Service: service, Model: at(f["model"], i),
			AmountCents:  centsField(at(f["amount"], i), fmt.Sprintf("rates[%d].amount_cents", n), &fe),
			MinimumCents: centsField(at(f["minimum"], i), fmt.Sprintf("rates[%d].minimum_cents", n), &fe)})
	}
	p.saveUpdate(c, pg, v, "rates", catalog.VendorUpdate{Rates: &rates}, fe.Err())
}
