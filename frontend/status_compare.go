package frontend

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"callmatch/intake"
)

// statusCompare shows two to four shortlisted vendors side by side, picked
// with the checkboxes of the status page (a GET form: works without
// JavaScript, and the address can be shared with the committee like the
// link itself). Another count answers 422 with the field's problem in the
// page's language and a way back.
func (p *pages) statusCompare(c *gin.Context) {
	noReferrer(c)
	pg := p.newPage(c, "compare.title")
	ids := slices.Compact(slices.Sorted(slices.Values(c.QueryArray("v"))))
	if len(ids) < 2 || len(ids) > intake.MaxProfiles {
		// The link is checked all the same, so that a wrong one learns
		// nothing more here than on the status page.
		view, ok := p.campaignView(c, pg)
		if !ok {
			return
		}
		pp := &profilesPage{Page: pg, View: view, Token: c.Query("token"), FormError: pg.T("compare.count", len(ids))}
		p.render(c, http.StatusUnprocessableEntity, "status_compare", pp)
		return
	}
	pp, ok := p.loadProfiles(c, pg, ids)
	if !ok {
		return
	}
	p.render(c, http.StatusOK, "status_compare", pp)
}

// compareRow is one line of the comparison: what is compared and each
// vendor's value, in the vendors' order.
type compareRow struct {
	ID    string // for tests and print: rank, cost, cost|quality|…, sites, …
	Label string
	Cells []string
}

// Rows are the comparison's lines: place and cost, the reasons in the one
// criterion order, then the public profile's facts and the warnings.
func (pp *profilesPage) Rows() []compareRow {
	vs := pp.Vendors
	row := func(id, label string, cell func(v profiledVendor) string) compareRow {
		r := compareRow{ID: id, Label: label, Cells: make([]string, len(vs))}
		for i, v := range vs {
			r.Cells[i] = cell(v)
		}
		return r
	}
	rows := []compareRow{
		row("rank", pp.T("compare.rank"), func(v profiledVendor) string {
			if v.Pinned {
				return strconv.Itoa(v.Rank) + " · " + pp.T("status.pinned")
			}
			return strconv.Itoa(v.Rank)
		}),
		row("cost", pp.T("status.projected_cost"), func(v profiledVendor) string { return pp.costWords(v.sharedVendorView) }),
	}
	if len(vs) > 0 {
		for i, line := range vs[0].Words.Why {
			rows = append(rows, row("why-"+line.Criterion, line.Name+" ("+line.Weight+")", func(v profiledVendor) string {
				if i < len(v.Words.Why) {
					return v.Words.Why[i].Words
				}
				return "—"
			}))
		}
	}
	pv := func(v profiledVendor) profileView { return pp.ProfileOf(v) }
	return append(rows,
		row("sites", pp.T("card.sites"), func(v profiledVendor) string {
			out := make([]string, len(v.Profile.Sites))
			for i, s := range v.Profile.Sites {
				out[i] = pv(v).Place(s) + " (" + pp.T("card.seats_n", num(s.Seats)) + ")"
			}
			return strings.Join(out, "; ")
		}),
		row("languages", pp.T("card.languages"), func(v profiledVendor) string {
			out := make([]string, len(v.Profile.Languages))
			for i, l := range v.Profile.Languages {
				out[i] = pp.Language(l.Code) + " (" + pp.T("card.seats_n", num(l.Seats)) + ")"
			}
			return strings.Join(out, ", ")
		}),
		row("certs", pp.T("card.certs"), func(v profiledVendor) string {
			out := make([]string, len(v.Profile.Certifications))
			for i, c := range v.Profile.Certifications {
				out[i] = pp.T("cert."+c.Kind) + ": " + pv(v).CertState(c)
			}
			if len(out) == 0 {
				return pp.T("card.no_certs")
			}
			return strings.Join(out, "; ")
		}),
		row("track", pp.T("card.track"), func(v profiledVendor) string {
			if v.Profile.Track == nil {
				return pp.T("card.no_track_short")
			}
			return pv(v).TrackWords(v.Profile.Track)
		}),
		row("warnings", pp.T("status.watch"), func(v profiledVendor) string {
			if len(v.Words.Warnings) == 0 {
				return "—"
			}
			return strings.Join(v.Words.Warnings, " ")
		}),
	)
}

// costWords is a vendor's projected cost with its share of the budget.
func (pp *profilesPage) costWords(v sharedVendorView) string {
	s := dollars(v.ProjectedCostCents)
	if v.Budget.Known {
		s += " · " + pp.T("status.of_budget", v.Budget.Share)
		if v.Budget.Over {
			s += " (" + pp.T("status.over_budget") + ")"
		}
	}
	return s
}
