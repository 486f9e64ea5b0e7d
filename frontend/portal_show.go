package frontend

import (
	"context"
	"net/http"
	"regexp"
	"sort"
	"strconv"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/catalog"
	"callmatch/httpstatus"
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
	Staff    bool
	Sites    []catalog.Site
	LangRows []catalog.LanguageSeats
	Rates    []rateRow
	Weeks    []weekCell
	Docs     map[string]*catalog.CertificationDocument
	StateExp string
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

	// BadSection is the form that could not be saved, with its problems.
	BadSection string
	Problems   []string

	Services, Modes, Affiliations, Models, CertKinds, Languages []string
	IssueAreas, Audiences, Employment                           []string
	MaxUploadMB                                                 int
}

// rateRow is a rate as typed, in dollars.
type rateRow struct{ Service, Model, Amount, Minimum string }

// blankRows is how many empty lines each list offers for additions.
const blankRows = 2

// portalShow is the vendor's profile to edit, for its vendor user at
// /portal and for staff at /desk/vendors/:id/edit.
func (p *pages) portalShow(c *gin.Context) {
	ctx := c.Request.Context()
	pg := p.profilePage(c)
	e := editOf(c)
	v, err := p.catalog.FindVendorByID(ctx, e.VendorID)
	if err != nil {
		p.fail(c, pg, err)
		return
	}
	pp, err := p.portalPage(ctx, pg, v, e)
	if err != nil {
		p.fail(c, pg, err)
		return
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
	pp := &portalPage{Page: pg, Vendor: v, Action: e.base(v.ID), Staff: e.Staff, Docs: docs, Weeks: capacityWeeks(v, p.Now()),
		Sites:    append(append([]catalog.Site(nil), v.Sites...), make([]catalog.Site, blankRows)...),
		LangRows: append(append([]catalog.LanguageSeats(nil), v.Languages...), make([]catalog.LanguageSeats, blankRows)...),
		Services: catalog.Services, Modes: catalog.DialingModes, Affiliations: catalog.Affiliations,
		Models: catalog.PricingModels, CertKinds: catalog.CertificationKinds, Languages: formLanguages,
		IssueAreas: catalog.IssueAreas, Audiences: catalog.Audiences, Employment: catalog.AgentEmployment,
		MaxUploadMB: catalog.MaxCertificationDocument >> 20}
	for _, r := range v.Rates {
		pp.Rates = append(pp.Rates, rateRow{Service: r.Service, Model: r.Model, Amount: plainDollars(r.AmountCents), Minimum: plainDollars(r.MinimumCents)})
	}
	pp.Rates = append(pp.Rates, make([]rateRow, blankRows)...)
	pp.StateExp = joinComma(v.StateExperience)
	if v.Labor != nil {
		pp.LaborWage = plainDollars(v.Labor.AgentWageFloorCents)
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

// refuse shows the portal again with the problems of one section's form.
func (p *pages) refuse(c *gin.Context, pg *Page, v *catalog.Vendor, section string, err error) {
	e, ok := err.(*callmatch.Error)
	if !ok || (e.Code != callmatch.EINVALID && e.Code != callmatch.ECONFLICT && e.Code != callmatch.ETOOLARGE) {
		p.fail(c, pg, err)
		return
	}
	pp, lerr := p.portalPage(c.Request.Context(), pg, v, editOf(c))
	if lerr != nil {
		p.fail(c, pg, lerr)
		return
	}
	pp.BadSection, pp.Problems = section, problems(e)
	p.render(c, statusFor(e), "portal", pp)
}

func statusFor(e *callmatch.Error) int {
	if e.Code == callmatch.EINVALID {
		return http.StatusUnprocessableEntity
	}
	return httpstatus.Of(e)
}

var fieldPath = regexp.MustCompile(`^(?:[a-z_]+\.)?([a-z_]+)\[(\d+)\]\.?(.*)$`)

// problems turns field errors into sentences: "sites[0].city" becomes
// "Site 1, city".
func problems(e *callmatch.Error) []string {
	if len(e.Fields) == 0 {
		return []string{e.Message}
	}
	names := map[string]string{"sites": "Site", "languages": "Language line", "rates": "Rate line", "calendar": "Week",
		"issue_experience": "Issue", "audience_experience": "Audience"}
	fields := map[string]string{"labor.agent_wage_floor_cents": "Lowest hourly wage", "labor.employment": "Agents are"}
	var out []string
	for k, msg := range e.Fields {
		human := k
		if m := fieldPath.FindStringSubmatch(k); m != nil {
			n, _ := strconv.Atoi(m[2])
			if name, ok := names[m[1]]; ok {
				human = name + " " + strconv.Itoa(n+1)
				if m[3] != "" {
					human += ", " + label(m[3])
				}
			}
		} else if f, ok := fields[k]; ok {
			human = f
		} else {
			human = label(k)
		}
		out = append(out, human+": "+msg)
	}
	sort.Strings(out)
	return out
}

// sectionRef carries the page and a section name into "problems".
type sectionRef struct {
	Page *portalPage
	Name string
}

func section(p *portalPage, name string) sectionRef { return sectionRef{Page: p, Name: name} }
