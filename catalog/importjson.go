package catalog

import (
	"bytes"
	"errors"
	"strconv"
	"strings"

	"callmatch"
)

var utf8BOM = []byte("\xef\xbb\xbf")

const jsonShape = `a JSON array of vendors or an object {"vendors": [...]}`

// parseVendorJSON splits the file into rows first, so that one bad vendor
// is reported on its row instead of failing the whole file. Both steps
// use the strict decoder (callmatch.UnmarshalJSON); a row's problem names
// the field's path within the row, and the line and column in the file.
func parseVendorJSON(data []byte) ([]*Vendor, []RowProblem) {
	data = bytes.TrimPrefix(data, utf8BOM)
	trimmed := bytes.TrimSpace(data)
	var rows []callmatch.JSONValue
	switch {
	case len(trimmed) == 0:
		return nil, []RowProblem{{Message: "the file is empty; expected " + jsonShape}}
	case trimmed[0] == '[':
		if err := callmatch.UnmarshalJSON(data, &rows); err != nil {
			return nil, []RowProblem{fileProblem(err, "")}
		}
	case trimmed[0] == '{':
		var page struct {
			Vendors *[]callmatch.JSONValue `json:"vendors"`
			Total   int                    `json:"total"`
			Page    int                    `json:"page"`
			PerPage int                    `json:"per_page"`
		}
		if err := callmatch.UnmarshalJSON(data, &page); err != nil {
			return nil, []RowProblem{fileProblem(err, "vendors")}
		}
		if page.Vendors == nil {
			return nil, []RowProblem{{Field: "vendors", Message: "is required: expected " + jsonShape}}
		}
		rows = *page.Vendors
	default:
		return nil, []RowProblem{{Message: "expected " + jsonShape}}
	}
	vs := make([]*Vendor, len(rows))
	var problems []RowProblem
	for i, row := range rows {
		if bytes.Equal(row.Raw, []byte("null")) {
			problems = append(problems, RowProblem{Row: i + 1, Message: "must be a vendor object, not null"})
			continue
		}
		var v Vendor
		if err := row.Decode(data, &v); err != nil {
			p := decodeProblem(err)
			p.Row = i + 1
			problems = append(problems, p)
			continue
		}
		vs[i] = &v
		problems = append(problems, checkRow(i+1, &v, nil)...)
	}
	return vs, problems
}

// fileProblem is a refusal of the whole file. One inside a row (a key
// twice, a malformed string) names the row, and the field within it, even
// though no row could be read.
func fileProblem(err error, list string) RowProblem {
	p := decodeProblem(err)
	index, rest, ok := strings.Cut(strings.TrimPrefix(p.Field, list+"["), "]")
	if n, err := strconv.Atoi(index); ok && err == nil && strings.HasPrefix(p.Field, list+"[") {
		p.Row, p.Field = n+1, strings.TrimPrefix(rest, ".")
	}
	return p
}

// decodeProblem is a decoder refusal as a problem: the field it names, or
// the whole value's.
func decodeProblem(err error) RowProblem {
	var e *callmatch.Error
	if !errors.As(err, &e) {
		return RowProblem{Message: err.Error()}
	}
	for field, msg := range e.Fields { // the decoder names at most one
		return RowProblem{Field: field, Message: msg}
	}
	return RowProblem{Message: e.Message}
}
