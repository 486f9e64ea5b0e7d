package frontend

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/account"
)

// accountPage is the signed-in user's own account: their API tokens (never
// a secret, except a new one, once) and signing out everywhere.
type accountPage struct {
	*Page
	Tokens []account.APIToken
	// NewToken is the bearer token just created, shown this once.
	NewToken string
	// Form and Problems are a token request that could not be granted.
	Form     tokenForm
	Problems []string
	// PasswordErrors are a refused password change; RemindersOff is the
	// vendor user's choice about optional reminder mail.
	PasswordErrors formErrors
	RemindersOff   bool
}

// tokenForm is the create-token form as typed.
type tokenForm struct {
	Name    string
	TTLDays string
}

// accountNotices are this page's confirmations after a redirect.
var accountNotices = map[string]string{
	"revoked":       "Token revoked. Requests using it are refused from now on.",
	"password":      "Password changed. Your other sessions have ended.",
	"reminders_off": "Reminders turned off.",
	"reminders_on":  "Reminders turned on.",
}

// accountShow lists the user's tokens.
func (p *pages) accountShow(c *gin.Context) {
	p.renderAccount(c, http.StatusOK, p.newAccountPage(c))
}

// newAccountPage starts the page in the user's own section, so that the
// desk or the portal navigation stays around it.
func (p *pages) newAccountPage(c *gin.Context) *accountPage {
	a := callmatch.ActorFrom(c.Request.Context())
	section := "desk"
	if a.Role == callmatch.RoleVendor {
		section = "portal"
	}
	pg := p.newStaffPage(c, section, "Your account")
	if n := accountNotices[c.Query("done")]; n != "" {
		pg.Notice = n
	}
	return &accountPage{Page: pg, Form: tokenForm{TTLDays: "90"}}
}

// renderAccount loads the token list and renders the page.
func (p *pages) renderAccount(c *gin.Context, status int, ap *accountPage) {
	tokens, err := p.Auth.ListAPITokens(c.Request.Context(), ap.Actor)
	if err != nil {
		p.fail(c, ap.Page, err)
		return
	}
	ap.Tokens = tokens
	if ap.Actor.Role == callmatch.RoleVendor {
		if ap.RemindersOff, err = p.Preferences.Mine(c.Request.Context(), account.TopicReminders); err != nil {
			p.fail(c, ap.Page, err)
			return
		}
	}
	p.render(c, status, "account", ap)
}
