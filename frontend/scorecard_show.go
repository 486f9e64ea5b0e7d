package frontend

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"callmatch"
)

// scorecardPage is the campaign's rating of its vendor, opened from the
// link mailed when the program ends. The token in the path is the
// permission; the page speaks the campaign's language.
type scorecardPage struct {
	*Page
	Token    string
	Ask      *ScorecardAsk
	Form     scorecardForm
	Errors   formErrors
	Done     bool // just submitted: thank the campaign, no form
	Problem  string
	Criteria []string
	Scale    []int
}

// scorecardForm is the form as typed, so a refused submission keeps it.
type scorecardForm struct {
	Ratings map[string]string // criterion → "1".."5"
	Comment string
}

// scorecardCriteria are the four ratings, in the order the form asks.
var scorecardCriteria = []string{"script_adherence", "data_handling", "responsiveness", "overall"}

// maxScorecardComment matches the store's limit (2,000 characters).
const maxScorecardComment = 2000

// scorecardShow asks for the rating, or says the link was used.
func (p *pages) scorecardShow(c *gin.Context) {
	sp := p.newScorecardPage(c)
	ask, err := p.Delivery.ScorecardAsk(c.Request.Context(), sp.Token)
	if err != nil {
		p.scorecardProblem(c, sp, err)
		return
	}
	sp.Ask = ask
	if c.Query("done") == "1" && ask.Used {
		sp.Done = true
	} else if ask.Used {
		sp.Problem = sp.T("scorecard.used")
	}
	p.render(c, http.StatusOK, "scorecard", sp)
}

// scorecardSubmit stores the rating. The service keeps one per
// engagement: a repeated post (double click, second tab) finds the link
// used and the page says so rather than storing a second rating.
func (p *pages) scorecardSubmit(c *gin.Context) {
	sp := p.newScorecardPage(c)
	if !p.readPostForm(c, sp.Page) {
		return
	}
	ctx := c.Request.Context()
	sp.Form = scorecardForm{Ratings: map[string]string{}, Comment: c.PostForm("comment")}
	for _, k := range scorecardCriteria {
		sp.Form.Ratings[k] = c.PostForm(k)
	}
	s, err := sp.Form.scorecard(sp.Page)
	if err == nil {
		err = p.Delivery.SubmitScorecard(ctx, sp.Token, s)
	}
	if err == nil {
		seeOther(c, "/scorecard/"+sp.Token+"?done=1")
		return
	}
	if fe, ok := formErrorsOf(err); ok && callmatch.ErrorCode(err) == callmatch.EINVALID {
		if sp.Ask, err = p.Delivery.ScorecardAsk(ctx, sp.Token); err == nil {
			sp.Errors = fe
			p.render(c, http.StatusUnprocessableEntity, "scorecard", sp)
			return
		}
	}
	p.scorecardProblem(c, sp, err)
}

// scorecard reads the form: each rating a whole number 1–5, the comment
// at most 2,000 characters; problems name the field in the page's language.
func (f scorecardForm) scorecard(pg *Page) (Scorecard, error) {
	var fe callmatch.FieldErrors
	r := map[string]int{}
	for _, k := range scorecardCriteria {
		n, err := strconv.Atoi(f.Ratings[k])
		if err != nil || n < 1 || n > 5 {
			fe.Add(k, pg.T("scorecard.rating_invalid"))
		}
		r[k] = n
	}
	if len([]rune(f.Comment)) > maxScorecardComment {
		fe.Add("comment", pg.T("scorecard.comment_too_long", num(maxScorecardComment)))
	}
	if err := fe.Err(); err != nil {
		return Scorecard{}, &callmatch.Error{Code: callmatch.EINVALID, Message: pg.T("scorecard.fix"), Fields: fe}
	}
	return Scorecard{ScriptAdherence: r["script_adherence"], DataHandling: r["data_handling"],
		Responsiveness: r["responsiveness"], Overall: r["overall"], Comment: f.Comment}, nil
}

func (p *pages) newScorecardPage(c *gin.Context) *scorecardPage {
	noReferrer(c) // the path holds the link's secret
	return &scorecardPage{Page: p.newPage(c, "scorecard.title"), Token: c.Param("token"),
		Criteria: scorecardCriteria, Scale: []int{1, 2, 3, 4, 5}}
}

// scorecardProblem shows an unknown link on the page itself (a mistyped
// or forged token learns nothing more), a used one as used, and anything
// else as the error page.
func (p *pages) scorecardProblem(c *gin.Context, sp *scorecardPage, err error) {
	switch callmatch.ErrorCode(err) {
	case callmatch.ENOTFOUND:
		sp.Problem = sp.T("scorecard.unknown")
		p.render(c, http.StatusNotFound, "scorecard", sp)
	case callmatch.ECONFLICT:
		sp.Problem = sp.T("scorecard.used")
		p.render(c, http.StatusConflict, "scorecard", sp)
	default:
		p.fail(c, sp.Page, err)
	}
}

// Checked reports whether rating n of criterion k was chosen.
func (f scorecardForm) Checked(k string, n int) bool { return f.Ratings[k] == strconv.Itoa(n) }
