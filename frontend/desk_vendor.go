package frontend

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"callmatch/catalog"
)

// vendorPage is everything the catalog knows about one vendor, for staff.
type vendorPage struct {
	*Page
	Vendor *catalog.Vendor
	Docs   map[string]*catalog.CertificationDocument
	// Weeks are declared, booked and free seats through election day.
	Weeks  []seatWeek
	Booked bool // some week shown has bookings
	Track  *trackView
}

func (p *pages) deskVendor(c *gin.Context) {
	ctx := c.Request.Context()
	pg := p.newStaffPage(c, "desk", "Vendor")
	vendors := p.catalog
	v, err := vendors.FindVendorByID(ctx, c.Param("id"))
	if err != nil {
		p.fail(c, pg, err)
		return
	}
	docs, err := vendors.CertificationDocumentsFor(ctx, v.ID)
	if err != nil {
		p.fail(c, pg, err)
		return
	}
	bookings, err := p.Intakes.VendorBookings(ctx, v.ID)
	if err != nil {
		p.fail(c, pg, err)
		return
	}
	track, err := p.trackRecord(ctx, v)
	if err != nil {
		p.fail(c, pg, err)
		return
	}
	pg.Title = v.Name
	weeks := seatWeeks(v, bookings, p.Now())
	p.render(c, http.StatusOK, "desk_vendor", &vendorPage{Page: pg, Vendor: v, Docs: docs, Weeks: weeks, Booked: anyBooked(weeks), Track: track})
}
