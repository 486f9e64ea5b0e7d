package frontend

import (
	"github.com/gin-gonic/gin"

	"callmatch/catalog"
)

// portalProfile saves what the vendor says about itself. The status is
// the marketplace's judgement and is not on the form.
func (p *pages) portalProfile(c *gin.Context) {
	pg := p.profilePage(c)
	v, ok := p.editedVendor(c, pg)
	if !ok {
		return
	}
	f := c.Request.PostForm
	name, website, desc := f.Get("name"), f.Get("website"), f.Get("description")
	serves, services, modes := nonEmpty(f["serves"]), nonEmpty(f["services"]), nonEmpty(f["dialing_modes"])
	against, union, states := f.Get("works_against_incumbents") != "", f.Get("union_shop") != "", splitCodes(f.Get("state_experience"))
	u := catalog.VendorUpdate{Name: &name, Website: &website, Description: &desc, Serves: &serves,
		Services: &services, DialingModes: &modes, WorksAgainstIncumbents: &against, UnionShop: &union,
		StateExperience: &states}
	p.saveUpdate(c, pg, v, "profile", u, nil)
}
