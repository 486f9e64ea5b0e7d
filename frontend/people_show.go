package frontend

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/account"
	"callmatch/catalog"
	"callmatch/httpstatus"
)

// peoplePage is the desk's People page: every user, the open invitations
// and the invite form.
type peoplePage struct {
	*Page
	Now         time.Time // to mark expired invitations
	People      []account.Person
	Invitations []account.Invitation
	Vendors     []*catalog.Vendor // for the vendor picker, by name
	Roles       []string          // the roles the actor may invite
	Form        inviteForm
	Errors      formErrors
}

// inviteForm is the invite form as typed.
type inviteForm struct{ Email, Role, VendorID string }

// peopleNotices confirm a post after its redirect.
var peopleNotices = map[string]string{
	"invited":  "Invitation sent. The link works once, for 7 days.",
	"revoked":  "Invitation revoked. Its link no longer works.",
	"disabled": "User disabled. Their sessions and API tokens have ended.",
	"enabled":  "User enabled. They can sign in again.",
}

func (p *pages) peopleShow(c *gin.Context) {
	pp := p.newPeoplePage(c)
	pp.Notice = peopleNotices[c.Query("done")]
	p.renderPeople(c, http.StatusOK, pp)
}

func (p *pages) newPeoplePage(c *gin.Context) *peoplePage {
	pg := p.newStaffPage(c, "desk", "People")
	pp := &peoplePage{Page: pg, Now: p.Now(), Form: inviteForm{Role: callmatch.RoleVendor}}
	for _, r := range account.Roles {
		if account.CanManageAccount(pg.Actor, r) == nil {
			pp.Roles = append(pp.Roles, r)
		}
	}
	return pp
}

func (p *pages) renderPeople(c *gin.Context, status int, pp *peoplePage) {
	ctx := c.Request.Context()
	var err error
	if pp.People, pp.Invitations, err = p.People.List(ctx); err != nil {
		p.fail(c, pp.Page, err)
		return
	}
	if pp.Vendors, _, err = p.catalog.FindVendors(ctx, catalog.VendorFilter{PerPage: 500}); err != nil {
		p.fail(c, pp.Page, err)
		return
	}
	p.render(c, status, "people", pp)
}

// peopleInvite sends an invitation; inviting an address again replaces
// its earlier link (account.People.Invite).
func (p *pages) peopleInvite(c *gin.Context) {
	pp := p.newPeoplePage(c)
	if !p.readPostForm(c, pp.Page) {
		return
	}
	pp.Form = inviteForm{Email: c.PostForm("email"), Role: c.PostForm("role"), VendorID: c.PostForm("vendor_id")}
	if pp.Form.Role != callmatch.RoleVendor {
		pp.Form.VendorID = "" // the picker stays filled in when staff is chosen
	}
	_, err := p.People.Invite(c.Request.Context(), account.InviteRequest{Email: pp.Form.Email, Role: pp.Form.Role, VendorID: pp.Form.VendorID})
	if err != nil {
		fe, ok := formErrorsOf(err)
		if !ok {
			p.fail(c, pp.Page, err)
			return
		}
		pp.Errors = fe
		p.renderPeople(c, httpstatus.Of(err), pp)
		return
	}
	seeOther(c, "/desk/people?done=invited")
}

func (p *pages) peopleRevoke(c *gin.Context) {
	if err := p.People.RevokeInvitation(c.Request.Context(), c.Param("id")); err != nil {
		p.fail(c, p.newPeoplePage(c).Page, err)
		return
	}
	seeOther(c, "/desk/people?done=revoked")
}

// peopleSetDisabled is the disable and enable buttons; repeating either
// changes nothing.
func (p *pages) peopleSetDisabled(disabled bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := p.People.SetDisabled(c.Request.Context(), c.Param("id"), disabled); err != nil {
			p.fail(c, p.newPeoplePage(c).Page, err)
			return
		}
		done := "enabled"
		if disabled {
			done = "disabled"
		}
		seeOther(c, "/desk/people?done="+done)
	}
}

// VendorName names a vendor id from the picker list, for the table.
func (pp *peoplePage) VendorName(id string) string {
	for _, v := range pp.Vendors {
		if v.ID == id {
			return v.Name
		}
	}
	return id
}

// CanManage says whether the actor may disable or revoke for role.
func (pp *peoplePage) CanManage(role string) bool {
	return account.CanManageAccount(pp.Actor, role) == nil
}
