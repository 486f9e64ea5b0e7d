package frontend

import (
	"net/url"

	"github.com/gin-gonic/gin"
)

// statusWithdraw is the campaign calling its request off. The token comes
// in the form body, so that it stays out of the action URL.
func (p *pages) statusWithdraw(c *gin.Context) {
	noReferrer(c)
	pg := p.newPage(c, "status.title")
	if !p.readPostForm(c, pg) {
		return
	}
	token := c.PostForm("token")
	id := c.Param("id")
	if _, err := p.Intakes.Withdraw(c.Request.Context(), id, token); err != nil {
		p.fail(c, pg, err)
		return
	}
	seeOther(c, "/status/"+url.PathEscape(id)+"?token="+url.QueryEscape(token)+"&done=withdrawn")
}
