package frontend

import (
	"context"
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/catalog"
	"callmatch/intake"
)

// portalPage is a vendor's profile, every part of it a form: the vendor
// user's own in the portal, or any vendor's for staff on the desk.
type portalPage struct {
	*Page
	Vendor *catalog.Vendor
	// Action is where the forms post: "/portal" or "/desk/vendors/<id>/edit".
	Action string
	// Staff edit from the desk; certification upload and invoices are the
	// vendor's own business and are left out.
	Staff bool
	// FormVersion is the vendor's version the form was first rendered
	// from, and FormTotal its sites' total then: the save is refused if
	// the vendor has changed since (catalog.VendorUpdate.IfVersion), and
	// week boxes still at that total follow the sites
	// (catalog.CapacityFromForm). A refused form carries them on
	// unchanged, so saving it again is judged against what it showed.
	FormVersion, FormTotal string
	Sites                  []siteRow
	LangRows               []langRow
	Rates                  []rateRow
	Weeks                  []weekRow
	// FillFrom, FillTo and FillSeats fill a range of weeks at once.
	FillFrom, FillTo, FillSeats string
	Docs                        map[string]*catalog.CertificationDocument
	StateExp                    string
	// LaborWage is the declared wage floor as typed, in dollars.
	LaborWage string

	// Programs are the vendor's bookings grouped by the program they
	// serve; Booked are its weeks booked beside the calendar it edits.
	Programs []programBookings
	Booked   map[callmatch.Date]float64

	// Track is the vendor's verified record; Reporting its engagements,
	// each with its pace and production reports (DeliveryOn).
	Track      *trackView
	DeliveryOn bool
	Reporting  []*intake.Engagement

	Invoices    []Invoice
	InvoicesOn  bool
	InvoicesErr string

	// At is the section whose Save was pressed: where the person is, and
	// so where "Saved." (SectionNotice) or the summary of Problems is shown. Errs
	// are the problems by the id of their field, shown beside it.
	At            string
	SectionNotice string
	Problems      []portalProblem
	Errs          map[string]string

	// The lists a site's country and time zone are chosen from.
	Countries         []option
	USZones, AllZones []string

	Services, Modes, Affiliations, Models, CertKinds, Languages []string
	IssueAreas, Audiences, Employment                           []string
	MaxUploadMB                                                 int
}

// portalShow is the vendor's profile to edit, for its vendor user at
// /portal and for staff at /desk/vendors/:id/edit.
func (p *pages) portalShow(c *gin.Context) {
	ctx := c.Request.Context()
	pg := p.profilePage(c)
	e := editOf(c)
	vv, err := p.catalog.FindVersionedVendor(ctx, e.VendorID)
	if err != nil {
		p.fail(c, pg, err)
		return
	}
	pp, err := p.portalPage(ctx, pg, vv.Vendor, e)
	if err != nil {
		p.fail(c, pg, err)
		return
	}
	pp.stamp(vv)
	// The notice of a save is shown in the section it returned to, where
	// the page opens, rather than at the top, out of sight.
	if at := c.Query("at"); pg.Notice != "" && (slices.Contains(catalog.FormSections, at) || at == "certifications") {
		pp.At, pp.SectionNotice, pg.Notice = at, pg.Notice, ""
	}
	p.render(c, http.StatusOK, "portal", pp)
}

// portalPage builds the page for v, which is the stored vendor or, after
// a refused save, the vendor as the person tried to save it.
func (p *pages) portalPage(ctx context.Context, pg *Page, v *catalog.Vendor, e profileEdit) (*portalPage, error) {
	docs, err := p.catalog.CertificationDocumentsFor(ctx, v.ID)
	if err != nil {
		return nil, err
	}
	pg.Title = v.Name
	if e.Staff {
		pg.Title = "Edit " + v.Name
	}
	pp := &portalPage{Page: pg, Vendor: v, Action: e.base(v.ID), Staff: e.Staff, Docs: docs,
		Services: catalog.Services, Modes: catalog.DialingModes, Affiliations: catalog.Affiliations,
		Models: catalog.PricingModels, CertKinds: catalog.CertificationKinds, Languages: formLanguages,
		IssueAreas: catalog.IssueAreas, Audiences: catalog.Audiences, Employment: catalog.AgentEmployment,
		MaxUploadMB: catalog.MaxCertificationDocument >> 20,
		Countries:   countryOptions, USZones: usZones, AllZones: otherZones}
	pp.storedRows(v, capacityWeeks(v, p.Now()))
	if n := len(pp.Weeks); n > 0 {
		pp.FillFrom, pp.FillTo = pp.Weeks[0].Start.String(), pp.Weeks[n-1].Start.String()
	}
	bookings, err := p.Intakes.VendorBookings(ctx, v.ID)
	if err != nil {
		return nil, err
	}
	pp.Booked = map[callmatch.Date]float64{}
	for _, w := range seatWeeks(v, bookings, p.Now()) {
		if w.Booked > 0 {
			pp.Booked[w.Start] = w.Booked
		}
	}
	if !e.Staff {
		pp.Programs = groupBookings(bookings)
	}
	if pp.Track, err = p.trackRecord(ctx, v); err != nil {
		return nil, err
	}
	if pp.DeliveryOn = p.deliveryOn() && !e.Staff; pp.DeliveryOn {
		if pp.Reporting, err = p.Intakes.VendorEngagements(ctx, v.ID); err != nil {
			return nil, err
		}
	}
	if p.Invoices != nil && !e.Staff {
		pp.InvoicesOn = true
		if pp.Invoices, err = p.Invoices(ctx, v.ID); err != nil {
			// Billing being down must not lock a vendor out of its profile.
			pp.InvoicesErr = "Invoices cannot be shown right now; try again later."
		}
	}
	return pp, nil
}

// stamp makes the form's changes apply to vv as read (see FormVersion).
func (pp *portalPage) stamp(vv catalog.VersionedVendor) {
	pp.FormVersion = strconv.FormatInt(vv.Version, 10)
	pp.FormTotal = strconv.Itoa(vv.Vendor.TotalSeats())
}

// SectionNames are the sections of the one form, posted with it so that
// the server saves exactly these (catalog.VendorFromForm).
func (pp *portalPage) SectionNames() []string { return catalog.FormSections }
