package frontend

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/catalog"
)

// profileEdit is whose profile a request edits: a vendor user's own in
// the portal, or, on the desk, the vendor named in the path. The portal's
// handlers serve both, so staff save through the same code as vendors.
type profileEdit struct {
	VendorID string
	Staff    bool
}

// editOf tells the two apart by the path: only the desk's routes carry the
// vendor's id, a vendor user's own comes from the session.
func editOf(c *gin.Context) profileEdit {
	if id := c.Param("id"); id != "" {
		return profileEdit{VendorID: id, Staff: true}
	}
	return profileEdit{VendorID: callmatch.ActorFrom(c.Request.Context()).VendorID}
}

// base is where the forms for vendorID post, and where a save returns to.
func (e profileEdit) base(vendorID string) string {
	if e.Staff {
		return "/desk/vendors/" + vendorID + "/edit"
	}
	return "/portal"
}

// profilePage starts the page in the desk's navigation for staff and the
// portal's for a vendor user.
func (p *pages) profilePage(c *gin.Context) *Page {
	if editOf(c).Staff {
		return p.newStaffPage(c, "desk", "Edit vendor")
	}
	return p.newStaffPage(c, "portal", "Your profile")
}

// editedVendor reads the vendor being edited, as far as the actor may,
// and the posted form.
func (p *pages) editedVendor(c *gin.Context, pg *Page) (*catalog.Vendor, bool) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxFormBody)
	if err := c.Request.ParseForm(); err != nil {
		p.fail(c, pg, callmatch.Errorf(callmatch.ETOOLARGE, "The form is larger than we accept."))
		return nil, false
	}
	v, err := p.catalog.FindVendorByID(c.Request.Context(), editOf(c).VendorID)
	if err != nil {
		p.fail(c, pg, err)
		return nil, false
	}
	return v, true
}

// portalSave stores the profile's one form: every section it posts, in
// one change validated as a whole, so that editing two sections and
// pressing either Save keeps both. The form carries the vendor's version
// it was rendered from, and every section re-posts what it showed, so a
// save is refused with 409 when anyone (the vendor in another tab, staff
// on the desk, the API) has written the vendor since: of two forms opened
// on one version, the first save is stored and the second shows its
// edits again, unsaved, rather than silently reverting the first. Saves
// apply one after the other under the vendor's row lock, where the
// version is compared. A repeated post that would change nothing more is
// answered as saved and writes nothing (see postgres UpdateVendor).
func (p *pages) portalSave(c *gin.Context) { p.saveSections(c) }

// The single-section posts: the form of one section alone, as the portal
// had them and as scripts may still post; each saves just its section.
func (p *pages) portalProfile(c *gin.Context)   { p.saveSections(c, "profile") }
func (p *pages) portalSites(c *gin.Context)     { p.saveSections(c, "sites") }
func (p *pages) portalLanguages(c *gin.Context) { p.saveSections(c, "languages") }
func (p *pages) portalRates(c *gin.Context)     { p.saveSections(c, "rates") }
func (p *pages) portalCapacity(c *gin.Context)  { p.saveSections(c, "capacity") }

// saveSections saves the sections the form names, or only when given. A
// refusal shows the page again with what was typed and stores nothing; a
// save returns to the section whose Save was pressed, with "Saved." there.
func (p *pages) saveSections(c *gin.Context, only ...string) {
	pg := p.profilePage(c)
	v, ok := p.editedVendor(c, pg)
	if !ok {
		return
	}
	f := c.Request.PostForm
	if only != nil {
		f["section"] = only
	}
	at := f.Get("at")
	if !slices.Contains(catalog.FormSections, at) {
		at = f.Get("section")
	}
	if !slices.Contains(catalog.FormSections, at) {
		at = "profile"
	}
	weeks := capacityWeeks(v, p.Now())
	grid := make([]callmatch.Date, len(weeks))
	for i, w := range weeks {
		grid[i] = w.Start
	}
	u, err := catalog.VendorFromForm(f, v, grid, callmatch.DateOf(p.Now()))
	if err == nil {
		_, err = p.catalog.UpdateVendor(c.Request.Context(), v.ID, u)
	}
	if errors.Is(err, catalog.ErrVendorChanged) {
		err = errProfileChanged
	}
	if err != nil {
		u.Apply(v)
		p.refuse(c, pg, v, at, err)
		return
	}
	seeOther(c, editOf(c).base(v.ID)+"?done=saved&at="+at+"#"+at)
}

// errProfileChanged is catalog.ErrVendorChanged said on the page, which
// shows the refused edits again.
var errProfileChanged = &callmatch.Error{Code: callmatch.ECONFLICT,
	Message: "This profile was changed by someone else since you opened it, so nothing was saved. Your edits are below; reload the page to see theirs, then make yours again."}

// postedSections are the sections of the profile form a request posted.
func postedSections(c *gin.Context) []string { return c.Request.PostForm["section"] }

// plainDollars shows cents as a dollar amount to edit: 2850 → "28.50".
func plainDollars(cents int64) string {
	if cents%100 == 0 {
		return strconv.FormatInt(cents/100, 10)
	}
	return strconv.FormatInt(cents/100, 10) + "." + strconv.FormatInt(100+cents%100, 10)[1:]
}

func joinComma(ss []string) string { return strings.Join(ss, ", ") }
