package frontend

import (
	"time"

	"github.com/gin-gonic/gin"

	"callmatch/account"
	"callmatch/httpstatus"
)

// accountPassword changes the user's password (the current one required)
// and ends their other sessions; this one stays signed in. Submitting
// twice: the second finds the current password changed and says so.
func (p *pages) accountPassword(c *gin.Context) {
	ap := p.newAccountPage(c)
	if !p.readPostForm(c, ap.Page) {
		return
	}
	keep := ""
	if ck, err := c.Request.Cookie(p.Cookies.SessionCookie("", time.Time{}).Name); err == nil {
		keep = ck.Value
	}
	err := p.People.ChangePassword(c.Request.Context(), c.PostForm("current_password"), c.PostForm("password"), keep)
	if err != nil {
		fe, ok := formErrorsOf(err)
		if !ok {
			p.fail(c, ap.Page, err)
			return
		}
		ap.PasswordErrors = fe
		p.renderAccount(c, httpstatus.Of(err), ap)
		return
	}
	seeOther(c, "/account?done=password")
}

// accountReminders turns the vendor user's optional reminders off or on;
// repeating either changes nothing.
func (p *pages) accountReminders(c *gin.Context) {
	ap := p.newAccountPage(c)
	if !p.readPostForm(c, ap.Page) {
		return
	}
	off := c.PostForm("reminders") == "off"
	if err := p.Preferences.SetMine(c.Request.Context(), account.TopicReminders, off); err != nil {
		p.fail(c, ap.Page, err)
		return
	}
	done := "reminders_on"
	if off {
		done = "reminders_off"
	}
	seeOther(c, "/account?done="+done)
}
