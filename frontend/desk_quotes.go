package frontend

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/intake"
	"callmatch/quote"
)

// quotesView is the intake page's "Quotes" section: the invitation form
// over the latest saved shortlist, and every invitation beside the
// engine's estimate (quote.Service.Compare) with the quotes to release.
type quotesView struct {
	*Page
	IntakeID string
	// From is the shortlist version vendors are invited from (the newest);
	// Invitable its undropped candidates not invited yet. Empty once the
	// intake stopped taking quotes.
	From       *intake.Shortlist
	Invitable  []invitable
	DueDefault string // the due_at input's value, three days on at 17:00 UTC
	ShareName  bool   // the campaign lets invited vendors see its name
	Rows       []quoteRow
	Releasable bool // some current quote is not released yet
}

type invitable struct {
	ID, Name           string
	Rank               int
	ProjectedCostCents int64
}

// quoteRow is one invitation of the comparison, with its gap in words and
// its seats by language.
type quoteRow struct {
	quote.ComparisonRow
	Gap   string
	Lines []seatLine
}

// loadQuotes builds the section for in, whose shortlists are versions
// (newest first).
func (p *pages) loadQuotes(ctx context.Context, pg *Page, in *intake.Intake, versions []*intake.Shortlist) (*quotesView, error) {
	cmp, err := p.Quotes.Compare(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	due := p.Now().UTC().AddDate(0, 0, 3)
	qv := &quotesView{Page: pg, IntakeID: in.ID, ShareName: in.Form.Campaign.ShareName,
		DueDefault: time.Date(due.Year(), due.Month(), due.Day(), 17, 0, 0, 0, time.UTC).Format(dueLayout)}
	invited := map[string]bool{}
	for _, r := range cmp.Rows {
		invited[r.Invitation.VendorID] = true
		row := quoteRow{ComparisonRow: r, Gap: gapText(r.DiffPct), Lines: seatLines(r.Seats)}
		if q := r.Invitation.Quote; q != nil && q.ReleasedAt == nil {
			qv.Releasable = true
		}
		qv.Rows = append(qv.Rows, row)
	}
	if len(versions) == 0 || !slices.Contains(intake.OpenStatuses, in.Status) || versions[0].Result == nil {
		return qv, nil
	}
	qv.From = versions[0]
	for _, c := range qv.From.Result.Shortlist {
		if !invited[c.VendorID] && !qv.From.Dropped(c.VendorID) {
			qv.Invitable = append(qv.Invitable, invitable{ID: c.VendorID, Name: c.VendorName, Rank: c.Rank,
				ProjectedCostCents: c.ProjectedCostCents})
		}
	}
	return qv, nil
}

// dueLayout is what a datetime-local input sends; the desk reads it as
// UTC and says so beside the input.
const dueLayout = "2006-01-02T15:04"

// Due writes a deadline for the advisor, in UTC like the input.
func (qv *quotesView) Due(t time.Time) string {
	return qv.Day(t) + " " + t.UTC().Format("15:04") + " UTC"
}

// deskInvite invites the chosen vendors of a saved shortlist to quote.
// The service keeps one invitation per vendor and intake, so a repeated
// or concurrent post invites and mails no one twice.
func (p *pages) deskInvite(c *gin.Context) {
	pg := p.newStaffPage(c, "desk", "Intake")
	if !p.readPostForm(c, pg) {
		return
	}
	intakeID := c.PostForm("intake_id")
	iv := quote.Invite{ShortlistID: c.Param("id"), VendorIDs: c.PostFormArray("vendor_ids")}
	due, err := parseDue(c.PostForm("due_at"))
	if err == nil {
		iv.DueAt = due
		_, err = p.Quotes.Invite(c.Request.Context(), iv)
	}
	if err != nil {
		p.failOnIntake(c, pg, intakeID, err)
		return
	}
	seeOther(c, "/desk/intakes/"+url.PathEscape(intakeID)+"?done=invited#quotes")
}

// parseDue reads the deadline as the datetime-local input sends it (UTC),
// or as RFC 3339.
func parseDue(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.ParseInLocation(dueLayout, s, time.UTC); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	var fe callmatch.FieldErrors
	fe.Add("due_at", "must be a date and time in UTC, like 2026-12-10T17:00")
	return time.Time{}, fe.Err()
}

// deskRelease shows the chosen quotes on the campaign's status page.
// Releasing a released quote again changes nothing, so a repeated post is
// harmless; the campaign is mailed once per release that adds a quote.
func (p *pages) deskRelease(c *gin.Context) {
	pg := p.newStaffPage(c, "desk", "Intake")
	if !p.readPostForm(c, pg) {
		return
	}
	id := c.Param("id")
	if _, err := p.Quotes.Release(c.Request.Context(), id, c.PostFormArray("quote_ids")); err != nil {
		p.failOnIntake(c, pg, id, err)
		return
	}
	seeOther(c, "/desk/intakes/"+url.PathEscape(id)+"?done=released#quotes")
}
