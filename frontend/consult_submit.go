package frontend

import (
	"context"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/httpstatus"
	"callmatch/intake"
)

// maxFormBody bounds every form post but the certification upload; the
// consultation form with a full message is a few kilobytes.
const maxFormBody = 64 << 10

// honeypotField is invisible to people; bots fill it in. The API's
// form-encoded submissions use the same name.
const honeypotField = "homepage"

// readPostForm parses a posted form of at most maxFormBody bytes; when it
// cannot, it has answered the request and returns false.
func (p *pages) readPostForm(c *gin.Context, pg *Page) bool {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxFormBody)
	if err := c.Request.ParseForm(); err != nil {
		p.fail(c, pg, callmatch.Errorf(callmatch.ETOOLARGE, "The form is larger than we accept."))
		return false
	}
	return true
}

// confirmPage shows the campaign its private link, once.
type confirmPage struct {
	*Page
	LinkForm
	Link string // absolute URL of the status page; "" when already shown
}

// consultSubmit stores a consultation form, or shows it again with a
// message at every field that needs fixing.
func (p *pages) consultSubmit(c *gin.Context) {
	ctx := c.Request.Context()
	pg := p.newPage(c, "consult.title")
	if !p.readPostForm(c, pg) {
		return
	}
	f := readConsultForm(c.Request.PostForm)
	if c.Request.PostForm.Get(honeypotField) != "" {
		// Look like a success and store nothing: the bot learns nothing.
		id, token := intake.Decoy()
		noReferrer(c)
		pg.Title = pg.T("confirm.title")
		p.render(c, http.StatusOK, "confirm", &confirmPage{Page: pg, Link: p.statusLink(id, token)})
		return
	}
	if err := intake.LimitSubmissions(ctx, p.Limiter, p.IntakeRateLimit, c.ClientIP(), p.Now()); err != nil {
		cp := p.newConsultPage(pg, f, nil)
		cp.Banner = pg.T("consult.rate_limited")
		p.render(c, httpstatus.Of(err), "consult", cp)
		return
	}
	// The page posts the API's field names: the intake's own parser reads
	// them and files every problem under the input it came from.
	rec, token, err := p.submit(ctx, c.Request.PostForm, f.Key, pg.Lang)
	switch callmatch.ErrorCode(err) {
	case "":
	case callmatch.EINVALID:
		var errs map[string]string
		if e, ok := err.(*callmatch.Error); ok {
			errs = e.Fields
		}
		p.render(c, http.StatusUnprocessableEntity, "consult", p.newConsultPage(pg, f, errs))
		return
	case callmatch.ECONFLICT:
		// The same form key with other answers: the person went back after
		// sending and changed something. Sending again makes a new request.
		f.Key = newFormKey()
		cp := p.newConsultPage(pg, f, nil)
		cp.Banner = pg.T("consult.already_sent")
		p.render(c, http.StatusConflict, "consult", cp)
		return
	default:
		p.fail(c, pg, err)
		return
	}
	noReferrer(c)
	pg.Title = pg.T("confirm.title")
	cp := &confirmPage{Page: pg}
	if token != "" {
		cp.Link = p.statusLink(rec.ID, token)
	}
	p.render(c, http.StatusOK, "confirm", cp)
}

// submit parses the posted form and stores it. A form whose one problem
// is a first calling day now past goes to Submit all the same when it
// carries its form key: it may be a retry, sent across midnight (UTC), of
// a request already stored, which Submit answers as stored; for a new
// request Submit refuses the day as ParseNewValues did.
func (p *pages) submit(ctx context.Context, v url.Values, key, lang string) (*intake.Intake, string, error) {
	form, err := intake.ParseNewValues(v, callmatch.DateOf(p.Now()))
	if err != nil {
		retry, rerr := intake.ParseValues(v)
		if key == "" || rerr != nil {
			return nil, "", err
		}
		form = retry
	}
	form.Lang = lang // the campaign's mail speaks the page's language
	return p.Intakes.Submit(ctx, form, key)
}

// noReferrer keeps a private link out of Referer headers and caches.
func noReferrer(c *gin.Context) {
	c.Header("Referrer-Policy", "no-referrer")
	c.Header("Cache-Control", "no-store")
}
