package frontend

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

type landingPage struct{ *Page }

// landing says plainly what Callmatch is and for whom.
func (p *pages) landing(c *gin.Context) {
	p.render(c, http.StatusOK, "landing", &landingPage{Page: p.newPage(c, "landing.title")})
}
