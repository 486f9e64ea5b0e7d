package frontend

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/account"
	"callmatch/httpstatus"
)

// accountTokenRevoke deletes one of the user's own tokens; another user's
// token is not found, like an unknown one.
func (p *pages) accountTokenRevoke(c *gin.Context) {
	ap := p.newAccountPage(c)
	if err := p.Auth.RevokeAPIToken(c.Request.Context(), ap.Actor, c.Param("id")); err != nil {
		p.fail(c, ap.Page, err)
		return
	}
	seeOther(c, "/account?done=revoked")
}

// accountTokenCreate issues an API token and shows it once. The domain
// refuses a request signed in by a token itself, and names bad fields.
func (p *pages) accountTokenCreate(c *gin.Context) {
	ap := p.newAccountPage(c)
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxFormBody)
	ap.Form = tokenForm{Name: c.PostForm("name"), TTLDays: c.PostForm("ttl_days")}
	days := 0 // empty: the default lifetime
	if ap.Form.TTLDays != "" {
		var err error
		if days, err = strconv.Atoi(ap.Form.TTLDays); err != nil {
			days = -1 // not a number: the domain says what is allowed
		}
	}
	plain, _, err := p.Auth.IssueAPIToken(c.Request.Context(), ap.Actor, ap.Form.Name, days)
	switch code := callmatch.ErrorCode(err); code {
	case "":
		ap.NewToken, ap.Form = account.APITokenPrefix+plain, tokenForm{TTLDays: "90"}
		p.renderAccount(c, http.StatusCreated, ap)
	case callmatch.EINVALID, callmatch.EFORBIDDEN:
		ap.Problems = problems(err.(*callmatch.Error))
		p.renderAccount(c, httpstatus.Of(err), ap)
	default:
		p.fail(c, ap.Page, err)
	}
}
