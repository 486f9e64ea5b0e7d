package frontend

import (
	"net/http"
	"net/url"
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

// The profile's sections: each form is read by the catalog into the change
// it asks for and saved through the service.
func (p *pages) portalProfile(c *gin.Context) { p.saveSection(c, "profile", catalog.ProfileFromForm) }
func (p *pages) portalSites(c *gin.Context)   { p.saveSection(c, "sites", catalog.SitesFromForm) }
func (p *pages) portalLanguages(c *gin.Context) {
	p.saveSection(c, "languages", catalog.LanguagesFromForm)
}
func (p *pages) portalRates(c *gin.Context) { p.saveSection(c, "rates", catalog.RatesFromForm) }

// saveSection stores the edit of one section of the profile unless the
// form already had problems. A refusal shows the section again with what
// was typed; a save returns to it.
func (p *pages) saveSection(c *gin.Context, section string, read func(url.Values) (catalog.VendorUpdate, error)) {
	pg := p.profilePage(c)
	v, ok := p.editedVendor(c, pg)
	if !ok {
		return
	}
	u, err := read(c.Request.PostForm)
	if err == nil {
		_, err = p.catalog.UpdateVendor(c.Request.Context(), v.ID, u)
	}
	if err != nil {
		u.Apply(v)
		p.refuse(c, pg, v, section, err)
		return
	}
	saved(c, v, section)
}

// saved sends the editor back to the section it saved.
func saved(c *gin.Context, v *catalog.Vendor, section string) {
	seeOther(c, editOf(c).base(v.ID)+"?done=saved#"+section)
}

// plainDollars shows cents as a dollar amount to edit: 2850 → "28.50".
func plainDollars(cents int64) string {
	if cents%100 == 0 {
		return strconv.FormatInt(cents/100, 10)
	}
	return strconv.FormatInt(cents/100, 10) + "." + strconv.FormatInt(100+cents%100, 10)[1:]
}

func joinComma(ss []string) string { return strings.Join(ss, ", ") }
