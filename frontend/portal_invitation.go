package frontend

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/catalog"
	"callmatch/quote"
)

// invitationPage is one invitation to quote in the vendor's portal: the
// program (never the campaign's contact, its name only when it allowed
// it), the current quote, and the forms to quote again or decline while
// the deadline allows.
type invitationPage struct {
	*Page
	Inv   *quote.Invitation
	State string
	Open  bool // answers are still taken
	// Columns are the program's languages, the seat inputs' columns.
	Columns []string
	Form    quoteForm
	// BadSection ("quote" or "decline") is the form refused, with its
	// problems in words.
	BadSection string
	Problems   []string
	Reasons    catalog.Codes
	Models     catalog.Codes
}

// quoteForm is the quote as typed: dollars, dates, seats by week and
// language, and up to pricingRows lines of optional pricing.
type quoteForm struct {
	Total, Start, ValidUntil, Note string
	Seats                          map[string]string // seatKey → seats typed
	Pricing                        []priceRow
	DeclineReason, DeclineNote     string
	// order is the seat input behind each line of the quote sent, so that
	// the service's seats[i] is named by its week and language.
	order []string
}

type priceRow struct{ Service, Model, Amount string }

// pricingRows is how many pricing lines the form offers: one per service
// covers every program we have seen.
const pricingRows = 2

func seatKey(w callmatch.Date, lang string) string { return "seats." + w.String() + "." + lang }

// SeatName is the input name of a week and language's seats.
func (ip *invitationPage) SeatName(w callmatch.Date, lang string) string { return seatKey(w, lang) }

// SeatValue is what the input shows: as typed, else the current quote's.
func (ip *invitationPage) SeatValue(w callmatch.Date, lang string) string {
	return ip.Form.Seats[seatKey(w, lang)]
}

// formOf fills the form from the current quote, so that quoting again
// starts from the last version.
func formOf(inv *quote.Invitation) quoteForm {
	f := quoteForm{Seats: map[string]string{}}
	if q := inv.Quote; q != nil {
		f.Total, f.Start, f.ValidUntil, f.Note = plainDollars(q.TotalCents), q.StartDate.String(), q.ValidUntil.String(), q.Note
		for _, s := range q.Seats {
			f.Seats[seatKey(s.WeekStart, s.Language)] = strconv.FormatFloat(s.Seats, 'f', -1, 64)
		}
		for _, pr := range q.Pricing {
			f.Pricing = append(f.Pricing, priceRow{Service: pr.Service, Model: pr.Model, Amount: plainDollars(pr.AmountCents)})
		}
	} else {
		f.Start = inv.Program.StartDate.String()
	}
	for len(f.Pricing) < pricingRows {
		f.Pricing = append(f.Pricing, priceRow{})
	}
	return f
}

// portalInvitation shows one invitation; another vendor's is not found.
func (p *pages) portalInvitation(c *gin.Context) {
	pg := p.newStaffPage(c, "portal", "Invitation to quote")
	inv, err := p.Quotes.Invitation(c.Request.Context(), c.Param("id"))
	if err != nil {
		p.fail(c, pg, err)
		return
	}
	p.render(c, http.StatusOK, "portal_invitation", p.invitationPage(pg, inv, formOf(inv)))
}

func (p *pages) invitationPage(pg *Page, inv *quote.Invitation, f quoteForm) *invitationPage {
	now := p.Now()
	ip := &invitationPage{Page: pg, Inv: inv, State: inv.State(now), Open: inv.Open(now), Form: f,
		Reasons: quote.DeclineReasons, Models: catalog.PricingModels}
	for _, l := range inv.Program.Languages {
		ip.Columns = append(ip.Columns, l.Code)
	}
	if name := inv.Program.CampaignName; name != "" {
		pg.Title = "Invitation to quote: " + name
	}
	return ip
}

// readQuoteForm reads the posted quote over the program's weeks and
// languages. What cannot be read (a total or seats that are no number) is
// a field error under the service's field names, so that the page shows
// problems of syntax and of meaning alike.
func readQuoteForm(c *gin.Context, prog *quote.Program) (quoteForm, quote.Quote, error) {
	f := quoteForm{Total: c.PostForm("total"), Start: c.PostForm("start_date"), ValidUntil: c.PostForm("valid_until"),
		Note: c.PostForm("note"), Seats: map[string]string{}}
	var q quote.Quote
	var fe callmatch.FieldErrors
	q.Note = f.Note
	if cents, unit, ok := callmatch.ParseMoney(f.Total); ok && unit == "" {
		q.TotalCents = cents
	} else if strings.TrimSpace(f.Total) != "" {
		fe.Addf("total_cents", "must be an amount in dollars, like 48,500 or $48,500; got %q", strings.TrimSpace(f.Total))
	}
	for field, d := range map[string]*callmatch.Date{"start_date": &q.StartDate, "valid_until": &q.ValidUntil} {
		if s := strings.TrimSpace(c.PostForm(field)); s != "" {
			v, err := callmatch.ParseDate(s)
			if err != nil {
				fe.Add(field, "must be a date like 2027-09-20")
			}
			*d = v
		}
	}
	for _, w := range prog.Weeks {
		for _, l := range prog.Languages {
			k := seatKey(w, l.Code)
			s := strings.TrimSpace(c.PostForm(k))
			f.Seats[k] = s
			if s == "" || s == "0" {
				continue
			}
			n, err := strconv.ParseFloat(s, 64)
			if err != nil {
				fe.Addf(k, "must be a number of seats, like 12 or 12.5")
				continue
			}
			q.Seats = append(q.Seats, quote.Seats{WeekStart: w, Language: l.Code, Seats: n})
			f.order = append(f.order, k)
		}
	}
	for i := range pricingRows {
		n := strconv.Itoa(i)
		row := priceRow{Service: c.PostForm("pricing." + n + ".service"), Model: c.PostForm("pricing." + n + ".model"),
			Amount: strings.TrimSpace(c.PostForm("pricing." + n + ".amount"))}
		f.Pricing = append(f.Pricing, row)
		if row.Amount == "" {
			continue // an empty line is no price
		}
		cents := catalog.PriceField(row.Amount, "pricing["+strconv.Itoa(len(q.Pricing))+"].amount_cents", row.Model, &fe)
		q.Pricing = append(q.Pricing, quote.Price{Service: row.Service, Model: row.Model, AmountCents: cents})
	}
	return f, q, fe.Err()
}

// portalQuote stores a new version of the vendor's quote. Versions are
// numbered under the invitation's lock, so two posts at once are two
// versions, the later current; after the deadline the answer is 409.
func (p *pages) portalQuote(c *gin.Context) {
	pg := p.newStaffPage(c, "portal", "Invitation to quote")
	if !p.readPostForm(c, pg) {
		return
	}
	ctx := c.Request.Context()
	inv, err := p.Quotes.Invitation(ctx, c.Param("id"))
	if err != nil {
		p.fail(c, pg, err)
		return
	}
	f, q, err := readQuoteForm(c, &inv.Program)
	if err == nil {
		_, err = p.Quotes.Submit(ctx, inv.ID, q)
	}
	if err != nil {
		p.refuseAnswer(c, pg, inv, f, "quote", err)
		return
	}
	seeOther(c, "/portal/invitations/"+url.PathEscape(inv.ID)+"?done=quoted")
}

// portalDecline records the vendor's refusal with a reason code; a
// second decline is a conflict, shown on the page.
func (p *pages) portalDecline(c *gin.Context) {
	pg := p.newStaffPage(c, "portal", "Invitation to quote")
	if !p.readPostForm(c, pg) {
		return
	}
	ctx := c.Request.Context()
	d := quote.Decline{Reason: c.PostForm("reason"), Note: c.PostForm("decline_note")}
	inv, err := p.Quotes.Decline(ctx, c.Param("id"), d)
	if err != nil {
		// The page is shown again with the problem: it needs the
		// invitation, which the failed call did not return.
		got, lerr := p.Quotes.Invitation(ctx, c.Param("id"))
		if lerr != nil {
			p.fail(c, pg, lerr)
			return
		}
		f := formOf(got)
		f.DeclineReason, f.DeclineNote = d.Reason, d.Note
		p.refuseAnswer(c, pg, got, f, "decline", err)
		return
	}
	seeOther(c, "/portal/invitations/"+url.PathEscape(inv.ID)+"?done=declined")
}

// refuseAnswer shows the invitation again with the answer's problems:
// 422 for bad input, 409 after the deadline; anything else is an error
// page.
func (p *pages) refuseAnswer(c *gin.Context, pg *Page, inv *quote.Invitation, f quoteForm, section string, err error) {
	e, ok := err.(*callmatch.Error)
	if !ok || (e.Code != callmatch.EINVALID && e.Code != callmatch.ECONFLICT) {
		p.fail(c, pg, err)
		return
	}
	ip := p.invitationPage(pg, inv, f)
	ip.BadSection, ip.Problems = section, answerProblems(e, pg, f.order)
	p.render(c, statusFor(e), "portal_invitation", ip)
}

// answerProblems puts the service's field errors into words: seat fields
// name their week and language.
func answerProblems(e *callmatch.Error, pg *Page, order []string) []string {
	if len(e.Fields) == 0 {
		return []string{e.Message}
	}
	names := map[string]string{"total_cents": "Total", "start_date": "Start date", "valid_until": "Valid until",
		"note": "Note", "reason": "Reason", "seats": "Seats"}
	var out []string
	for k, msg := range e.Fields {
		human := k
		if m := fieldPath.FindStringSubmatch(k); m != nil && m[1] == "seats" {
			if i, _ := strconv.Atoi(m[2]); i < len(order) {
				k = order[i]
			}
		}
		if n, ok := names[k]; ok {
			human = n
		} else if rest, ok := strings.CutPrefix(k, "seats."); ok {
			week, lang, _ := strings.Cut(rest, ".")
			if d, err := callmatch.ParseDate(week); err == nil {
				human = "Seats in " + pg.Language(lang) + ", week of " + pg.Date(d)
			}
		} else if m := fieldPath.FindStringSubmatch(k); m != nil {
			i, _ := strconv.Atoi(m[2])
			human = label(m[1]) + " line " + strconv.Itoa(i+1)
			if m[3] != "" {
				human += ", " + label(m[3])
			}
		}
		out = append(out, human+": "+msg)
	}
	sort.Strings(out)
	return out
}
