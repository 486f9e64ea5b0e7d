package frontend

import (
	"strings"

	"callmatch/intake"
)

// What the campaign asked for and whom it hired, in words, for the "Your
// request" section and the "where it stands" text of its status page.

// hiredNames joins the hired vendors' names as a sentence does ("A, B and
// C"); "" when none is named.
func hiredNames(pg *Page, hired []intake.HiredVendor) string {
	var names []string
	for _, h := range hired {
		if h.VendorName != "" {
			names = append(names, h.VendorName)
		}
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + pg.T("campaign.and") + names[len(names)-1]
}

// hiredText is what the "where it stands" section says of an engaged or
// closed request: whom the campaign hired, by name, or "" to keep the
// status's own words.
func hiredText(pg *Page, status string, hired []intake.HiredVendor) string {
	names := hiredNames(pg, hired)
	switch {
	case names == "":
		return ""
	case status == intake.StatusEngaged:
		return pg.T("campaign.hired", names)
	case status == intake.StatusClosed:
		return pg.T("status_text.closed") + " " + pg.T("campaign.hired_closed", names)
	}
	return ""
}

// Calls says what "records × attempts" means: how many numbers, how often
// each may be tried and the most calls that makes.
func (sp *statusPage) Calls() string {
	r := sp.View.Request
	if r.AttemptsPerRecord == 1 {
		return sp.T("campaign.calls_once", num(r.Records), num(r.Records))
	}
	return sp.T("campaign.calls", num(r.Records), r.AttemptsPerRecord, num(r.Records*r.AttemptsPerRecord))
}

// Requirements are the request's requirements of a vendor, one line each,
// in the form's order; the lowest wage has a line of its own.
func (sp *statusPage) Requirements() []string {
	r := sp.View.Request.Requirements
	var out []string
	for _, box := range []struct {
		on  bool
		key string
	}{
		{r.UnionRequired, "field.requirements.union_required"},
		{r.DomesticOnly, "field.requirements.domestic_only"},
		{r.TakesCardPayments, "field.requirements.takes_card_payments"},
		{r.CellConsent, "field.requirements.cell_consent"},
	} {
		if box.on {
			out = append(out, sp.T(box.key))
		}
	}
	if r.CellShare > 0 {
		out = append(out, sp.T("campaign.cell_share", pct(r.CellShare)))
	}
	if len(r.Certifications) > 0 {
		certs := make([]string, len(r.Certifications))
		for i, c := range r.Certifications {
			certs[i] = sp.T("cert." + c)
		}
		out = append(out, sp.T("campaign.certs", strings.Join(certs, ", ")))
	}
	return out
}
