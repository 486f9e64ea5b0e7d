package frontend

import (
	"html/template"
	"strconv"
	"strings"

	"callmatch"
	"callmatch/intake"
)

// consultPage is the consultation form, empty or with its problems.
type consultPage struct {
	*Page
	Form    *consultForm
	errs    map[string]string // input name → the domain's message
	Summary []fieldProblem
	// Banner is a problem with the whole submission (too many tries).
	Banner string
	// MinStart is the earliest first calling day the service accepts
	// (intake.EarliestStart), for the date picker.
	MinStart callmatch.Date

	SponsorTypes, Affiliations, OfficeLevels, Services, Certs, Languages []string
}

// goalGroup is one messaging-goal list's check boxes, for the "goals"
// template.
type goalGroup struct {
	Page  *consultPage
	Field string
	Codes []string
}

// optionalNumber is an optional number typed with a hint (a percentage,
// dollars an hour), for the "optional_number" template.
type optionalNumber struct {
	Page        *consultPage
	Field, Hint string
}

// Optional is the input of an optional number field with its hint key.
func (cp *consultPage) Optional(field, hintKey string) optionalNumber {
	return optionalNumber{Page: cp, Field: field, Hint: hintKey}
}

// Goals is the check-box group of a messaging-goal field, issue_areas or
// audiences.
func (cp *consultPage) Goals(field string) goalGroup {
	codes := formAudiences
	if field == "issue_areas" {
		codes = formIssueAreas
	}
	return goalGroup{Page: cp, Field: field, Codes: codes}
}

// fieldProblem is one line of the summary above the form; it links to the
// field, as screen-reader users expect.
type fieldProblem struct{ ID, Label, Message string }

// formOrder is the order in which the fields appear, for the summary.
var formOrder = []string{
	"campaign.name", "campaign.sponsor_type", "campaign.affiliation", "campaign.office_level", "campaign.race",
	"contact.name", "contact.email", "contact.phone",
	"services", "records", "attempts_per_record", "completes_target", "message", "issue_areas", "audiences",
	"target_states", "start_date", "end_date",
	"languages", "languages[0].code", "languages[0].percent", "languages[1].code", "languages[1].percent",
	"languages[2].code", "languages[2].percent", "languages[3].code", "languages[3].percent",
	"budget_dollars", "requirements.cell_percent", "requirements.certifications", "requirements.min_agent_wage_dollars",
}

func (p *pages) newConsultPage(pg *Page, f *consultForm, errs map[string]string) *consultPage {
	cp := &consultPage{Page: pg, Form: f, errs: errs,
		SponsorTypes: formSponsorTypes, Affiliations: formAffiliations, OfficeLevels: formOfficeLevels,
		Services: formServices, Certs: formCerts, Languages: formLanguages,
		MinStart: intake.EarliestStart(callmatch.DateOf(p.Now()))}
	shown := map[string]bool{}
	for _, k := range formOrder {
		if _, bad := errs[k]; bad {
			cp.Summary = append(cp.Summary, fieldProblem{ID: FieldID(k), Label: cp.label(k), Message: cp.Err(k)})
			shown[k] = true
		}
	}
	// A problem with a field the form does not show (the domain may grow
	// rules) still reaches the person, at the top.
	for k := range errs {
		if !shown[k] {
			cp.Summary = append(cp.Summary, fieldProblem{Label: cp.label(k), Message: cp.Err(k)})
		}
	}
	return cp
}

// FieldID is the id of a field's input, for labels and summary links:
// languages[0].code is f-languages-0-code.
func FieldID(field string) string {
	return "f-" + fieldIDs.Replace(field)
}

var fieldIDs = strings.NewReplacer(".", "-", "_", "-", "[", "-", "]", "")

// ErrID is the id of a field's message, which the input points at with
// aria-describedby.
func ErrID(field string) string { return FieldID(field) + "-error" }

// Err is the field's problem in the page's language, or "".
func (cp *consultPage) Err(field string) string {
	msg, bad := cp.errs[field]
	if !bad {
		return ""
	}
	if key := errorKey(field); cp.msgs.Has(key) {
		return cp.T(key)
	}
	if msg == "" {
		return cp.T("err.generic")
	}
	return msg // a rule the page has no words for yet: the domain's
}

// Invalid reports whether the field has a problem.
func (cp *consultPage) Invalid(field string) bool { _, bad := cp.errs[field]; return bad }

// LangField names a language line's field for the template.
func (cp *consultPage) LangField(row int, part string) string { return langField(row, part) }

func (cp *consultPage) label(field string) string {
	if rest, ok := strings.CutPrefix(field, "languages["); ok {
		if n, err := strconv.Atoi(rest[:max(strings.IndexByte(rest, ']'), 0)]); err == nil {
			return cp.T("field.languages_line", n+1)
		}
	}
	if key := "field." + field; cp.msgs.Has(key) {
		return cp.T(key)
	}
	return field
}

// Aria points an input at its hint and its error message, and marks it
// invalid when it has one. The ids are built from fixed field names.
func (cp *consultPage) Aria(field string, withHint ...bool) template.HTMLAttr {
	var ids []string
	if len(withHint) > 0 && withHint[0] {
		ids = append(ids, FieldID(field)+"-hint")
	}
	attr := ""
	if cp.Invalid(field) {
		ids = append(ids, ErrID(field))
		attr = `aria-invalid="true" `
	}
	if len(ids) > 0 {
		attr += `aria-describedby="` + strings.Join(ids, " ") + `"`
	}
	return template.HTMLAttr(attr)
}

// fieldRef carries the page and a field name into the "fielderr" partial.
type fieldRef struct {
	Page  *consultPage
	Field string
}

func fe(p *consultPage, field string) fieldRef { return fieldRef{Page: p, Field: field} }
