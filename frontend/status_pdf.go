package frontend

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"codeberg.org/go-pdf/fpdf"
	"github.com/gin-gonic/gin"

	"callmatch/intake"
)

// statusPDF is the shared shortlist as a PDF for the campaign's committee,
// in the page's language: the same vendors, order, reasons and warnings as
// the status page, made with fpdf's core fonts (no font files to ship).
// The same list gives the same bytes (dates from the sharing, not the
// clock), so repeated downloads are identical.
func (p *pages) statusPDF(c *gin.Context) {
	noReferrer(c)
	pg := p.newPage(c, "status.title")
	view, ok := p.campaignView(c, pg)
	if !ok {
		return
	}
	if view.Shortlist == nil {
		p.fail(c, pg, intake.ErrShortlistNotFound(view.ID))
		return
	}
	b, err := shortlistPDF(pg, view)
	if err != nil {
		p.fail(c, pg, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="shortlist-`+pg.Lang+`.pdf"`)
	c.Data(http.StatusOK, "application/pdf", b)
}

// shortlistPDF lays the shared list out on Letter pages.
func shortlistPDF(pg *Page, view *intake.CampaignView) ([]byte, error) {
	sl := view.Shortlist
	pdf := fpdf.New("P", "mm", "Letter", "")
	// Core fonts speak Windows-1252, which holds every Spanish letter and
	// the punctuation the catalogs use.
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	pdf.SetCreationDate(sl.SharedAt)
	pdf.SetModificationDate(sl.SharedAt)
	pdf.SetCatalogSort(true)
	title := pg.T("pdf.title", view.Request.CampaignName)
	pdf.SetTitle(title, true)
	pdf.SetLang(pg.Lang)
	pdf.SetMargins(18, 18, 18)
	pdf.SetAutoPageBreak(true, 18)
	pdf.AliasNbPages("{nb}")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-14)
		pdf.SetFont("Helvetica", "", 8)
		pdf.SetTextColor(90, 90, 90)
		pdf.CellFormat(0, 6, tr(pg.T("pdf.page", pdf.PageNo(), "{nb}")), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	text := func(style string, size, h float64, s string) {
		pdf.SetFont("Helvetica", style, size)
		pdf.MultiCell(0, h, tr(s), "", "L", false)
	}
	pdf.SetTextColor(20, 20, 20)
	text("B", 16, 8, title)
	pdf.SetTextColor(90, 90, 90)
	text("", 10, 5, pg.T("pdf.shared", pg.Day(sl.SharedAt)))
	text("", 9, 4.5, pg.T("why.lede"))
	r := view.Request
	services := make([]string, len(r.Services))
	for i, s := range r.Services {
		services[i] = pg.Service(s)
	}
	budget := "—"
	if r.BudgetCents > 0 {
		budget = dollars(r.BudgetCents)
	}
	text("", 9, 4.5, pg.T("pdf.request")+": "+strings.Join(services, ", ")+" · "+strings.Join(r.TargetStates, ", ")+
		" · "+pg.Date(r.StartDate)+" – "+pg.Date(r.EndDate)+" · "+pg.T("field.budget_dollars")+" "+budget)
	for _, n := range sl.Notes {
		text("I", 10, 5, n)
	}
	pdf.SetTextColor(20, 20, 20)
	vendors := sharedVendors(view)
	if len(vendors) == 0 {
		pdf.Ln(4)
		text("", 11, 6, pg.T("pdf.none"))
	}
	for _, v := range vendors {
		w := wordsFor(pg, v)
		pdf.Ln(4)
		head := strconv.Itoa(v.Rank) + ". " + v.VendorName
		if v.Pinned {
			head += " (" + pg.T("status.pinned") + ")"
		}
		text("B", 12, 6, head)
		cost := dollars(v.ProjectedCostCents)
		if v.Budget.Known {
			cost += " · " + pg.T("status.of_budget", v.Budget.Share)
			if v.Budget.Over {
				cost += " (" + pg.T("status.over_budget") + ")"
			}
		}
		text("", 10, 5, pg.T("status.projected_cost")+": "+cost)
		text("B", 10, 5, pg.T("status.why"))
		for _, l := range w.Why {
			text("", 10, 5, "• "+l.Name+" ("+l.Weight+"): "+l.Words)
		}
		if local := v.SharedVendor.LocalSeats; local != nil {
			text("", 10, 5, pg.T("status.local_seats")+": "+pg.T("status.local_seats_text", num(*local)))
		}
		if len(w.Warnings) > 0 {
			text("B", 10, 5, pg.T("status.watch"))
			for _, s := range w.Warnings {
				text("", 10, 5, "• "+s)
			}
		}
		if len(v.Notes) > 0 {
			text("B", 10, 5, pg.T("status.advisor_notes"))
			for _, s := range v.Notes {
				text("", 10, 5, "• "+s)
			}
		}
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
