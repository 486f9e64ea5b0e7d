package frontend

import (
	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/catalog"
)

// portalCapacity saves calling hours, ramp-up and the weekly grid through
// election day (the grid the page showed).
func (p *pages) portalCapacity(c *gin.Context) {
	pg := p.profilePage(c)
	v, ok := p.editedVendor(c, pg)
	if !ok {
		return
	}
	weeks := capacityWeeks(v, p.Now())
	grid := make([]callmatch.Date, len(weeks))
	for i, w := range weeks {
		grid[i] = w.Start
	}
	capacity, err := catalog.CapacityFromForm(c.Request.PostForm, v, grid, callmatch.DateOf(p.Now()))
	if err == nil {
		_, err = p.catalog.SetCapacity(c.Request.Context(), v.ID, capacity)
	}
	if err != nil {
		v.Capacity = capacity
		p.refuse(c, pg, v, "capacity", err)
		return
	}
	saved(c, v, "capacity")
}
