package catalog

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"callmatch"
)

var utf8BOM = []byte("\xef\xbb\xbf")

const jsonShape = `a JSON array of vendors or an object {"vendors": [...]}`

// parseVendorJSON splits the file into rows first, so that one bad vendor
// is reported on its row instead of failing the whole file.
func parseVendorJSON(data []byte) ([]*Vendor, []RowProblem) {
	data = bytes.TrimPrefix(data, utf8BOM)
	trimmed := bytes.TrimSpace(data)
	var rows []json.RawMessage
	switch {
	case len(trimmed) == 0:
		return nil, []RowProblem{{Message: "the file is empty; expected " + jsonShape}}
	case trimmed[0] == '[':
		if err := strictUnmarshal(data, &rows); err != nil {
			return nil, []RowProblem{jsonFileProblem(data, err)}
		}
	case trimmed[0] == '{':
		var page struct {
			Vendors *[]json.RawMessage `json:"vendors"`
			Total   int                `json:"total"`
			Page    int                `json:"page"`
			PerPage int                `json:"per_page"`
		}
		if err := strictUnmarshal(data, &page); err != nil {
			return nil, []RowProblem{jsonFileProblem(data, err)}
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
	for i, raw := range rows {
		v, field, msg := decodeVendorJSON(raw)
		if v == nil {
			problems = append(problems, RowProblem{Row: i + 1, Field: field, Message: msg})
			continue
		}
		vs[i] = v
		problems = append(problems, checkRow(i+1, v, nil)...)
	}
	return vs, problems
}

// strictUnmarshal is json.Unmarshal that also rejects unknown fields.
func strictUnmarshal(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("unexpected data after the end of the JSON value")
	}
	return nil
}

func jsonFileProblem(data []byte, err error) RowProblem {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		line, col := lineCol(data, se.Offset)
		return RowProblem{Message: fmt.Sprintf("malformed JSON at line %d, column %d: %s", line, col,
			strings.TrimPrefix(se.Error(), "json: "))}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return RowProblem{Message: "malformed JSON: the file ends in the middle of a value"}
	case errors.As(err, &te) && te.Field != "":
		return RowProblem{Field: te.Field, Message: "must be " + jsonKind(te.Type) + ", not a JSON " + te.Value}
	}
	return RowProblem{Message: strings.TrimPrefix(err.Error(), "json: ") + "; expected " + jsonShape}
}

// lineCol turns a byte offset into a 1-based line and column for people.
func lineCol(data []byte, offset int64) (int, int) {
	offset = min(max(offset, 0), int64(len(data)))
	before := data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	return line, int(offset) - (bytes.LastIndexByte(before, '\n') + 1)
}

// decodeVendorJSON decodes one row strictly. On failure it names the exact
// field path ("sites[2].seats"), which encoding/json itself does not.
func decodeVendorJSON(raw json.RawMessage) (v *Vendor, field, msg string) {
	if bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return nil, "", "must be a vendor object, not null"
	}
	var out Vendor
	err := strictUnmarshal(raw, &out)
	if err == nil {
		return &out, "", ""
	}
	if field, msg, ok := explainJSON(raw); ok {
		return nil, field, msg
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if te.Field == "" {
			return nil, "", "must be a vendor object, not a JSON " + te.Value
		}
		return nil, te.Field, "must be " + jsonKind(te.Type) + ", not a JSON " + te.Value
	}
	return nil, "", strings.TrimPrefix(err.Error(), "json: ")
}

var dateType = reflect.TypeFor[callmatch.Date]()

// explainJSON finds the first value in a vendor row that does not fit the
// Vendor type, walking a generic decoding of the row beside the type so
// that the path keeps list indexes ("sites[2].seats"). It follows the rules
// of encoding/json: null leaves a value unset, keys match case-insensitively.
func explainJSON(raw []byte) (field, msg string, ok bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var doc any
	if dec.Decode(&doc) != nil {
		return "", "", false
	}
	if _, isObj := doc.(map[string]any); !isObj {
		return "", "must be a vendor object, not " + jsonValueKind(doc), true
	}
	return walkJSON("", doc, reflect.TypeFor[Vendor]())
}

func walkJSON(path string, v any, t reflect.Type) (string, string, bool) {
	if v == nil {
		return "", "", false
	}
	if t == dateType {
		s, isStr := v.(string)
		if !isStr {
			return path, "must be a date string YYYY-MM-DD, not " + jsonValueKind(v), true
		}
		if _, err := callmatch.ParseDate(s); s != "" && err != nil {
			return path, err.Error(), true
		}
		return "", "", false
	}
	fail := func(want string) (string, string, bool) {
		return path, "must be " + want + ", not " + jsonValueKind(v), true
	}
	switch t.Kind() {
	case reflect.Struct:
		obj, isObj := v.(map[string]any)
		if !isObj {
			return fail("an object")
		}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		slices.Sort(keys) // the same row always reports the same problem
		for _, k := range keys {
			f, name, found := jsonField(t, k)
			if !found {
				return joinPath(path, k), "is not a known field; allowed: " + strings.Join(jsonFieldNames(t), ", "), true
			}
			if p, m, bad := walkJSON(joinPath(path, name), obj[k], f.Type); bad {
				return p, m, true
			}
		}
	case reflect.Slice:
		arr, isArr := v.([]any)
		if !isArr {
			return fail("a list")
		}
		for i, e := range arr {
			if p, m, bad := walkJSON(fmt.Sprintf("%s[%d]", path, i), e, t.Elem()); bad {
				return p, m, true
			}
		}
	case reflect.String:
		if _, is := v.(string); !is {
			return fail("text")
		}
	case reflect.Bool:
		if _, is := v.(bool); !is {
			return fail("true or false")
		}
	case reflect.Int, reflect.Int32, reflect.Int64:
		n, is := v.(json.Number)
		if !is {
			return fail("a whole number")
		}
		if _, err := strconv.ParseInt(n.String(), 10, t.Bits()); err != nil {
			return path, "must be a whole number in range, not " + n.String(), true
		}
	case reflect.Float64:
		n, is := v.(json.Number)
		if !is {
			return fail("a number")
		}
		if _, err := strconv.ParseFloat(n.String(), 64); err != nil {
			return path, "must be a number in range, not " + n.String(), true
		}
	}
	return "", "", false
}

// jsonField finds the struct field a JSON key decodes into: an exact match
// first, then a case-insensitive one, as encoding/json does.
func jsonField(t reflect.Type, key string) (reflect.StructField, string, bool) {
	var fold *reflect.StructField
	var foldName string
	for i := range t.NumField() {
		f := t.Field(i)
		name := jsonName(f)
		if name == key {
			return f, name, true
		}
		if fold == nil && strings.EqualFold(name, key) {
			fold, foldName = &f, name
		}
	}
	if fold != nil {
		return *fold, foldName, true
	}
	return reflect.StructField{}, "", false
}

func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "" {
		return f.Name
	}
	return name
}

func jsonFieldNames(t reflect.Type) []string {
	names := make([]string, t.NumField())
	for i := range names {
		names[i] = jsonName(t.Field(i))
	}
	return names
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func jsonValueKind(v any) string {
	switch v := v.(type) {
	case string:
		return fmt.Sprintf("the text %q", v)
	case json.Number:
		return "the number " + v.String()
	case bool:
		return strconv.FormatBool(v)
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return "null"
}

// jsonKind describes a Go type in the words of the error messages above.
func jsonKind(t reflect.Type) string {
	if t == dateType {
		return "a date string YYYY-MM-DD"
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice:
		return "a list"
	case reflect.String:
		return "text"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int32, reflect.Int64:
		return "a whole number"
	case reflect.Float64:
		return "a number"
	}
	return t.String()
}
