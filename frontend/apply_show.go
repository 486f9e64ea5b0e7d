package frontend

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/catalog"
	"callmatch/httpstatus"
)

// applyPage is the public "List your call center" form.
type applyPage struct {
	*Page
	Form      *catalog.Application
	SeatsText string
	Services  []string
	Languages []string
	States    []string
	Sent      bool
	Errors    formErrors
}

// Has says whether a list field holds a code, for re-checking boxes.
func (ap *applyPage) Has(field, code string) bool {
	switch field {
	case "services":
		return slices.Contains(ap.Form.Services, code)
	case "languages":
		return slices.Contains(ap.Form.Languages, code)
	}
	return slices.Contains(ap.Form.States, code)
}

func (p *pages) newApplyPage(c *gin.Context) *applyPage {
	return &applyPage{Page: p.newPage(c, "apply.title"), Form: &catalog.Application{},
		Services: formServices, Languages: formLanguages[:12], States: catalog.States}
}

func (p *pages) applyShow(c *gin.Context) {
	p.render(c, http.StatusOK, "apply", p.newApplyPage(c))
}

// applySubmit stores an application, or shows the form again with what to
// fix. A bot filling in the decoy field is thanked and nothing is stored;
// the service limits submissions per client and per applicant address.
// Sending twice stores two applications (the desk sees both; approving
// one and rejecting the other is harmless).
func (p *pages) applySubmit(c *gin.Context) {
	ap := p.newApplyPage(c)
	if !p.readPostForm(c, ap.Page) {
		return
	}
	f := c.Request.PostForm
	ap.SeatsText = strings.TrimSpace(f.Get("seats"))
	seats, err := strconv.Atoi(ap.SeatsText)
	if err != nil {
		seats = 0 // the domain names the field and its range
	}
	ap.Form = &catalog.Application{Company: f.Get("company"), ContactName: f.Get("contact_name"), Email: f.Get("email"),
		Phone: f.Get("phone"), Website: f.Get("website"), Services: f["services"], Languages: f["languages"], States: f["states"],
		Seats: seats, Lang: ap.Lang}
	if f.Get(honeypotField) != "" {
		ap.Sent = true
		p.render(c, http.StatusOK, "apply", ap)
		return
	}
	if err := p.Applications.Submit(c.Request.Context(), ap.Form, c.ClientIP()); err != nil {
		fe, ok := formErrorsOf(err)
		if !ok {
			p.fail(c, ap.Page, err)
			return
		}
		ap.Errors = fe
		ap.Errors.Banner = ap.T("apply.fix")
		if callmatch.ErrorCode(err) == callmatch.ERATELIMITED {
			ap.Errors.Banner = ap.T("apply.rate_limited")
		}
		p.render(c, httpstatus.Of(err), "apply", ap)
		return
	}
	ap.Sent = true
	p.render(c, http.StatusCreated, "apply", ap)
}

// FieldName names a field the domain reported ("services[0]" is the
// services list) in the page's language.
func (ap *applyPage) FieldName(key string) string {
	base, _, _ := strings.Cut(key, "[")
	return ap.T("apply.field." + base)
}
