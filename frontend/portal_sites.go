package frontend

import (
	"fmt"
	"strings"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/catalog"
)

// portalSites saves the vendor's call floors. A line left without a city
// and seats is no site: that is how a site is removed.
func (p *pages) portalSites(c *gin.Context) {
	pg := p.profilePage(c)
	v, ok := p.editedVendor(c, pg)
	if !ok {
		return
	}
	f := c.Request.PostForm
	var fe callmatch.FieldErrors
	sites := []catalog.Site{}
	for i := range f["city"] {
		s := catalog.Site{Country: strings.ToUpper(at(f["country"], i)), Region: strings.ToUpper(at(f["region"], i)),
			City: at(f["city"], i), Timezone: at(f["timezone"], i)}
		seats := at(f["seats"], i)
		if s.City == "" && (seats == "" || seats == "0") {
			continue
		}
		s.Seats = intField(seats, fmt.Sprintf("sites[%d].seats", len(sites)), &fe)
		if s.Country == "" {
			s.Country = "US"
		}
		sites = append(sites, s)
	}
	p.saveUpdate(c, pg, v, "sites", catalog.VendorUpdate{Sites: &sites}, fe.Err())
}
