package frontend

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/intake"
)

// scorecardPage is the campaign's rating of its vendor, opened from the
// link mailed when the program ends. The token in the path is the
// permission; the page speaks the campaign's language.
type scorecardPage struct {
	*Page
	Token    string
	Invite   *intake.ScorecardInvite
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

// maxScorecardComment is the service's limit (2,000 characters), checked
// here too so that the message comes in the campaign's language.
const maxScorecardComment = 2000

// scorecardShow asks for the rating, or says the link was used.
func (p *pages) scorecardShow(c *gin.Context) {
	sp := p.newScorecardPage(c)
	inv, err := p.Intakes.ScorecardInvite(c.Request.Context(), sp.Token)
	if err != nil {
		p.scorecardProblem(c, sp, err)
		return
	}
	sp.Invite = inv
	sp.speak(c, p, inv.Lang)
	if c.Query("done") == "1" && inv.Used {
		sp.Done = true
	} else if inv.Used {
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
		err = p.Intakes.SubmitScorecard(ctx, sp.Token, s)
	}
	if err == nil {
		seeOther(c, "/scorecard/"+sp.Token+"?done=1")
		return
	}
	if fe, ok := formErrorsOf(err); ok && callmatch.ErrorCode(err) == callmatch.EINVALID {
		if sp.Invite, err = p.Intakes.ScorecardInvite(ctx, sp.Token); err == nil {
			sp.Errors = fe
			p.render(c, http.StatusUnprocessableEntity, "scorecard", sp)
			return
		}
	}
	p.scorecardProblem(c, sp, err)
}

// scorecard reads the form: each rating a whole number 1–5, the comment
// at most 2,000 characters; problems name the field in the page's language.
func (f scorecardForm) scorecard(pg *Page) (intake.Scorecard, error) {
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
		return intake.Scorecard{}, &callmatch.Error{Code: callmatch.EINVALID, Message: pg.T("scorecard.fix"), Fields: fe}
	}
	return intake.Scorecard{ScriptAdherence: r["script_adherence"], DataHandling: r["data_handling"],
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

// speak switches the page to the campaign's language from its intake
// when the visitor has not chosen one (?lang= or the cookie): the mailed
// link then opens in the language the campaign wrote in.
func (sp *scorecardPage) speak(c *gin.Context, p *pages, lang string) {
	if _, err := c.Request.Cookie(langCookie); err == nil || c.Query("lang") != "" {
		return
	}
	if m, ok := p.i18n[lang]; ok && lang != sp.Lang {
		sp.Lang, sp.msgs, sp.Title = lang, m, m.T("scorecard.title")
		for i := range sp.Langs {
			sp.Langs[i].Current = sp.Langs[i].Lang == lang
		}
	}
}
