package intake

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"callmatch"
	"callmatch/catalog"
)

// ReportCSVColumns documents the production report CSV, for the portal's
// upload page and the README. One row per day and language.
const ReportCSVColumns = `A production report CSV starts with a header row naming the columns below,
in any order (names are case-insensitive). Data row 1 is the first record
after the header. Cells are trimmed. Days are YYYY-MM-DD, within the
engagement's window and not in the future; counts are whole numbers ≥ 0.

  day          2026-10-14 (required)
  language     a language code of the program, e.g. en or es (required)
  dials        dials made (required)
  contacts     dials that reached a live person; at most dials (required)
  completes    contacts that finished the call (polling); at most contacts
               (empty: 0)
  agent_hours  agent hours worked, e.g. 61.5 (empty: 0)
  opt_outs     people who asked not to be called again (empty: 0)
  complaints   complaints received (empty: 0)

A row for a day and language reported before replaces it; both versions
are kept and audited.
`

var (
	reportCSVHeader   = catalog.Codes{"day", "language", "dials", "contacts", "completes", "agent_hours", "opt_outs", "complaints"}
	reportCSVRequired = []string{"day", "language", "dials", "contacts"}
	utf8BOM           = []byte{0xEF, 0xBB, 0xBF}
)

// ReportImport is the per-row report of a CSV upload, like `callmatch
// import`'s: what was stored and every problem by row (1-based; row 0 is
// the file as a whole) and field.
type ReportImport struct {
	Accepted int                  `json:"accepted"`
	Replaced int                  `json:"replaced"`
	Skipped  int                  `json:"skipped"`
	Problems []catalog.RowProblem `json:"problems"`
}

// ParseReportCSV reads a production report CSV into rows and the problems
// of its syntax (broken quoting, bad header, cells that are no number or
// date). A row with such a problem is nil in rows. Meaning (the window,
// contacts ≤ dials) is checked by CheckReportRows.
func ParseReportCSV(r io.Reader) ([]*Report, []catalog.RowProblem) {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, utf8BOM) {
		br.Discard(3) // spreadsheets save UTF-8 with a byte-order mark
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, []catalog.RowProblem{csvFileProblem(err)}
	}
	cols, problems := reportColumns(header)
	if len(problems) > 0 {
		return nil, problems
	}
	var rows []*Report
	for row := 1; ; row++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return rows, problems
		} else if err != nil {
			return rows, append(problems, csvFileProblem(err))
		}
		if len(rows) == MaxReportRows {
			return rows, append(problems, catalog.RowProblem{Message: fmt.Sprintf("has more than %d rows; upload it in parts", MaxReportRows)})
		}
		if len(rec) != len(header) {
			rows = append(rows, nil)
			problems = append(problems, catalog.RowProblem{Row: row,
				Message: fmt.Sprintf("has %d cells, but the header has %d columns", len(rec), len(header))})
			continue
		}
		rep, ps := parseReportRecord(row, rec, cols)
		rows = append(rows, rep)
		problems = append(problems, ps...)
	}
}

func csvFileProblem(err error) catalog.RowProblem {
	var pe *csv.ParseError
	switch {
	case err == io.EOF:
		return catalog.RowProblem{Message: "the file is empty; the first line must be the header: " + strings.Join(reportCSVHeader, ",")}
	case errors.As(err, &pe):
		return catalog.RowProblem{Message: fmt.Sprintf("malformed CSV at line %d, column %d: %v; quote cells that contain commas, quotes or line breaks",
			pe.Line, pe.Column, pe.Err)}
	}
	return catalog.RowProblem{Message: "the file could not be read"}
}

// reportColumns maps each known column to its index, -1 when absent.
func reportColumns(header []string) ([]int, []catalog.RowProblem) {
	cols := make([]int, len(reportCSVHeader))
	for i := range cols {
		cols[i] = -1
	}
	var problems []catalog.RowProblem
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		k := reportCSVHeader.Index(h)
		switch {
		case k < 0:
			problems = append(problems, catalog.RowProblem{Field: h, Message: "is not a column; the columns are " + strings.Join(reportCSVHeader, ",")})
		case cols[k] >= 0:
			problems = append(problems, catalog.RowProblem{Field: h, Message: "is named twice in the header"})
		default:
			cols[k] = i
		}
	}
	for _, h := range reportCSVRequired {
		if cols[reportCSVHeader.Index(h)] < 0 {
			problems = append(problems, catalog.RowProblem{Field: h, Message: "column is missing from the header; required are " + strings.Join(reportCSVRequired, ",")})
		}
	}
	return cols, problems
}

// parseReportRecord turns one record into a Report, or nil with the
// cells that are not what their column holds.
func parseReportRecord(row int, rec []string, cols []int) (*Report, []catalog.RowProblem) {
	var problems []catalog.RowProblem
	cell := func(k int) string {
		if cols[k] < 0 {
			return ""
		}
		return strings.TrimSpace(rec[cols[k]])
	}
	bad := func(k int, msg string) {
		problems = append(problems, catalog.RowProblem{Row: row, Field: reportCSVHeader[k], Message: msg})
	}
	r := &Report{Language: strings.ToLower(cell(1))}
	if s := cell(0); s != "" {
		d, err := callmatch.ParseDate(s)
		if err != nil {
			bad(0, err.Error())
		}
		r.Day = d
	}
	counts := [...]*int64{2: &r.Dials, 3: &r.Contacts, 4: &r.Completes, 6: &r.OptOuts, 7: &r.Complaints}
	for k, dst := range counts {
		if dst == nil {
			continue
		}
		s := cell(k)
		if s == "" {
			if k <= 3 {
				bad(k, "is required: a whole number ≥ 0")
			}
			continue
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			bad(k, fmt.Sprintf("%q is not a whole number", s))
		}
		*dst = n
	}
	if s := cell(5); s != "" {
		h, err := strconv.ParseFloat(s, 64)
		if err != nil {
			bad(5, fmt.Sprintf("%q is not a number of hours like 61.5", s))
		}
		r.AgentHours = h
	}
	if len(problems) > 0 {
		return nil, problems
	}
	return r, nil
}

// CheckReportRows validates the parsed rows against w and decides, like
// catalog.ImportPlan, what is stored: nothing when any row has a problem,
// unless partial, when the valid rows go ahead and the others are
// skipped. A problem with the file as a whole refuses it even when
// partial. The error names the first problems by row and field; report
// has all of them.
func CheckReportRows(rows []*Report, problems []catalog.RowProblem, w *ReportWindow, partial bool) ([]Report, *ReportImport, error) {
	bad := make(map[int]bool, len(problems))
	whole := false
	for _, p := range problems {
		bad[p.Row] = true
		whole = whole || p.Row == 0
	}
	seen := make(map[reportKey]int, len(rows))
	for i, r := range rows {
		if r == nil {
			continue
		}
		var fe callmatch.FieldErrors
		r.Validate(w, &fe, "")
		k := reportKey{r.Day, r.Language}
		if j, dup := seen[k]; dup && len(fe) == 0 {
			fe.Addf("day", "%s in %s is already row %d; one row per day and language", r.Day, r.Language, j)
		} else if !dup {
			seen[k] = i + 1
		}
		for f, m := range fe {
			problems = append(problems, catalog.RowProblem{Row: i + 1, Field: f, Message: m})
			bad[i+1] = true
		}
	}
	rep := &ReportImport{Problems: problems}
	if rep.Problems == nil {
		rep.Problems = []catalog.RowProblem{}
	}
	if len(rows) == 0 && !whole {
		rep.Problems = append(rep.Problems, catalog.RowProblem{Message: "has no rows after the header"})
		whole = true
	}
	if whole || (len(bad) > 0 && !partial) {
		rep.Skipped = len(rows)
		e := callmatch.Errorf(callmatch.EINVALID, "%d of %d rows are not valid, so nothing was stored; fix them or accept a partial upload.", len(bad), len(rows))
		if whole {
			e = callmatch.Errorf(callmatch.EINVALID, "The file cannot be used: %s", describeProblem(rep.Problems[0]))
		}
		e.Fields = problemFields(rep.Problems)
		return nil, rep, e
	}
	valid := make([]Report, 0, len(rows)-len(bad))
	for i, r := range rows {
		if !bad[i+1] {
			valid = append(valid, *r)
		}
	}
	rep.Skipped = len(rows) - len(valid)
	return valid, rep, nil
}

// maxErrorFields bounds the fields of a refusal; the report has every
// problem.
const maxErrorFields = 20

func problemFields(ps []catalog.RowProblem) map[string]string {
	fields := make(map[string]string, min(len(ps), maxErrorFields))
	for _, p := range ps[:min(len(ps), maxErrorFields)] {
		fields[problemKey(p)] = p.Message
	}
	return fields
}

func problemKey(p catalog.RowProblem) string {
	key := "file"
	if p.Row > 0 {
		key = fmt.Sprintf("row %d", p.Row)
	}
	if p.Field != "" {
		key += ": " + p.Field
	}
	return key
}

func describeProblem(p catalog.RowProblem) string { return problemKey(p) + " " + p.Message }
