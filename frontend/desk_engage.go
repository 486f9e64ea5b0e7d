package frontend

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"callmatch"
)

// deskEngage records the vendor the campaign signed with and the contract
// value the referral fee is invoiced on.
func (p *pages) deskEngage(c *gin.Context) {
	pg := p.newStaffPage(c, "desk", "Intake")
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxFormBody)
	id := c.Param("id")
	cents, err := parseDollars(c.PostForm("contract_value"))
	if err == nil {
		_, err = p.Intakes.Engage(c.Request.Context(), id, c.PostForm("vendor_id"), cents)
	}
	if err != nil {
		p.failOnIntake(c, pg, id, err)
		return
	}
	seeOther(c, "/desk/intakes/"+url.PathEscape(id)+"?done=engaged#engagement")
}

// parseDollars reads an amount typed as dollars ("$42,000", "42000.50")
// into cents.
func parseDollars(s string) (int64, error) {
	s = strings.ReplaceAll(strings.TrimPrefix(strings.TrimSpace(s), "$"), ",", "")
	whole, frac, _ := strings.Cut(s, ".")
	if len(frac) > 2 {
		return 0, dollarsError()
	}
	for len(frac) < 2 {
		frac += "0"
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	f, ferr := strconv.ParseInt(frac, 10, 64)
	if err != nil || ferr != nil || w < 0 || w > 1e12 {
		return 0, dollarsError()
	}
	return w*100 + f, nil
}

func dollarsError() error {
	return &callmatch.Error{Code: callmatch.EINVALID, Message: "Some fields are not valid.",
		Fields: map[string]string{"contract_value": "must be an amount in dollars, like 42,000"}}
}
