package catalog

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"callmatch"
)

// CSVColumns documents the CSV vendor file, for people and for `callmatch
// import --help`. One vendor per row; a spreadsheet can produce it.
const CSVColumns = `A vendor CSV file starts with a header row that names every column below, in
any order. Data row 1 is the first record after the header (a quoted cell may
span lines, so rows are counted as records, not lines). Cells are trimmed; an
empty cell is an empty value. List cells separate entries with ";", and the
parts of an entry with ":". Money is in integer cents, dates are YYYY-MM-DD.

  slug                      lone-star-contact (empty: derived from the name)
  name                      Lone Star Contact (required)
  status                    draft, pending_review, active or suspended (required)
  website                   https://lonestarcontact.example
  description               free text
  serves                    democratic;nonpartisan
  works_against_incumbents  true or false (empty: false)
  union_shop                true or false (empty: false)
  services                  gotv;persuasion
  dialing_modes             manual;click_to_dial;predictive
  languages                 code:seats, e.g. en:120;es:45
  sites                     country:region:city:timezone:seats, e.g.
                            US:TX:Austin:America/Chicago:120;PH::Manila:Asia/Manila:200
  hours_per_day             10
  ramp_up_days              7
  calendar                  week_start:seats_available (Mondays), e.g. 2027-10-04:80;2027-10-11:60
  rates                     service:model:amount_cents:minimum_cents, e.g. gotv:per_agent_hour:2800:500000
  certifications            kind:status:issued_on:expires_on[:reason], e.g.
                            pci_dss:verified:2026-01-10:2027-01-10 (the reason may contain ":")
  state_experience          TX;AZ
  issue_experience          issue areas it has called on, e.g. healthcare;economy
  audience_experience       audiences it has reached, e.g. seniors;latino
  labor_wage_floor_cents    lowest hourly agent wage in cents, e.g. 1750 for $17.50
                            (all three labor cells empty: no labor declaration)
  labor_employment          employed, contracted or mixed
  labor_benefits            true or false (empty: false)
  contact_rate              0.12
  qa_score                  0.92
  metrics_verified          true or false (empty: false)
`

// csvHeader is the column order WriteVendorCSV uses.
var csvHeader = []string{"slug", "name", "status", "website", "description", "serves",
	"works_against_incumbents", "union_shop", "services", "dialing_modes", "languages", "sites",
	"hours_per_day", "ramp_up_days", "calendar", "rates", "certifications", "state_experience",
	"issue_experience", "audience_experience", "labor_wage_floor_cents", "labor_employment", "labor_benefits",
	"contact_rate", "qa_score", "metrics_verified"}

// Formats of composite entries, quoted in error messages.
const (
	fmtLanguage = "code:seats, like es:45"
	fmtSite     = "country:region:city:timezone:seats, like US:TX:Austin:America/Chicago:120"
	fmtWeek     = "week_start:seats_available, like 2027-10-04:80"
	fmtRate     = "service:model:amount_cents:minimum_cents, like gotv:per_agent_hour:2800:500000"
	fmtCert     = "kind:status:issued_on:expires_on[:reason], like pci_dss:verified:2026-01-10:2027-01-10"
)

// parseVendorCSV reads the header, then one vendor per record. A broken
// header or broken quoting is a problem with the whole file (row 0): the
// rows after it cannot be trusted to be the rows the author meant.
func parseVendorCSV(r io.Reader) ([]*Vendor, []RowProblem, error) {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, utf8BOM) {
		br.Discard(3) // spreadsheets save UTF-8 with a byte-order mark
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1 // a short row is that row's problem, not the file's
	header, err := cr.Read()
	if err == io.EOF {
		return nil, []RowProblem{{Message: "the file is empty; the first line must be the header: " + strings.Join(csvHeader, ",")}}, nil
	} else if p, ok := csvSyntaxProblem(err); ok {
		return nil, []RowProblem{p}, nil
	} else if err != nil {
		return nil, nil, err
	}
	cols, problems := csvColumns(header)
	if len(problems) > 0 {
		return nil, problems, nil
	}
	var vs []*Vendor
	for row := 1; ; row++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return vs, problems, nil
		} else if p, ok := csvSyntaxProblem(err); ok {
			return vs, append(problems, p), nil
		} else if err != nil {
			return nil, nil, err
		}
		if len(rec) != len(header) {
			vs = append(vs, nil)
			problems = append(problems, RowProblem{Row: row,
				Message: fmt.Sprintf("has %d cells, but the header has %d columns", len(rec), len(header))})
			continue
		}
		c := csvRow{rec: rec, cols: cols}
		v := c.vendor()
		for f, m := range c.fe {
			problems = append(problems, RowProblem{Row: row, Field: f, Message: m})
		}
		problems = append(problems, checkRow(row, v, func(f string) bool {
			// A site that did not parse is missing from the seats a
			// language's seats are checked against.
			return c.bad[csvColumnOf(f)] || c.bad["sites"] && strings.HasPrefix(f, "languages[") && strings.HasSuffix(f, ".seats")
		})...)
		vs = append(vs, v)
	}
}

func csvSyntaxProblem(err error) (RowProblem, bool) {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return RowProblem{}, false
	}
	return RowProblem{Message: fmt.Sprintf("malformed CSV at line %d, column %d: %v; quote cells that contain commas, quotes or line breaks",
		pe.Line, pe.Column, pe.Err)}, true
}

func csvColumns(header []string) (map[string]int, []RowProblem) {
	cols := make(map[string]int, len(header))
	var problems []RowProblem
	known := Codes(csvHeader)
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		switch _, dup := cols[h]; {
		case !known.Has(h):
			problems = append(problems, RowProblem{Field: h, Message: "is not a column; the columns are " + strings.Join(csvHeader, ",")})
		case dup:
			problems = append(problems, RowProblem{Field: h, Message: "is named twice in the header"})
		}
		cols[h] = i
	}
	for _, h := range csvHeader {
		if _, ok := cols[h]; !ok {
			// Every column is required because an import replaces whole
			// vendors: a forgotten column would silently erase that data.
			problems = append(problems, RowProblem{Field: h, Message: "column is missing from the header; name every column, even if its cells are empty: " + strings.Join(csvHeader, ",")})
		}
	}
	return cols, problems
}

// csvColumnOf maps a field path from Validate to the column it came from.
func csvColumnOf(field string) string {
	f := strings.TrimPrefix(strings.TrimPrefix(field, "capacity."), "metrics.")
	if i := strings.IndexAny(f, ".["); i >= 0 {
		f = f[:i]
	}
	switch f {
	case "verified":
		return "metrics_verified"
	case "labor":
		return "labor_" + strings.TrimPrefix(strings.TrimPrefix(field, "labor."), "agent_")
	}
	return f
}

// csvRow decodes one record, collecting cell errors under the same field
// paths Validate uses and remembering which columns had them.
type csvRow struct {
	rec  []string
	cols map[string]int
	fe   callmatch.FieldErrors
	bad  map[string]bool
}

func (c *csvRow) cell(col string) string { return strings.TrimSpace(c.rec[c.cols[col]]) }

func (c *csvRow) fail(col, field, msg string) {
	if c.bad == nil {
		c.bad = map[string]bool{}
	}
	c.bad[col] = true
	c.fe.Add(field, msg)
}

func (c *csvRow) vendor() *Vendor {
	v := &Vendor{
		Slug:                   c.cell("slug"),
		Name:                   c.cell("name"),
		Status:                 c.cell("status"),
		Website:                c.cell("website"),
		Description:            c.cell("description"),
		Serves:                 splitList(c.cell("serves")),
		WorksAgainstIncumbents: c.boolean("works_against_incumbents", "works_against_incumbents"),
		UnionShop:              c.boolean("union_shop", "union_shop"),
		Services:               splitList(c.cell("services")),
		DialingModes:           splitList(c.cell("dialing_modes")),
		StateExperience:        splitList(c.cell("state_experience")),
		IssueExperience:        splitList(c.cell("issue_experience")),
		AudienceExperience:     splitList(c.cell("audience_experience")),
		Labor:                  c.labor(),
		Capacity: Capacity{
			HoursPerDay: c.float("hours_per_day", "capacity.hours_per_day", c.cell("hours_per_day")),
			RampUpDays:  c.count("ramp_up_days", "capacity.ramp_up_days", c.cell("ramp_up_days")),
		},
		Metrics: Metrics{
			ContactRate: c.float("contact_rate", "metrics.contact_rate", c.cell("contact_rate")),
			QAScore:     c.float("qa_score", "metrics.qa_score", c.cell("qa_score")),
			Verified:    c.boolean("metrics_verified", "metrics.verified"),
		},
	}
	c.entries("languages", "languages", 2, 2, fmtLanguage, func(p string, parts []string) {
		v.Languages = append(v.Languages, LanguageSeats{Code: parts[0], Seats: c.count("languages", p+".seats", parts[1])})
	})
	c.entries("sites", "sites", 5, 5, fmtSite, func(p string, parts []string) {
		v.Sites = append(v.Sites, Site{Country: parts[0], Region: parts[1], City: parts[2], Timezone: parts[3],
			Seats: c.count("sites", p+".seats", parts[4])})
	})
	c.entries("calendar", "capacity.calendar", 2, 2, fmtWeek, func(p string, parts []string) {
		v.Capacity.Calendar = append(v.Capacity.Calendar, Week{WeekStart: c.date("calendar", p+".week_start", parts[0]),
			SeatsAvailable: c.count("calendar", p+".seats_available", parts[1])})
	})
	c.entries("rates", "rates", 3, 4, fmtRate, func(p string, parts []string) {
		r := Rate{Service: parts[0], Model: parts[1], AmountCents: c.cents("rates", p+".amount_cents", parts[2])}
		if len(parts) == 4 {
			r.MinimumCents = c.cents("rates", p+".minimum_cents", parts[3])
		}
		v.Rates = append(v.Rates, r)
	})
	c.entries("certifications", "certifications", 4, 5, fmtCert, func(p string, parts []string) {
		cert := Certification{Kind: parts[0], Status: parts[1], IssuedOn: c.date("certifications", p+".issued_on", parts[2]),
			ExpiresOn: c.date("certifications", p+".expires_on", parts[3])}
		if len(parts) == 5 {
			cert.Reason = parts[4]
		}
		v.Certifications = append(v.Certifications, cert)
	})
	return v
}

// labor reads the three labor cells; all empty is no declaration.
func (c *csvRow) labor() *Labor {
	wage, employment, benefits := c.cell("labor_wage_floor_cents"), c.cell("labor_employment"), c.cell("labor_benefits")
	if wage == "" && employment == "" && benefits == "" {
		return nil
	}
	if wage == "" {
		c.fail("labor_wage_floor_cents", "labor.agent_wage_floor_cents",
			"is required when labor_employment or labor_benefits is given (cents an hour, like 1750)")
	}
	return &Labor{AgentWageFloorCents: c.cents("labor_wage_floor_cents", "labor.agent_wage_floor_cents", wage),
		Employment: employment, Benefits: c.boolean("labor_benefits", "labor.benefits")}
}

// splitList splits a ";" list, dropping empty entries so that a trailing
// separator is harmless. An empty cell is a nil list.
func splitList(cell string) []string {
	var out []string
	for s := range strings.SplitSeq(cell, ";") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// entries calls each for every entry of a composite list cell with its
// field path and trimmed parts; the last part takes the rest of the entry,
// which lets a rejection reason contain ":".
func (c *csvRow) entries(col, field string, minParts, maxParts int, format string, each func(path string, parts []string)) {
	for i, e := range splitList(c.cell(col)) {
		p := fmt.Sprintf("%s[%d]", field, i)
		parts := strings.SplitN(e, ":", maxParts)
		if len(parts) < minParts {
			c.fail(col, p, fmt.Sprintf("%q must be %s", e, format))
			continue
		}
		for k := range parts {
			parts[k] = strings.TrimSpace(parts[k])
		}
		each(p, parts)
	}
}

func (c *csvRow) count(col, field, s string) int {
	n, err := strconv.Atoi(s)
	if s != "" && err != nil {
		c.fail(col, field, fmt.Sprintf("%q is not a whole number", s))
	}
	return n
}

func (c *csvRow) cents(col, field, s string) int64 {
	n, err := strconv.ParseInt(s, 10, 64)
	if s != "" && err != nil {
		c.fail(col, field, fmt.Sprintf("%q is not a whole number of cents", s))
	}
	return n
}

func (c *csvRow) float(col, field, s string) float64 {
	x, err := strconv.ParseFloat(s, 64)
	if s != "" && (err != nil || math.IsNaN(x) || math.IsInf(x, 0)) {
		c.fail(col, field, fmt.Sprintf("%q is not a number", s))
		return 0
	}
	return x
}

func (c *csvRow) boolean(col, field string) bool {
	switch strings.ToLower(c.cell(col)) {
	case "", "false", "no", "0":
		return false
	case "true", "yes", "1":
		return true
	}
	c.fail(col, field, fmt.Sprintf("%q must be true or false", c.cell(col)))
	return false
}

func (c *csvRow) date(col, field, s string) callmatch.Date {
	if s == "" {
		return 0
	}
	d, err := callmatch.ParseDate(s)
	if err != nil {
		c.fail(col, field, err.Error())
	}
	return d
}
