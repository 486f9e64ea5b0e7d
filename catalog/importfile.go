package catalog

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"callmatch"
)

// ParseVendorFile reads a vendor file for bulk import; the extension of name
// (.json or .csv, any case) picks the format. JSON is a list of vendors in
// the API shape, either a bare array or the list response {"vendors": [...],
// "total", "page", "per_page"}; CSV is described by CSVColumns.
//
// It returns one entry per data row, in order, so that vendors[i] is row
// i+1; an entry is nil when its row could not be decoded at all. Rows are
// 1-based data rows: the first element of a JSON list, or the first record
// after the CSV header. A problem with Row 0 concerns the whole file
// (malformed JSON, a bad CSV header) and means no row can be trusted.
//
// Every decoding error and every Validate error becomes a problem; a slug
// repeated within the file is a problem on the later row. An empty slug is
// derived from the name. Status is required: an import must say whether the
// vendors go live, because an upsert would otherwise silently publish or
// unpublish existing vendors.
//
// The error is non-nil only when the file cannot be read or its type is
// not supported.
func ParseVendorFile(name string, r io.Reader) ([]*Vendor, []RowProblem, error) {
	var (
		vs       []*Vendor
		problems []RowProblem
	)
	switch ext := strings.ToLower(filepath.Ext(name)); ext {
	case ".json":
		data, err := io.ReadAll(r)
		if err != nil {
			return nil, nil, fmt.Errorf("read %s: %w", name, err)
		}
		vs, problems = parseVendorJSON(data)
	case ".csv":
		var err error
		if vs, problems, err = parseVendorCSV(r); err != nil {
			return nil, nil, fmt.Errorf("read %s: %w", name, err)
		}
	default:
		return nil, nil, callmatch.Errorf(callmatch.EINVALID,
			"%s: cannot import %q files; use a .json or .csv file", filepath.Base(name), ext)
	}
	problems = append(problems, duplicateSlugs(vs)...)
	sort.SliceStable(problems, func(i, j int) bool {
		if problems[i].Row != problems[j].Row {
			return problems[i].Row < problems[j].Row
		}
		return problems[i].Field < problems[j].Field
	})
	return vs, problems, nil
}

// checkRow fills in the slug and validates a decoded row. skip drops the
// validation messages of fields whose cells already failed to parse, which
// would only repeat the problem in vaguer words.
func checkRow(row int, v *Vendor, skip func(field string) bool) []RowProblem {
	if v.Slug == "" {
		v.Slug = Slugify(v.Name)
	}
	var e *callmatch.Error
	if err := v.Validate(); errors.As(err, &e) {
		var out []RowProblem
		for f, m := range e.Fields {
			if skip == nil || !skip(f) {
				out = append(out, RowProblem{Row: row, Field: f, Message: m})
			}
		}
		return out
	} else if err != nil {
		return []RowProblem{{Row: row, Message: err.Error()}}
	}
	return nil
}

func duplicateSlugs(vs []*Vendor) []RowProblem {
	var out []RowProblem
	first := make(map[string]int, len(vs))
	for i, v := range vs {
		if v == nil || v.Slug == "" {
			continue
		}
		if row, ok := first[v.Slug]; ok {
			out = append(out, RowProblem{Row: i + 1, Field: "slug",
				Message: fmt.Sprintf("%s is already used by row %d; a slug may appear once per file", v.Slug, row)})
			continue
		}
		first[v.Slug] = i + 1
	}
	return out
}

// ImportPlan decides what an import writes. Any problem refuses the whole
// file with an EINVALID error unless skipInvalid is set, in which case the
// valid rows go ahead and the invalid ones are counted as skipped. Problems
// with the file as a whole (Row 0) refuse it even with skipInvalid, since
// then no row can be trusted. report.Skipped counts the rows not imported
// (all of them when the file is refused); the caller fills in Created and
// Updated after writing.
func ImportPlan(vendors []*Vendor, problems []RowProblem, skipInvalid bool) (valid []*Vendor, report ImportReport, err error) {
	report.Problems = problems
	if report.Problems == nil {
		report.Problems = []RowProblem{} // a JSON report shows [] rather than null
	}
	bad := map[int]bool{}
	var whole []RowProblem
	for _, p := range problems {
		if p.Row < 1 || p.Row > len(vendors) {
			whole = append(whole, p)
		} else {
			bad[p.Row] = true
		}
	}
	for i, v := range vendors {
		if v == nil {
			bad[i+1] = true
		}
	}
	switch {
	case len(whole) > 0:
		report.Skipped = len(vendors)
		e := callmatch.Errorf(callmatch.EINVALID, "The file cannot be imported: %s", describe(whole[0]))
		e.Fields = problemFields(problems)
		return nil, report, e
	case len(bad) > 0 && !skipInvalid:
		report.Skipped = len(vendors)
		e := callmatch.Errorf(callmatch.EINVALID,
			"%d of %d rows are not valid, so nothing was imported; fix them or skip the invalid rows.",
			len(bad), len(vendors))
		e.Fields = problemFields(problems)
		return nil, report, e
	}
	valid = make([]*Vendor, 0, len(vendors)-len(bad))
	for i, v := range vendors {
		if !bad[i+1] {
			valid = append(valid, v)
		}
	}
	report.Skipped = len(bad)
	return valid, report, nil
}

// maxErrorFields bounds the fields of the refusal error; the report has
// every problem.
const maxErrorFields = 20

func problemFields(ps []RowProblem) map[string]string {
	fields := map[string]string{}
	for _, p := range ps[:min(len(ps), maxErrorFields)] {
		key := fmt.Sprintf("row %d", p.Row)
		if p.Row == 0 {
			key = "file"
		}
		if p.Field != "" {
			key += ": " + p.Field
		}
		fields[key] = p.Message
	}
	return fields
}

func describe(p RowProblem) string {
	if p.Field == "" {
		return p.Message
	}
	return p.Field + ": " + p.Message
}
