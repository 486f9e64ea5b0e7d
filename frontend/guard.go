package frontend

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/account"
)

// requireStaff lets advisors and admins into the desk; anyone else signs
// in first or is told the desk is not theirs.
func (p *pages) requireStaff(c *gin.Context) {
	a := callmatch.ActorFrom(c.Request.Context())
	p.guard(c, account.CanManageIntakes(a))
}

// requireUser lets any signed-in user in, to their own account.
func (p *pages) requireUser(c *gin.Context) {
	var err error
	if callmatch.ActorFrom(c.Request.Context()).UserID == "" {
		err = callmatch.Errorf(callmatch.EUNAUTHORIZED, "Sign in first.")
	}
	p.guard(c, err)
}

// requireVendor lets vendor users into their portal.
func (p *pages) requireVendor(c *gin.Context) {
	a := callmatch.ActorFrom(c.Request.Context())
	var err error
	switch {
	case a.UserID == "":
		err = callmatch.Errorf(callmatch.EUNAUTHORIZED, "Sign in first.")
	case a.Role != callmatch.RoleVendor || a.VendorID == "":
		err = callmatch.Errorf(callmatch.EFORBIDDEN, "The vendor portal is for vendor accounts. Advisors edit vendors from the desk.")
	}
	p.guard(c, err)
}

func (p *pages) guard(c *gin.Context, err error) {
	switch callmatch.ErrorCode(err) {
	case "":
		c.Next()
	case callmatch.EUNAUTHORIZED:
		to := "/login?next=" + url.QueryEscape(c.Request.URL.RequestURI())
		if isHTMX(c) {
			// htmx would swap the sign-in page into a fragment; make it
			// navigate instead.
			c.Header("HX-Redirect", to)
			c.AbortWithStatus(http.StatusUnauthorized)
			return
		}
		c.Redirect(http.StatusSeeOther, to)
		c.Abort()
	default:
		p.fail(c, p.newStaffPage(c, "", "Not allowed"), err)
		c.Abort()
	}
}

// localPath returns next when it is a path on this site, else fallback:
// a sign-in link must not be a way to send people elsewhere.
func localPath(next, fallback string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return fallback
	}
	u, err := url.Parse(next)
	if err != nil || u.Host != "" || u.Scheme != "" {
		return fallback
	}
	return next
}

// homeFor is where a signed-in user starts.
func homeFor(a callmatch.Actor) string {
	if a.Role == callmatch.RoleVendor {
		return "/portal"
	}
	return "/desk"
}
