package frontend

import (
	"net/url"
	"strconv"
	"strings"

	"callmatch"
	"callmatch/catalog"
)

// The profile form's lists, as text: what is stored, or after a refused
// save exactly what was typed ("32/hr", "lots"), so that nothing typed is
// lost or shown as a 0 it never was. Rows skip blank lines the way the
// catalog's form readers do, so row i is the one the problems call
// sites[i], languages[i] or rates[i].

// siteRow is one call floor as typed.
type siteRow struct{ City, Region, Country, Timezone, Seats string }

// langRow is one language's seats as typed.
type langRow struct{ Code, Seats string }

// rateRow is a rate as typed, in dollars.
type rateRow struct{ Service, Model, Amount, Minimum string }

// weekRow is one week of the capacity grid as typed.
type weekRow struct {
	Start callmatch.Date
	Seats string
}

// blankRows is how many empty lines each list offers for additions.
const blankRows = 2

// storedRows fills the lists from the vendor as stored.
func (pp *portalPage) storedRows(v *catalog.Vendor, weeks []weekCell) {
	pp.Sites, pp.LangRows, pp.Rates, pp.Weeks = nil, nil, nil, nil
	for _, s := range v.Sites {
		pp.Sites = append(pp.Sites, siteRow{City: s.City, Region: s.Region, Country: s.Country, Timezone: s.Timezone,
			Seats: strconv.Itoa(s.Seats)})
	}
	for _, l := range v.Languages {
		pp.LangRows = append(pp.LangRows, langRow{Code: l.Code, Seats: strconv.Itoa(l.Seats)})
	}
	for _, r := range v.Rates {
		pp.Rates = append(pp.Rates, rateRow{Service: r.Service, Model: r.Model, Amount: plainDollars(r.AmountCents),
			Minimum: plainDollars(r.MinimumCents)})
	}
	for _, w := range weeks {
		pp.Weeks = append(pp.Weeks, weekRow{Start: w.Start, Seats: strconv.Itoa(w.Seats)})
	}
	pp.StateExp = joinComma(v.StateExperience)
	pp.LaborWage = ""
	if v.Labor != nil {
		pp.LaborWage = plainDollars(v.Labor.AgentWageFloorCents)
	}
	pp.addBlankRows()
}

// typedRows replaces the lists of the sections f posted with what was
// typed in them.
func (pp *portalPage) typedRows(f url.Values, sections []string) {
	at := func(field string, i int) string {
		if i < len(f[field]) {
			return strings.TrimSpace(f[field][i])
		}
		return ""
	}
	for _, section := range sections {
		switch section {
		case "profile":
			pp.StateExp, pp.LaborWage = f.Get("state_experience"), f.Get("labor.agent_wage")
		case "sites":
			pp.Sites = pp.Sites[:0]
			for i := range f["city"] {
				s := siteRow{City: at("city", i), Region: at("region", i), Country: at("country", i), Timezone: at("timezone", i), Seats: at("seats", i)}
				if s.City != "" || (s.Seats != "" && s.Seats != "0") {
					pp.Sites = append(pp.Sites, s)
				}
			}
		case "languages":
			pp.LangRows = pp.LangRows[:0]
			for i := range f["lang"] {
				if l := (langRow{Code: at("lang", i), Seats: at("lang_seats", i)}); l.Code != "" {
					pp.LangRows = append(pp.LangRows, l)
				}
			}
		case "rates":
			pp.Rates = pp.Rates[:0]
			for i := range f["service"] {
				if r := (rateRow{Service: at("service", i), Model: at("model", i), Amount: at("amount", i), Minimum: at("minimum", i)}); r.Service != "" {
					pp.Rates = append(pp.Rates, r)
				}
			}
		case "capacity":
			for i, w := range pp.Weeks {
				pp.Weeks[i].Seats = strings.TrimSpace(f.Get("w_" + w.Start.String()))
			}
			pp.FillFrom, pp.FillTo, pp.FillSeats = f.Get("fill_from"), f.Get("fill_to"), f.Get("fill_seats")
		}
	}
	pp.addBlankRows()
}

// addBlankRows ends each list with empty lines for additions, and drops
// the blank lines an earlier fill left.
func (pp *portalPage) addBlankRows() {
	pp.Sites = append(trimBlank(pp.Sites), make([]siteRow, blankRows)...)
	pp.LangRows = append(trimBlank(pp.LangRows), make([]langRow, blankRows)...)
	pp.Rates = append(trimBlank(pp.Rates), make([]rateRow, blankRows)...)
}

func trimBlank[T comparable](rows []T) []T {
	var zero T
	for len(rows) > 0 && rows[len(rows)-1] == zero {
		rows = rows[:len(rows)-1]
	}
	return rows
}
