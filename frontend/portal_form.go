package frontend

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/account"
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

// editedVendor reads the vendor being edited and the posted form, checking
// the policy even though the guard already did: the policy is the one
// place that says who edits what.
func (p *pages) editedVendor(c *gin.Context, pg *Page) (*catalog.Vendor, bool) {
	ctx := c.Request.Context()
	id := editOf(c).VendorID
	if err := account.CanEditVendor(callmatch.ActorFrom(ctx), id); err != nil {
		p.fail(c, pg, err)
		return nil, false
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxFormBody)
	if err := c.Request.ParseForm(); err != nil {
		p.fail(c, pg, callmatch.Errorf(callmatch.ETOOLARGE, "The form is larger than we accept."))
		return nil, false
	}
	v, err := p.Vendors.FindVendorByID(ctx, id)
	if err != nil {
		p.fail(c, pg, err)
		return nil, false
	}
	return v, true
}

// saveUpdate stores u, the edit of one section of v's profile, unless the
// form already had problems (formErr). A refusal shows the section again
// with what was typed; a save returns to it.
func (p *pages) saveUpdate(c *gin.Context, pg *Page, v *catalog.Vendor, section string, u catalog.VendorUpdate, formErr error) {
	err := formErr
	if err == nil {
		_, err = p.Vendors.UpdateVendor(c.Request.Context(), v.ID, u)
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

// intField reads a whole number; a bad one becomes a field error so the
// save is refused rather than storing a zero.
func intField(s, field string, fe *callmatch.FieldErrors) int {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		fe.Add(field, "must be a whole number")
	}
	return n
}

func floatField(s, field string, fe *callmatch.FieldErrors) float64 {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		fe.Add(field, "must be a number")
	}
	return x
}

func centsField(s, field string, fe *callmatch.FieldErrors) int64 {
	if strings.TrimSpace(s) == "" {
		return 0
	}
	n, err := parseDollars(s)
	if err != nil {
		fe.Add(field, "must be an amount in dollars, like 28.50")
	}
	return n
}

// plainDollars shows cents as a dollar amount to edit: 2850 → "28.50".
func plainDollars(cents int64) string {
	if cents%100 == 0 {
		return strconv.FormatInt(cents/100, 10)
	}
	return strconv.FormatInt(cents/100, 10) + "." + strconv.FormatInt(100+cents%100, 10)[1:]
}

// splitCodes reads "TX, az ,NM" as [TX AZ NM].
func splitCodes(s string) []string {
	out := []string{}
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		out = append(out, strings.ToUpper(f))
	}
	return out
}

func joinComma(ss []string) string { return strings.Join(ss, ", ") }

// nonEmpty keeps the values of a repeated check box.
func nonEmpty(vs []string) []string {
	out := []string{}
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// at returns the i-th value of a repeated field, or "".
func at(vs []string, i int) string {
	if i < len(vs) {
		return strings.TrimSpace(vs[i])
	}
	return ""
}
