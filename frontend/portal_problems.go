package frontend

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"callmatch"
	"callmatch/catalog"
	"callmatch/httpstatus"
)

// refuse shows the portal again after a refused save: every field as it
// was typed, each problem at its field, and their summary in section, the
// one whose Save was pressed, where the person is.
func (p *pages) refuse(c *gin.Context, pg *Page, v *catalog.Vendor, section string, err error) {
	e, ok := err.(*callmatch.Error)
	if !ok || (e.Code != callmatch.EINVALID && e.Code != callmatch.ECONFLICT && e.Code != callmatch.ETOOLARGE) {
		p.fail(c, pg, err)
		return
	}
	pp, lerr := p.portalPage(c.Request.Context(), pg, v, editOf(c))
	if lerr != nil {
		p.fail(c, pg, lerr)
		return
	}
	if c.Request.PostForm != nil {
		pp.typedRows(c.Request.PostForm, postedSections(c))
	}
	// The form goes on being the one first rendered: its version and total
	// as posted. A post without them (a script's, the certification
	// upload's own form) gets the vendor's as stored now.
	if f := c.Request.PostForm; f.Get("version") != "" && f.Get("capacity_total") != "" {
		pp.FormVersion, pp.FormTotal = f.Get("version"), f.Get("capacity_total")
	} else if vv, verr := p.catalog.FindVersionedVendor(c.Request.Context(), v.ID); verr != nil {
		p.fail(c, pg, verr)
		return
	} else {
		pp.stamp(vv)
	}
	pp.At, pp.Problems, pp.Errs = section, portalProblems(e), fieldMessages(e)
	p.render(c, statusFor(e), "portal", pp)
}

func statusFor(e *callmatch.Error) int {
	if e.Code == callmatch.EINVALID {
		return http.StatusUnprocessableEntity
	}
	return httpstatus.Of(e)
}

var fieldPath = regexp.MustCompile(`^(?:[a-z_]+\.)?([a-z_]+)\[(\d+)\]\.?(.*)$`)

// portalProblem is one problem of a refused form, in words, with the id of
// the field it is about (empty when no field shows it).
type portalProblem struct{ Text, Anchor string }

// problems turns field errors into sentences: "sites[0].city" becomes
// "Site 1, city".
func problems(e *callmatch.Error) []string {
	var out []string
	for _, p := range portalProblems(e) {
		out = append(out, p.Text)
	}
	return out
}

// rowNames and fieldNames say a field path the way the form labels it.
var (
	rowNames = map[string]string{"sites": "Site", "languages": "Language line", "rates": "Rate line", "calendar": "Week",
		"issue_experience": "Issue", "audience_experience": "Audience"}
	fieldNames = map[string]string{"labor.agent_wage_floor_cents": "Lowest hourly wage", "labor.employment": "Agents are",
		"amount_cents": "amount ($)", "minimum_cents": "minimum ($)", "seats_available": "seats",
		"version": "Form version", "capacity_total": "Sites' total shown",
		"fill_from": "Fill from week", "fill_to": "Fill to week", "fill_seats": "Fill seats"}
)

func portalProblems(e *callmatch.Error) []portalProblem {
	if len(e.Fields) == 0 {
		return []portalProblem{{Text: e.Message}}
	}
	var out []portalProblem
	for k, msg := range e.Fields {
		human := k
		if m := fieldPath.FindStringSubmatch(k); m != nil {
			n, _ := strconv.Atoi(m[2])
			if name, ok := rowNames[m[1]]; ok {
				human = name + " " + strconv.Itoa(n+1)
				if m[3] != "" {
					human += ", " + cmpOr(fieldNames[m[3]], label(m[3]))
				}
			}
		} else {
			human = cmpOr(fieldNames[k], label(k))
		}
		out = append(out, portalProblem{Text: human + ": " + msg, Anchor: fieldID(k)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Text < out[j].Text })
	return out
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// rowLists are the lists the form shows one input per entry for; the
// other lists (check boxes, the states) are one field.
var rowLists = []string{"sites", "languages", "rates", "calendar"}

// fieldID is the id of the input that shows field (FieldID, as on the
// consult form): "rates[0].amount_cents" → "f-rates-0-amount-cents",
// "state_experience[2]" → "f-state-experience", the one input of that
// list. Capacity's fields are named without the API's "capacity." prefix,
// as the form names them.
func fieldID(field string) string {
	field = strings.TrimPrefix(field, "capacity.")
	if m := fieldPath.FindStringSubmatch(field); m != nil && !slices.Contains(rowLists, m[1]) && m[3] == "" {
		field = m[1]
	}
	return FieldID(field)
}

// fieldMessages are the problems by the id of their field, for the
// template to show beside it.
func fieldMessages(e *callmatch.Error) map[string]string {
	out := map[string]string{}
	for k, msg := range e.Fields {
		id := fieldID(k)
		if prev, ok := out[id]; ok {
			msg = prev + "; " + msg
		}
		out[id] = msg
	}
	return out
}

// Err is the problem of the field whose path parts are given, as the
// template names it: Err "sites" 0 "city" is sites[0].city.
func (pp *portalPage) Err(parts ...any) string {
	if len(parts) == 3 {
		return pp.Errs[fieldID(fmt.Sprintf("%v[%v].%v", parts...))]
	}
	return pp.Errs[fieldID(fmt.Sprint(parts...))]
}

// fieldError is a problem and the id of its field, for "field-error".
type fieldError struct{ ID, Msg string }

// FieldErr pairs a field's id with its problem for the template.
func (pp *portalPage) FieldErr(id, msg string) fieldError { return fieldError{ID: id, Msg: msg} }

// sectionRef carries the page and a section name into "section-status".
type sectionRef struct {
	Page *portalPage
	Name string
}

func section(p *portalPage, name string) sectionRef { return sectionRef{Page: p, Name: name} }
