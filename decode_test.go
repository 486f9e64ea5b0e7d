package callmatch_test

import (
	"strings"
	"testing"
	"testing/iotest"

	"callmatch"
)

type language struct {
	Code  string `json:"code"`
	Seats int    `json:"seats"`
}

type vendor struct {
	Name      string     `json:"name"`
	Languages []language `json:"languages"`
	Calendar  []struct {
		WeekStart callmatch.Date `json:"week_start"`
	} `json:"calendar"`
	Share float64 `json:"share"`
}

type document struct {
	Vendors   []vendor       `json:"vendors"`
	StartDate callmatch.Date `json:"start_date"`
	Records   int64          `json:"records"`
	Small     int32          `json:"small"`
	Open      bool           `json:"open"`
}

// embedded is how api.MatchRequest extends intake.Form.
type embedded struct {
	document
	Limit int `json:"limit"`
}

func TestUnmarshalJSONRefusals(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		code    string
		message string // substring of the message
		field   string // the field named, "" for none
		detail  string // substring of the field's message
	}{
		{name: "empty", body: " \n", message: "empty"},
		{name: "syntax with line and column", body: "{\n \"records\": 1,,\n}", message: "Malformed JSON at line 2, column 15"},
		{name: "truncated", body: `{"vendors": [{"name": "x"`, message: "ends too early"},
		{name: "two values", body: "{}\n{}", message: "single JSON value; another one starts at line 2, column 1"},
		{name: "invalid UTF-8", body: "{\"vendors\": [{\"name\": \"\xff\"}]}", message: "UTF-8"},
		{name: "unknown field with path", body: `{"vendors": [{}, {"name": "x", "fee_bps": 1}]}`,
			field: "vendors[1].fee_bps", detail: "unknown field; expected one of name, languages, calendar, share"},
		{name: "unknown top-level field", body: `{"fee_bps": 1}`, field: "fee_bps", detail: "expected one of vendors, start_date"},
		{name: "empty key", body: `{"vendors": [{"": 1}]}`, field: `vendors[0].""`, detail: "unknown field"},
		{name: "duplicate field", body: `{"records": 1, "records": 2}`, field: "records", detail: "more than once"},
		{name: "wrong type keeps indexes", body: `{"vendors": [{}, {}, {}, {"languages": [{}, {"seats": "many"}]}]}`,
			field: "vendors[3].languages[1].seats", detail: `must be a whole number, not the string "many" (line 1, column 55)`},
		{name: "fraction for a whole number", body: `{"records": 1000.5}`, field: "records", detail: "must be a whole number, not 1000.5 (line 1, column 13)"},
		{name: "exponent for a whole number", body: `{"records": 1e3}`, field: "records", detail: "without a fraction or exponent (1000), not 1e3"},
		{name: "long string shortened", body: `{"records": "` + strings.Repeat("é", 40) + `"}`, field: "records", detail: `not the string "` + strings.Repeat("é", 27) + `…"`},
		{name: "whole number out of range", body: `{"small": 3000000000}`, field: "small", detail: "from -2147483648 to 2147483647"},
		{name: "number too large", body: `{"vendors": [{"share": 1e400}]}`, field: "vendors[0].share", detail: "fits in 64 bits, not 1e400"},
		{name: "list for a string", body: `{"vendors": [{"name": []}]}`, field: "vendors[0].name", detail: "must be a string, not a list"},
		{name: "string for a bool", body: `{"open": "yes"}`, field: "open", detail: `must be true or false, not the string "yes"`},
		{name: "bad date names the field", body: "{\n  \"start_date\": \"10/12/2026\"\n}", field: "start_date",
			detail: `"10/12/2026" is not a date in the form YYYY-MM-DD (line 2, column 17)`},
		{name: "bad calendar date keeps the index", body: `{"vendors": [{}, {}, {"calendar": [{"week_start": "2026-02-30"}]}]}`,
			field: "vendors[2].calendar[0].week_start", detail: `"2026-02-30" is not a date`},
		{name: "date not a string", body: `{"start_date": 20260101}`, field: "start_date", detail: "expected a date string YYYY-MM-DD"},
		{name: "keys are spelled exactly", body: `{"vendors": [{"Languages": []}]}`,
			field: "vendors[0].Languages", detail: "unknown field; expected one of name, languages"},
		{name: "digits as a key are not an index", body: `{"vendors": [{"0": 1}]}`, field: "vendors[0].0", detail: "unknown field"},
		{name: "not an object", body: `[1]`, message: "Expected an object, got a list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d document
			err := callmatch.UnmarshalJSON([]byte(tt.body), &d)
			e, ok := err.(*callmatch.Error)
			if !ok {
				t.Fatalf("error %T %v, want *callmatch.Error", err, err)
			}
			if e.Code != callmatch.EINVALID {
				t.Errorf("code %q, want invalid", e.Code)
			}
			if !strings.Contains(e.Message, tt.message) {
				t.Errorf("message %q lacks %q", e.Message, tt.message)
			}
			if tt.field == "" {
				if len(e.Fields) > 0 {
					t.Errorf("fields %v, want none", e.Fields)
				}
				return
			}
			if len(e.Fields) != 1 || !strings.Contains(e.Fields[tt.field], tt.detail) {
				t.Errorf("fields %v, want %s: …%s…", e.Fields, tt.field, tt.detail)
			}
		})
	}
}

func TestUnmarshalJSONAccepts(t *testing.T) {
	body := `{"vendors": [{"name": "x", "languages": [{"code": "es", "seats": 3}], "calendar": [{"week_start": "2026-10-05"}]}],
		"start_date": "2026-10-12", "records": 1000, "limit": 5}`
	var e embedded
	if err := callmatch.UnmarshalJSON([]byte(body), &e); err != nil {
		t.Fatal(err)
	}
	v := e.Vendors[0]
	if v.Name != "x" || v.Languages[0].Seats != 3 || v.Calendar[0].WeekStart.String() != "2026-10-05" ||
		e.StartDate.String() != "2026-10-12" || e.Records != 1000 || e.Limit != 5 {
		t.Errorf("decoded %+v", e)
	}
	var unknown embedded
	err := callmatch.UnmarshalJSON([]byte(`{"limit": 1, "limits": 2}`), &unknown)
	if e, ok := err.(*callmatch.Error); !ok || !strings.Contains(e.Fields["limits"], "vendors, start_date, records, small, open, limit") {
		t.Errorf("unknown field of an embedding struct: %v", err)
	}
}

func TestDecodeJSONLimit(t *testing.T) {
	var d document
	if err := callmatch.DecodeJSON(strings.NewReader(`{"records": 12}`), 15, &d); err != nil || d.Records != 12 {
		t.Fatalf("at the limit: %v %+v", err, d)
	}
	err := callmatch.DecodeJSON(strings.NewReader(`{"records": 123}`), 15, &d)
	if callmatch.ErrorCode(err) != callmatch.ETOOLARGE {
		t.Errorf("over the limit: %v", err)
	}
	err = callmatch.DecodeJSON(iotest.ErrReader(iotest.ErrTimeout), 15, &d)
	if callmatch.ErrorCode(err) != callmatch.EINVALID {
		t.Errorf("read error: %v", err)
	}
}

// TestJSONValueDecode checks that a part of a document, decoded alone,
// reports lines and columns of the whole document.
func TestJSONValueDecode(t *testing.T) {
	doc := []byte("[\n  {\"name\": \"a\"},\n  {\"name\": \"b\",\n   \"share\": \"x\"}\n]")
	var rows []callmatch.JSONValue
	if err := callmatch.UnmarshalJSON(doc, &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || string(rows[0].Raw) != `{"name": "a"}` || doc[rows[1].Offset] != '{' {
		t.Fatalf("rows %+v", rows)
	}
	var v vendor
	if err := rows[0].Decode(doc, &v); err != nil || v.Name != "a" {
		t.Fatalf("row 1: %v %+v", err, v)
	}
	err := rows[1].Decode(doc, &v)
	e, ok := err.(*callmatch.Error)
	if !ok || !strings.HasSuffix(e.Fields["share"], "(line 4, column 13)") {
		t.Errorf("row 2: %v", err)
	}
}
