package frontend

import (
	"context"

	"github.com/gin-gonic/gin"

	"callmatch/catalog"
	"callmatch/matching"
)

// deliveryRoutes adds the delivery pages when the intake service keeps
// production reports (intake.Service.Delivery; the app sets it). The
// service decides who may see what: staff any engagement, a vendor user
// only its vendor's (another's is not found), a campaign with its link
// token, a scorecard with its mailed token. The scorecard link is public.
func (p *pages) deliveryRoutes(r *gin.Engine, portal *gin.RouterGroup) {
	if !p.deliveryOn() {
		return
	}
	r.GET("/scorecard/:token", p.scorecardShow)
	r.POST("/scorecard/:token", p.scorecardSubmit)
	portal.GET("/engagements/:id", p.portalEngagement)
	portal.POST("/engagements/:id/reports", p.portalReportRow)
	portal.POST("/engagements/:id/upload", p.portalReportUpload)
}

func (p *pages) deliveryOn() bool { return p.Intakes.Delivery != nil }

// intakeCharts are the pace charts of an intake's engagements, each headed
// by its vendor's name from names: for staff (token empty) or the campaign
// holding the link token. Intakes without engagements, and pages without
// delivery, have none, without a query.
func (p *pages) intakeCharts(ctx context.Context, pg *Page, intakeID, token string, engaged bool, names map[string]string) ([]*Burnup, error) {
	if !p.deliveryOn() || !engaged {
		return nil, nil
	}
	ps, err := p.Intakes.IntakePace(ctx, intakeID, token)
	if err != nil {
		return nil, err
	}
	out := make([]*Burnup, len(ps))
	for i, e := range ps {
		out[i] = newBurnup(pg, e)
		out[i].Key, out[i].Name = e.EngagementID, names[e.VendorID]
	}
	return out, nil
}

// trackView is a vendor's track record as its desk page and portal show
// it: the verified figures matching uses.
type trackView struct {
	matching.Verified
	Explanation string
}

// trackRecord is the vendor's verified record; nil without delivery.
func (p *pages) trackRecord(ctx context.Context, v *catalog.Vendor) (*trackView, error) {
	if !p.deliveryOn() {
		return nil, nil
	}
	t, err := p.Intakes.TrackRecord(ctx, v.ID)
	if err != nil {
		return nil, err
	}
	ver := t.Verify(v.Metrics)
	return &trackView{Verified: ver, Explanation: ver.Explanation()}, nil
}

// vendorNames are the shared shortlist's vendors by id, to head the
// campaign's pace charts.
func (sp *statusPage) vendorNames() map[string]string {
	out := make(map[string]string, len(sp.Vendors))
	for _, v := range sp.Vendors {
		out[v.VendorID] = v.VendorName
	}
	return out
}

// Ref is a program's short reference, as the bookings and its page show it.
func (pp *portalPage) Ref(intakeID string) string { return shortRef(intakeID) }
