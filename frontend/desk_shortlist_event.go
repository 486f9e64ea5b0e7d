package frontend

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/intake"
)

// deskShortlistEvent records a pin, drop, note or undo beside a shortlist;
// the engine's result is never edited. htmx gets the saved-shortlist
// section alone, swapped where the advisor is; without JavaScript the
// page comes back at the vendor's row (or the notes), not at the top.
//
// Events are appended under the intake's row lock (the store), so
// concurrent pins and drops are ordered, each one standing until a later
// one or an undo. A repeated pin or drop appends the same judgement again
// (harmless: the latest stands). A repeated undo names the event it means
// to take back (undoes) and is refused once that one is gone, so a double
// click never takes back two.
func (p *pages) deskShortlistEvent(c *gin.Context) {
	ctx := c.Request.Context()
	pg := p.newStaffPage(c, "desk", "Intake")
	if !p.readPostForm(c, pg) {
		return
	}
	e := intake.Event{Type: c.PostForm("type"), VendorID: c.PostForm("vendor_id"), Reason: c.PostForm("reason")}
	if e.Type == intake.EventUndo {
		e.Undoes, _ = strconv.ParseInt(c.PostForm("undoes"), 10, 64)
	}
	sl, err := p.Intakes.AddEvent(ctx, c.Param("id"), e)
	if isHTMX(c) {
		p.renderSavedSection(c, pg, c.PostForm("intake_id"), c.Param("id"), e, sl, err)
		return
	}
	if err != nil {
		p.failOnIntake(c, pg, c.PostForm("intake_id"), err)
		return
	}
	anchor := "#saved"
	if e.VendorID != "" {
		anchor = "#sv-" + e.VendorID
	}
	seeOther(c, "/desk/intakes/"+url.PathEscape(sl.IntakeID)+"?shortlist="+url.QueryEscape(sl.ID)+"&done=event"+anchor)
}

// savedSection is the "saved" block of desk_intake.html: the versions, the
// version shown with the advisor's marks, undo and notes, with the outcome
// of the advisor's last event when the block is sent alone.
type savedSection struct {
	*intakePage
	Error, Done string
}

func savedArgs(ip *intakePage) savedSection { return savedSection{intakePage: ip} }

// renderSavedSection answers htmx with the saved-shortlist block as it now
// stands: with the event's outcome on success, with the problem when it is
// the advisor's to fix (the block as it stands, so nothing is lost but the
// failed event). Other errors are the usual error page.
func (p *pages) renderSavedSection(c *gin.Context, pg *Page, intakeID, shortlistID string, e intake.Event, sl *intake.Shortlist, err error) {
	out := savedSection{}
	switch callmatch.ErrorCode(err) {
	case "":
		intakeID, shortlistID = sl.IntakeID, sl.ID
		out.Done = eventDone(sl, e)
	case callmatch.EINVALID:
		out.Error = problemText(err)
	case callmatch.ECONFLICT:
		// The sentence; a conflict's field (undoes, the form's hidden
		// input) means nothing to the advisor.
		out.Error = callmatch.ErrorMessage(err)
	default:
		p.fail(c, pg, err)
		return
	}
	ip, lerr := p.loadSaved(c.Request.Context(), pg, intakeID, shortlistID)
	if lerr != nil {
		p.fail(c, pg, lerr)
		return
	}
	out.intakePage = ip
	p.renderFragment(c, http.StatusOK, "desk_intake", "saved", out)
}

// loadSaved gathers what the saved block shows, and no more: no what-if
// ranking, no quotes or charts.
func (p *pages) loadSaved(ctx context.Context, pg *Page, intakeID, shortlistID string) (*intakePage, error) {
	in, err := p.Intakes.Get(ctx, intakeID)
	if err != nil {
		return nil, err
	}
	versions, err := p.Intakes.Shortlists(ctx, intakeID)
	if err != nil {
		return nil, err
	}
	ip := &intakePage{Page: pg, Intake: in, Versions: versions}
	if _, err := p.showSaved(ctx, ip, versions, shortlistID); err != nil {
		return nil, err
	}
	return ip, nil
}

// showSaved sets the saved version shown (the one asked for, else the
// newest) and what the campaign sees of it, and returns the shared
// shortlists as their latest shares showed them. The shortlists come from
// versions, which the page holds: only the share rows are read.
func (p *pages) showSaved(ctx context.Context, ip *intakePage, versions []*intake.Shortlist, shortlistID string) ([]*intake.Shortlist, error) {
	if len(versions) == 0 {
		return nil, nil // nothing is shared before a version is saved
	}
	shared, err := p.Intakes.SharedShortlists(ctx, ip.Intake.ID, versions...)
	if err != nil {
		return nil, err
	}
	if sl := pickVersion(versions, shortlistID); sl != nil && sl.Result != nil {
		ip.Saved = newRankingView(sl.Result, ip.Intake.Form.BudgetCents, sl)
		ip.Share = p.Intakes.ShareStateOf(sl, shared)
	}
	return shared, nil
}

// eventDone says what the event did, for the advisor's screen reader and
// eyes, where the advisor is.
func eventDone(sl *intake.Shortlist, e intake.Event) string {
	name := ""
	if cd := sl.Candidate(e.VendorID); cd != nil {
		name = cd.VendorName
	}
	switch e.Type {
	case intake.EventPin:
		return "Pinned " + name + ". The campaign will see your reason."
	case intake.EventDrop:
		return "Dropped " + name + ". Your reason stays private."
	case intake.EventUndo:
		return "Took back the last pin or drop of " + name + "."
	}
	return "Note added for the campaign."
}
