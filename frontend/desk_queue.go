package frontend

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"callmatch/intake"
)

// queuePage is the advisor queue: intakes most urgent first.
type queuePage struct {
	*Page
	Intakes  []*intake.Summary
	Total    int
	Status   string   // the tab shown; "" for all
	Statuses []string // the tabs
	PageNo   int
	Next     int // next page number, 0 when this is the last
	Prev     int
}

const queuePerPage = 50

// deskQueue lists intakes by urgency: running programs about to end
// first, then those about to start; finished ones last.
func (p *pages) deskQueue(c *gin.Context) {
	pg := p.newStaffPage(c, "desk", "Queue")
	page, _ := strconv.Atoi(c.Query("page"))
	f := intake.Filter{Status: c.Query("status"), Sort: intake.SortUrgency, Page: max(page, 1), PerPage: queuePerPage}
	list, total, err := p.Intakes.List(c.Request.Context(), f)
	if err != nil {
		p.fail(c, pg, err)
		return
	}
	qp := &queuePage{Page: pg, Intakes: list, Total: total, Status: f.Status, Statuses: intake.Statuses, PageNo: f.Page}
	if f.Page*queuePerPage < total {
		qp.Next = f.Page + 1
	}
	if f.Page > 1 {
		qp.Prev = f.Page - 1
	}
	p.render(c, http.StatusOK, "desk_queue", qp)
}

// Urgency says in words how soon a program starts or ends.
func (qp *queuePage) Urgency(s *intake.Summary) string {
	switch d := s.DaysUntilStart; {
	case intake.IsTerminal(s.Status):
		return ""
	case d > 1:
		return "starts in " + strconv.Itoa(d) + " days"
	case d == 1:
		return "starts tomorrow"
	case d == 0:
		return "starts today"
	default:
		return "running"
	}
}

// Urgent marks programs that start within two weeks or already run.
func (qp *queuePage) Urgent(s *intake.Summary) bool {
	return !intake.IsTerminal(s.Status) && s.DaysUntilStart <= 14
}
