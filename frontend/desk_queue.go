package frontend

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"callmatch/intake"
)

// queuePage is the advisor queue: intakes most urgent first.
type queuePage struct {
	*Page
	Intakes  []*intake.Summary
	Total    int
	Status   string   // the tab shown: "" for the active intakes, "all", or one status
	Statuses []string // the tabs
	Query    string   // the search box
	PageNo   int
	Next     int // next page number, 0 when this is the last
	Prev     int
}

const queuePerPage = 50

// queueAll is the tab that shows withdrawn and closed intakes too; the
// default tab leaves them out, since nothing is left to do for them.
const queueAll = "all"

// deskQueue lists intakes by the next deadline that matters (see
// intake.Filter): open programs first, ended ones after, withdrawn and
// closed ones only under "All" or their own tab. The search box is a GET
// form, so it works without JavaScript and a search can be linked.
func (p *pages) deskQueue(c *gin.Context) {
	pg := p.newStaffPage(c, "desk", "Queue")
	page, _ := strconv.Atoi(c.Query("page"))
	status := c.Query("status")
	f := intake.Filter{Query: c.Query("q"), Sort: intake.SortUrgency, Page: max(page, 1), PerPage: queuePerPage}
	switch status {
	case "":
		f.Statuses = intake.ActiveStatuses
	case queueAll:
	default:
		f.Status = status
	}
	list, total, err := p.Intakes.List(c.Request.Context(), f)
	if err != nil {
		p.fail(c, pg, err)
		return
	}
	qp := &queuePage{Page: pg, Intakes: list, Total: total, Status: status, Statuses: intake.Statuses, Query: f.Query, PageNo: f.Page}
	if f.Page*queuePerPage < total {
		qp.Next = f.Page + 1
	}
	if f.Page > 1 {
		qp.Prev = f.Page - 1
	}
	p.render(c, http.StatusOK, "desk_queue", qp)
}

// Link is the queue's address for a tab and page, keeping the search.
func (qp *queuePage) Link(status string, page int) string {
	v := url.Values{}
	if status != "" {
		v.Set("status", status)
	}
	if qp.Query != "" {
		v.Set("q", qp.Query)
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	if len(v) == 0 {
		return "/desk"
	}
	return "/desk?" + v.Encode()
}

// Urgency says in words where the program stands against its calling
// days: a program whose last calling day has passed is "ended", never
// "running".
func (qp *queuePage) Urgency(s *intake.Summary) string {
	switch start, end := s.DaysUntilStart, s.DaysUntilEnd; {
	case intake.IsTerminal(s.Status):
		return ""
	case end < 0:
		return "calling days ended " + days(-end) + " ago"
	case start > 1:
		return "starts in " + days(start)
	case start == 1:
		return "starts tomorrow"
	case start == 0:
		return "starts today"
	case s.Status != intake.StatusEngaged:
		return "calling for " + days(-start) + " without a vendor"
	case end == 0:
		return "calling, last day today"
	default:
		return "calling, ends in " + days(end)
	}
}

func days(n int) string {
	if n == 1 {
		return "1 day"
	}
	return strconv.Itoa(n) + " days"
}

// Urgent marks open programs that start within two weeks or call without
// a vendor.
func (qp *queuePage) Urgent(s *intake.Summary) bool {
	return !intake.IsTerminal(s.Status) && s.DaysUntilEnd >= 0 &&
		(s.DaysUntilStart <= 14 && s.Status != intake.StatusEngaged)
}
