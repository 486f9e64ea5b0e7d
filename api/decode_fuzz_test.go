package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"

	"callmatch"
	"callmatch/demo"
	"callmatch/intake"
	"callmatch/matching"

	"github.com/go-json-experiment/json/jsontext"
)

// FuzzDecodeIntake feeds arbitrary bodies to the public intake decoder, the
// one endpoint anyone on the internet can reach: JSON through the strict
// decoder and then validation, and the same bytes as a form-encoded body.
// It needs no server, database or vendor catalog, so an input costs tens
// of microseconds. Nothing may panic; every refusal is an invalid
// *callmatch.Error (400 or 422) whose fields are paths of the form or keys
// the body holds; and a form that validates survives what storing it does,
// a JSON round trip, unchanged and still valid.
func FuzzDecodeIntake(f *testing.F) {
	for _, form := range demo.Intakes() {
		b, err := json.Marshal(form)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{``, `{}`, `null`, `[]`, `{"records": 1e400}`, `{"start_date": "2026-02-30"}`,
		`{"languages": [{"code": "es", "share": -0}]}`, `{"campaign": {"name": "x"}} {}`,
		`{"priorities": {"cost": 1e308, "quality": 1e308}}`, `{"records": -9223372036854775808}`,
		"campaign.name=x&services=gotv&records=10&languages=es:1&start_date=2027-01-01",
		`{"campaign": {"name": "x", "a\"b": 1}}`, `{"LANGUAGES": [{"Share": "x"}]}`,
		`{"issue_areas": ["healthcare", "x"], "audiences": ["seniors", "seniors"], "requirements": {"min_agent_wage_cents": 99999}}`,
		"issue_areas=healthcare,crypto&audiences=seniors&requirements.min_agent_wage_dollars=18.5.0",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var form intake.Form
		if err := callmatch.UnmarshalJSON(body, &form); err != nil {
			checkDecodeError(t, body, err)
		} else {
			checkForm(t, "json", form, true)
		}
		if values, err := url.ParseQuery(string(body)); err == nil {
			form, err := intake.ParseValues(values)
			if err != nil {
				checkInvalid(t, "form", err, formField)
				return
			}
			checkForm(t, "form", form, true)
		}
	})
}

// checkForm runs what the handler runs after decoding, then stores the
// form the way the database does (as JSON) and reads it back.
func checkForm(t *testing.T, step string, form intake.Form, roundTrip bool) {
	t.Helper()
	form.ApplyDefaults()
	if err := form.Validate(); err != nil {
		checkInvalid(t, step+": validate", err, formField)
		return
	}
	// A valid form is one the engine takes: its own checks of the request
	// run before any vendor is looked at, so an empty catalog is enough.
	if err := form.ValidateForMatch(); err != nil {
		t.Fatalf("%s: valid form refused for matching: %v", step, err)
	}
	if _, err := matching.Match(emptyCatalog(), form.MatchRequest(), matching.Options{AsOf: demo.AsOf, Weights: form.Priorities}); err != nil {
		t.Fatalf("%s: valid form refused by the engine: %v", step, err)
	}
	if !roundTrip {
		return
	}
	b, err := json.Marshal(form)
	if err != nil {
		t.Fatalf("%s: valid form does not encode: %v", step, err)
	}
	var again intake.Form
	if err := callmatch.UnmarshalJSON(b, &again); err != nil {
		t.Fatalf("%s: valid form, encoded, is refused: %v\n%s", step, err, b)
	}
	if !reflect.DeepEqual(form, again) {
		t.Fatalf("%s: round trip changed the form:\n got %#v\nwant %#v", step, again, form)
	}
	again.ApplyDefaults()
	if !reflect.DeepEqual(form, again) {
		t.Fatalf("%s: defaults applied twice changed the form:\n got %#v\nwant %#v", step, again, form)
	}
	if err := again.Validate(); err != nil {
		t.Fatalf("%s: valid form, round-tripped, is refused: %v", step, err)
	}
}

var emptyCatalog = sync.OnceValue(func() *matching.Catalog { return matching.NewCatalog(nil, "fuzz") })

// checkDecodeError holds a decoder refusal to the rules above. A field it
// names is a form path (a wrong type) or, for an unknown or repeated key
// (repeats are refused before the key is looked up), a path ending in a
// key that the body's JSON value really holds.
func checkDecodeError(t *testing.T, body []byte, err error) {
	t.Helper()
	e := checkInvalid(t, "decode", err, func(path string) bool { return path == "body" || formField(path) })
	for path, msg := range e.Fields {
		if isUnknownField(msg) && !endsInKey(path, bodyKeys(body)) {
			t.Fatalf("decode: unknown field %q does not end in a key of the body: %v", path, err)
		}
		// A repeat is found while the body is still being read, so a body
		// malformed later holds the key only as text.
		if isRepeated(msg) && !bytes.Contains(body, []byte(strconv.Quote(lastKey(path)))) {
			t.Fatalf("decode: repeated field %q is not a key of the body: %v", path, err)
		}
	}
}

func isUnknownField(msg string) bool { return strings.HasPrefix(msg, "unknown field") }

// namesBodyKey reports whether msg is about a key as the body spelled it,
// known to the form or not: an unknown key, or one given twice.
func namesBodyKey(msg string) bool { return isUnknownField(msg) || isRepeated(msg) }

func isRepeated(msg string) bool { return strings.HasPrefix(msg, "appears more than once") }

// lastKey is the last key of a field path as the body spelled it; the
// empty key is shown as "".
func lastKey(path string) string {
	key := path[strings.LastIndexAny(path, ".]")+1:]
	if key == `""` {
		return ""
	}
	return key
}

// endsInKey reports whether path is key or parent.key for one of keys;
// an empty key is shown as "".
func endsInKey(path string, keys map[string]bool) bool {
	for key := range keys {
		if key == "" {
			key = `""`
		}
		if path == key || strings.HasSuffix(path, "."+key) {
			return true
		}
	}
	return false
}

// checkInvalid checks that err is an invalid *callmatch.Error, answered
// with 400 (unreadable) or 422 (fields named), each field saying what is
// wrong. Fields must satisfy known, except an unknown field's.
func checkInvalid(t *testing.T, step string, err error, known func(path string) bool) *callmatch.Error {
	t.Helper()
	e, ok := err.(*callmatch.Error)
	if !ok {
		t.Fatalf("%s: error %T, want *callmatch.Error: %v", step, err, err)
	}
	if e.Code != callmatch.EINVALID || e.Message == "" {
		t.Fatalf("%s: code %q, message %q, want invalid with a message: %v", step, e.Code, e.Message, err)
	}
	if s := StatusOf(err); s != http.StatusBadRequest && s != http.StatusUnprocessableEntity {
		t.Fatalf("%s: status %d, want 400 or 422: %v", step, s, err)
	}
	for path, msg := range e.Fields {
		if msg == "" {
			t.Fatalf("%s: field %q without a message", step, path)
		}
		if !namesBodyKey(msg) && !known(path) {
			t.Fatalf("%s: field %q is not a path of the form: %v", step, path, err)
		}
	}
	return e
}

// formField reports whether path, list indexes aside, names a part of
// intake.Form, or budget_dollars, which only the form-encoded body has.
func formField(path string) bool {
	var b strings.Builder
	for rest := path; rest != ""; {
		before, after, found := strings.Cut(rest, "[")
		b.WriteString(before)
		if !found {
			break
		}
		index, tail, closed := strings.Cut(after, "]")
		if !closed || index == "" || strings.Trim(index, "0123456789") != "" {
			return false
		}
		rest = tail
	}
	return formOnlyInputs[b.String()] || formPaths()[b.String()]
}

// formOnlyInputs are the form-encoded inputs that have no JSON twin: the
// page's money in dollars and its percentages.
var formOnlyInputs = map[string]bool{"budget_dollars": true, "languages.percent": true, "requirements.cell_percent": true,
	"requirements.min_agent_wage_dollars": true}

// formPaths is every JSON path of intake.Form, dotted and without list
// indexes (campaign.name, languages.share), read from the struct tags so
// that a field added to the form is known here too.
var formPaths = sync.OnceValue(func() map[string]bool {
	paths := map[string]bool{}
	var walk func(prefix string, t reflect.Type)
	walk = func(prefix string, t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			return
		}
		for i := range t.NumField() {
			sf := t.Field(i)
			name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
			if !sf.IsExported() || name == "-" {
				continue
			}
			if name == "" {
				name = sf.Name
			}
			if prefix != "" {
				name = prefix + "." + name
			}
			paths[name] = true
			walk(name, sf.Type)
		}
	}
	walk("", reflect.TypeFor[intake.Form]())
	return paths
})

// bodyKeys is every object key in the body's first JSON value, at any
// depth, up to where the body stops being JSON: the decoder reads as it
// goes, so it may refuse a key before it meets the broken part.
func bodyKeys(body []byte) map[string]bool {
	dec := jsontext.NewDecoder(bytes.NewReader(body), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	keys := map[string]bool{}
	for {
		tok, err := dec.ReadToken()
		if err != nil {
			return keys
		}
		kind, length := dec.StackIndex(dec.StackDepth())
		if tok.Kind() == '"' && kind == '{' && length%2 == 1 {
			keys[tok.String()] = true
		}
		if dec.StackDepth() == 0 {
			return keys
		}
	}
}
