package callmatch

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// The one strict JSON decoder of the API, the CLI and the bulk import.
// It is built on github.com/go-json-experiment/json because that decoder
// reports where every error is, as a JSON pointer and a byte offset, also
// for errors from a type's own UnmarshalJSON (a Date); encoding/json gives
// neither list indexes nor the place of a custom error.

// DecodeJSON reads at most limit bytes from r and decodes them into dst
// with UnmarshalJSON's rules; a longer input is ETOOLARGE.
func DecodeJSON(r io.Reader, limit int64, dst any) error {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return Errorf(EINVALID, "The input could not be read.")
	}
	if int64(len(data)) > limit {
		return Errorf(ETOOLARGE, "The input is larger than %d bytes.", limit)
	}
	return UnmarshalJSON(data, dst)
}

// UnmarshalJSON decodes exactly one JSON value into dst, strictly: object
// keys must be fields of dst's type, spelled exactly (encoding/json would
// take "Records" for records), and appear once; strings must be valid
// UTF-8; numbers must fit.
// Every refusal is an EINVALID *Error. A value that does not fit names
// its full path in Fields ("vendors[3].languages[1].seats") with what is
// expected and the line and column; malformed JSON says where it broke.
func UnmarshalJSON(data []byte, dst any) error {
	return JSONValue{Raw: data}.Decode(data, dst)
}

// JSONValue is a JSON value kept undecoded, with the byte offset where it
// starts in the input it was read from: a document can be split into
// parts (an import's rows) that are decoded one by one and still report
// lines and columns of the whole document.
type JSONValue struct {
	Raw    []byte
	Offset int64
}

// UnmarshalJSONFrom keeps the next value of dec and where it starts.
func (v *JSONValue) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	raw, err := dec.ReadValue()
	if err != nil {
		return err
	}
	v.Raw = bytes.Clone(raw)
	v.Offset = dec.InputOffset() - int64(len(raw))
	return nil
}

// Decode decodes v into dst as UnmarshalJSON does; doc is the document v
// was read from, for lines and columns.
func (v JSONValue) Decode(doc []byte, dst any) error {
	if len(bytes.TrimSpace(v.Raw)) == 0 {
		return Errorf(EINVALID, "The input is empty; expected a JSON value.")
	}
	err := json.Unmarshal(v.Raw, dst, json.RejectUnknownMembers(true))
	if err == nil {
		return nil
	}
	return jsonError(doc, v.Offset, dst, err)
}

// jsonError turns a decoder error into an *Error a person can act on.
func jsonError(doc []byte, base int64, dst any, err error) error {
	var syn *jsontext.SyntacticError
	var sem *json.SemanticError
	switch {
	case errors.As(err, &syn):
		at := position(doc, base+syn.ByteOffset)
		path, _ := jsonPath(dst, syn.JSONPointer)
		switch {
		case errors.Is(syn.Err, io.ErrUnexpectedEOF):
			return Errorf(EINVALID, "The JSON ends too early, inside a value (%s).", at)
		case errors.Is(syn.Err, jsontext.ErrDuplicateName):
			return fieldError("The input has a field twice.", path, "appears more than once", at)
		case strings.Contains(syn.Err.Error(), "after top-level value"):
			return Errorf(EINVALID, "Expected a single JSON value; another one starts at %s.", at)
		}
		return Errorf(EINVALID, "Malformed JSON at %s: %s.", at, strings.TrimPrefix(syn.Err.Error(), "jsontext: "))
	case errors.As(err, &sem):
		at := position(doc, base+sem.ByteOffset)
		path, parent := jsonPath(dst, sem.JSONPointer)
		if errors.Is(sem.Err, json.ErrUnknownName) {
			return fieldError("The input has a field that is not taken here.", path, unknownField(parent), at)
		}
		if errors.Is(sem.Err, io.ErrUnexpectedEOF) {
			return Errorf(EINVALID, "The JSON ends too early, inside a value (%s).", at)
		}
		if sem.JSONValue == nil && (sem.JSONKind == '"' || sem.JSONKind == '0') {
			sem.JSONValue = valueAt(doc, base+sem.ByteOffset)
		}
		if path == "" {
			return Errorf(EINVALID, "Expected %s, got %s (%s).", describeType(sem.GoType), describeValue(sem), at)
		}
		if sem.GoType != nil && isUnmarshaler(sem.GoType) && sem.Err != nil {
			// The type explains itself ("…" is not a date in the form YYYY-MM-DD).
			return fieldError("A field has a value that is not valid.", path, sem.Err.Error(), at)
		}
		return fieldError("A field has the wrong type.", path, typeProblem(sem), at)
	}
	return Errorf(EINVALID, "The JSON could not be read: %s.", strings.TrimPrefix(err.Error(), "json: "))
}

// valueAt is the JSON string or number at offset, shortened for a message,
// or nil.
func valueAt(doc []byte, offset int64) jsontext.Value {
	if offset < 0 || offset >= int64(len(doc)) {
		return nil
	}
	v, err := jsontext.NewDecoder(bytes.NewReader(doc[offset:])).ReadValue()
	if err != nil || (v.Kind() != '"' && v.Kind() != '0') {
		return nil
	}
	if len(v) > 60 {
		return append(bytes.Clone(v[:utf8Prefix(v, 56)]), "…\""...)
	}
	return bytes.Clone(v)
}

// utf8Prefix is the length of the longest prefix of b, at most n bytes,
// that ends on a character boundary.
func utf8Prefix(b []byte, n int) int {
	for n > 0 && !utf8.RuneStart(b[n]) {
		n--
	}
	return n
}

func fieldError(msg, path, detail, at string) *Error {
	if path == "" {
		path = "body"
	}
	return &Error{Code: EINVALID, Message: msg, Fields: map[string]string{path: detail + " (" + at + ")"}}
}

// position names the line and column (both from 1, the column counted in
// characters) of a byte offset.
func position(doc []byte, offset int64) string {
	offset = min(max(offset, 0), int64(len(doc)))
	before := doc[:offset]
	line := 1 + bytes.Count(before, []byte("\n"))
	col := 1 + utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:])
	return fmt.Sprintf("line %d, column %d", line, col)
}

// jsonPath renders a JSON pointer into dst as the field paths validation
// uses: /vendors/3/languages/1/seats is vendors[3].languages[1].seats. It
// also returns the type of the value the pointer's parent holds, nil if
// unknown, which tells a list index from an object key made of digits.
func jsonPath(dst any, p jsontext.Pointer) (path string, parent reflect.Type) {
	var b strings.Builder
	t := reflect.TypeOf(dst)
	for tok := range p.Tokens() {
		parent = deref(t)
		t = nil
		switch {
		case parent == nil:
		case parent.Kind() == reflect.Slice || parent.Kind() == reflect.Array || parent.Kind() == reflect.Map:
			t = parent.Elem()
		case parent.Kind() == reflect.Struct:
			if f, ok := fieldByJSONName(parent, tok); ok {
				t = f.Type
			}
		}
		if tok == "" {
			tok = `""` // a key can be empty; a path cannot show it so
		}
		if isIndex(tok) && (parent == nil || parent.Kind() != reflect.Struct && parent.Kind() != reflect.Map) {
			b.WriteString("[" + tok + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(tok)
	}
	return b.String(), parent
}

func isIndex(tok string) bool {
	if tok == "" || (len(tok) > 1 && tok[0] == '0') {
		return false
	}
	return strings.Trim(tok, "0123456789") == ""
}

// typeProblem says what a field must be and what it was given:
// "must be a whole number, not 1000.5".
func typeProblem(sem *json.SemanticError) string {
	want := describeType(sem.GoType)
	if sem.JSONKind == '0' && sem.GoType != nil && sem.JSONValue != nil {
		n := string(sem.JSONValue)
		if lo, hi, isInt := intRange(sem.GoType); isInt {
			if strings.ContainsAny(n, ".eE") {
				if f, err := strconv.ParseFloat(n, 64); err != nil || f != math.Trunc(f) {
					return "must be a whole number, not " + n
				} else if math.Abs(f) < 1<<53 {
					return fmt.Sprintf("must be a whole number written without a fraction or exponent (%d), not %s", int64(f), n)
				}
			}
			return fmt.Sprintf("must be a whole number from %s to %s, not %s", lo, hi, n)
		}
		if k := deref(sem.GoType).Kind(); k == reflect.Float64 || k == reflect.Float32 {
			return "must be a number that fits in 64 bits, not " + n
		}
	}
	return "must be " + want + ", not " + describeValue(sem)
}

// intRange is the smallest and largest value of an integer type.
func intRange(t reflect.Type) (lo, hi string, ok bool) {
	t = deref(t)
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		bits := t.Bits()
		return strconv.FormatInt(-1<<(bits-1), 10), strconv.FormatInt(1<<(bits-1)-1, 10), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "0", strconv.FormatUint(1<<t.Bits()-1, 10), true
	}
	return "", "", false
}

func deref(t reflect.Type) reflect.Type {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

var (
	dateType        = reflect.TypeFor[Date]()
	unmarshalerType = reflect.TypeFor[interface{ UnmarshalJSON([]byte) error }]()
)

func isUnmarshaler(t reflect.Type) bool {
	return t.Implements(unmarshalerType) || reflect.PointerTo(t).Implements(unmarshalerType)
}

// describeType names a Go type in the words of a JSON document.
func describeType(t reflect.Type) string {
	t = deref(t)
	if t == nil {
		return "a JSON value"
	}
	if t == dateType {
		return "a date string YYYY-MM-DD"
	}
	if _, _, isInt := intRange(t); isInt {
		return "a whole number"
	}
	switch t.Kind() {
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return "a JSON value"
}

// describeValue names the JSON value that did not fit.
func describeValue(sem *json.SemanticError) string {
	switch sem.JSONKind {
	case '"':
		if sem.JSONValue != nil {
			return "the string " + string(sem.JSONValue)
		}
		return "a string"
	case '0':
		if sem.JSONValue != nil {
			return "the number " + string(sem.JSONValue)
		}
		return "a number"
	case 't':
		return "true"
	case 'f':
		return "false"
	case 'n':
		return "null"
	case '[':
		return "a list"
	case '{':
		return "an object"
	}
	return "another value"
}

// unknownField says a key is not a field and lists the ones that are, read
// from the struct that holds it.
func unknownField(parent reflect.Type) string {
	names := jsonFieldNames(parent)
	if len(names) == 0 {
		return "unknown field"
	}
	return "unknown field; expected one of " + strings.Join(names, ", ")
}

// fieldByJSONName finds the field a key decodes into.
func fieldByJSONName(t reflect.Type, key string) (reflect.StructField, bool) {
	for _, f := range reflect.VisibleFields(t) {
		if n, ok := jsonName(f); ok && n == key {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// jsonFieldNames lists the JSON names of a struct's fields, those of an
// embedded struct in its place.
func jsonFieldNames(t reflect.Type) []string {
	if t == nil || t.Kind() != reflect.Struct {
		return nil
	}
	var names []string
	for _, f := range reflect.VisibleFields(t) {
		if n, ok := jsonName(f); ok {
			names = append(names, n)
		}
	}
	return names
}

// jsonName is the name a field has in JSON; ok is false for fields that
// are not in JSON and for embedded structs, whose fields are.
func jsonName(f reflect.StructField) (string, bool) {
	tag := f.Tag.Get("json")
	name, _, _ := strings.Cut(tag, ",")
	switch {
	case !f.IsExported() || name == "-":
		return "", false
	case f.Anonymous && name == "" && deref(f.Type).Kind() == reflect.Struct:
		return "", false
	case name == "":
		return f.Name, true
	}
	return name, true
}
