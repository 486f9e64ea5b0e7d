package frontend

import (
	"context"
	"net/url"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/intake"
	"callmatch/quote"
)

// releasedQuote is a quote as the campaign sees it on its status page:
// the vendor's price and seats, beside the estimate the shared shortlist
// gave for the same vendor when it has one.
type releasedQuote struct {
	*quote.Quote
	EstimateCents int64
	Rows          []seatTableRow
	Expired       bool
}

// releasedQuotes are the quotes released to the campaign behind view.
func (p *pages) releasedQuotes(ctx context.Context, view *intake.CampaignView, token string) ([]releasedQuote, []string, error) {
	qs, err := p.Quotes.Released(ctx, view.ID, token)
	if err != nil {
		return nil, nil, err
	}
	var langs []string
	for _, l := range view.Request.Languages {
		langs = append(langs, l.Code)
	}
	estimate := map[string]int64{}
	if sl := view.Shortlist; sl != nil {
		for _, v := range sl.Vendors {
			estimate[v.VendorID] = v.ProjectedCostCents
		}
	}
	today := callmatch.DateOf(p.Now())
	out := make([]releasedQuote, 0, len(qs))
	for _, q := range qs {
		out = append(out, releasedQuote{Quote: q, EstimateCents: estimate[q.VendorID], Rows: seatTable(langs, q.Seats),
			Expired: q.ValidUntil < today})
	}
	return out, langs, nil
}

// statusTalk is the campaign's "Talk to this vendor" on a released quote:
// the advisors are mailed once per quote, so asking again changes
// nothing. The token comes in the form body, out of the action URL.
func (p *pages) statusTalk(c *gin.Context) {
	noReferrer(c)
	pg := p.newPage(c, "status.title")
	if !p.readPostForm(c, pg) {
		return
	}
	token, id, quoteID := c.PostForm("token"), c.Param("id"), c.PostForm("quote_id")
	if err := p.Quotes.TalkTo(c.Request.Context(), id, token, quoteID); err != nil {
		p.fail(c, pg, err)
		return
	}
	seeOther(c, "/status/"+url.PathEscape(id)+"?token="+url.QueryEscape(token)+"&done=talk#quote-"+url.PathEscape(quoteID))
}
