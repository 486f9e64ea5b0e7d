package catalog_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"

	"callmatch"
	"callmatch/catalog"
	"callmatch/demo"
)

// wantProblem matches a RowProblem: same row and field, message containing msg.
type wantProblem struct {
	row   int
	field string
	msg   string
}

func checkProblems(t *testing.T, got []catalog.RowProblem, want []wantProblem) {
	t.Helper()
	ok := len(got) == len(want)
	for i := 0; ok && i < len(want); i++ {
		ok = got[i].Row == want[i].row && got[i].Field == want[i].field && strings.Contains(got[i].Message, want[i].msg)
	}
	if !ok {
		t.Errorf("problems:\n got  %+v\n want %+v", got, want)
	}
}

// jv is a small valid vendor in JSON; extra fields are spliced in.
// A capacity in extra replaces the default one: a key may appear once.
func jv(slug, extra string) string {
	capacity := `, "capacity": {"hours_per_day": 8}`
	if strings.Contains(extra, `"capacity"`) {
		capacity = ""
	}
	return fmt.Sprintf(`{"slug": %q, "name": "Vendor %s", "status": "active"%s%s}`, slug, slug, capacity, extra)
}

func TestParseVendorFileJSON(t *testing.T) {
	tests := []struct {
		name  string
		input string
		rows  int // len of the vendors slice
		want  []wantProblem
	}{
		{"array", "[" + jv("a", "") + "," + jv("b", "") + "]", 2, nil},
		{"list response", `{"vendors": [` + jv("a", "") + `], "total": 1, "page": 1, "per_page": 50}`, 1, nil},
		{"byte-order mark", "\xef\xbb\xbf[" + jv("a", "") + "]", 1, nil},
		{"empty list", "[]", 0, nil},
		{"empty file", "", 0, []wantProblem{{0, "", "the file is empty"}}},
		{"only spaces", " \n\t ", 0, []wantProblem{{0, "", "the file is empty"}}},
		{"not a list", `"vendors"`, 0, []wantProblem{{0, "", "expected a JSON array of vendors"}}},
		{"malformed", "[\n" + jv("a", "") + ",\n {\"name\": \"x\",}\n]", 0,
			[]wantProblem{{0, "", "Malformed JSON at line 3, column 15"}}},
		{"truncated", "[" + jv("a", ""), 0, []wantProblem{{0, "", "ends too early"}}},
		{"trailing data", "[" + jv("a", "") + "] []", 0, []wantProblem{{0, "", "single JSON value; another one starts at line 1"}}},
		{"unknown top-level field", `{"vendors": [], "next": 2}`, 0, []wantProblem{{0, "next", "unknown field; expected one of vendors, total, page, per_page"}}},
		{"object without vendors", `{"total": 0}`, 0, []wantProblem{{0, "vendors", "is required"}}},
		{"vendors not a list", `{"vendors": {}}`, 0, []wantProblem{{0, "vendors", "must be a list"}}},

		{"unknown field", "[" + jv("a", `, "colour": "blue"`) + "]", 1,
			[]wantProblem{{1, "colour", "unknown field; expected one of id, slug, name"}}},
		{"unknown nested field", "[" + jv("a", `, "sites": [{"country": "US", "region": "TX", "city": "Austin", "timezone": "America/Chicago", "seats": 5, "floor": 2}]`) + "]", 1,
			[]wantProblem{{1, "sites[0].floor", "expected one of country, region, city, timezone, seats"}}},
		{"field names are spelled exactly", "[" + jv("a", `, "Union_Shop": true`) + "]", 1,
			[]wantProblem{{1, "Union_Shop", "unknown field; expected one of id, slug"}}},
		{"wrong type", "[" + jv("a", "") + "," + jv("b", `, "languages": [{"code": "en", "seats": 5}, {"code": "es", "seats": "many"}]`) + "]", 2,
			[]wantProblem{{2, "languages[1].seats", `must be a whole number, not the string "many" (line 1, column 244)`}}},
		{"fraction for a whole number", "[" + jv("a", `, "capacity": {"hours_per_day": 8, "ramp_up_days": 2.5}`) + "]", 1,
			[]wantProblem{{1, "capacity.ramp_up_days", "must be a whole number, not 2.5"}}},
		{"bad date", "[" + jv("a", `, "certifications": [{"kind": "pci_dss", "status": "verified", "expires_on": "2027-02-30"}]`) + "]", 1,
			[]wantProblem{{1, "certifications[0].expires_on", `"2027-02-30" is not a date in the form YYYY-MM-DD`}}},
		{"date not a string", "[" + jv("a", `, "capacity": {"hours_per_day": 8, "calendar": [{"week_start": 20240101, "seats_available": 1}]}`) + "]", 1,
			[]wantProblem{{1, "capacity.calendar[0].week_start", "expected a date string YYYY-MM-DD, got 20240101"}}},
		// A key twice makes the JSON ambiguous: the file is refused, even
		// with invalid rows skipped, and the problem names the row.
		{"a key twice in a row", "[" + jv("a", "") + ",\n" + jv("b", `, "name": "again"`) + "]", 0,
			[]wantProblem{{2, "name", "appears more than once (line 2, column 89)"}}},
		{"null row", "[" + jv("a", "") + ", null]", 2, []wantProblem{{2, "", "must be a vendor object, not null"}}},
		{"row not an object", "[5]", 1, []wantProblem{{1, "", "Expected an object, got the number 5 (line 1, column 2)"}}},

		{"invalid code", "[" + jv("a", `, "serves": ["green"]`) + "]", 1,
			[]wantProblem{{1, "serves[0]", "must be one of democratic, republican, independent, nonpartisan"}}},
		{"status required", `[{"slug": "a", "name": "A", "capacity": {"hours_per_day": 8}}]`, 1,
			[]wantProblem{{1, "status", "must be one of draft, pending_review, active, suspended"}}},
		{"every field problem of a row", `[{"slug": "A B", "status": "live", "capacity": {"hours_per_day": 8}}]`, 1,
			[]wantProblem{{1, "name", "is required"}, {1, "slug", "lowercase"}, {1, "status", "must be one of"}}},
		{"duplicate slug", "[" + jv("a", "") + "," + jv("b", "") + "," + jv("a", "") + "]", 3,
			[]wantProblem{{3, "slug", "a is already used by row 1"}}},
		{"duplicate of a derived slug", `[{"name": "Lone Star", "status": "draft", "capacity": {"hours_per_day": 8}}, ` + jv("lone-star", "") + "]", 2,
			[]wantProblem{{2, "slug", "lone-star is already used by row 1"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vs, problems, err := catalog.ParseVendorFile("vendors.json", strings.NewReader(tt.input))
			if err != nil {
				t.Fatalf("error %v", err)
			}
			if len(vs) != tt.rows {
				t.Errorf("got %d rows, want %d", len(vs), tt.rows)
			}
			checkProblems(t, problems, tt.want)
		})
	}
}

func TestParseVendorFileDerivesSlug(t *testing.T) {
	vs, problems, err := catalog.ParseVendorFile("v.JSON", strings.NewReader(`[{"name": "Lone Star Contact, Inc.", "status": "draft", "capacity": {"hours_per_day": 8}}]`))
	if err != nil || len(problems) > 0 {
		t.Fatalf("err %v, problems %v", err, problems)
	}
	if vs[0].Slug != "lone-star-contact-inc" {
		t.Errorf("slug %q", vs[0].Slug)
	}
}

func TestParseVendorFileErrors(t *testing.T) {
	_, _, err := catalog.ParseVendorFile("vendors.xlsx", strings.NewReader("x"))
	if callmatch.ErrorCode(err) != callmatch.EINVALID || !strings.Contains(err.Error(), ".json or .csv") {
		t.Errorf("unknown extension: %v", err)
	}
	broken := errors.New("disk on fire")
	for _, name := range []string{"vendors.json", "vendors.csv"} {
		_, _, err := catalog.ParseVendorFile(name, iotest.ErrReader(broken))
		if !errors.Is(err, broken) {
			t.Errorf("%s: unreadable file gave %v", name, err)
		}
	}
}

func TestImportPlan(t *testing.T) {
	a, b, c := &catalog.Vendor{Slug: "a"}, &catalog.Vendor{Slug: "b"}, &catalog.Vendor{Slug: "c"}
	problems := []catalog.RowProblem{{Row: 2, Field: "status", Message: "must be one of draft"},
		{Row: 2, Field: "name", Message: "is required"}, {Row: 3, Field: "slug", Message: "is taken"}}

	valid, report, err := catalog.ImportPlan([]*catalog.Vendor{a, b, c}, nil, false)
	if err != nil || len(valid) != 3 || report.Skipped != 0 || report.Problems == nil {
		t.Errorf("clean file: %v, %d valid, report %+v", err, len(valid), report)
	}

	valid, report, err = catalog.ImportPlan([]*catalog.Vendor{a, b, c}, problems, false)
	var e *callmatch.Error
	if !errors.As(err, &e) || e.Code != callmatch.EINVALID || valid != nil {
		t.Fatalf("invalid rows without skip: valid %v, err %v", valid, err)
	}
	if !strings.Contains(e.Message, "2 of 3 rows are not valid, so nothing was imported") ||
		e.Fields["row 2: status"] != "must be one of draft" || report.Skipped != 3 || len(report.Problems) != 3 {
		t.Errorf("refusal: %+v, report %+v", e, report)
	}

	valid, report, err = catalog.ImportPlan([]*catalog.Vendor{a, b, c}, problems, true)
	if err != nil || !reflect.DeepEqual(valid, []*catalog.Vendor{a}) || report.Skipped != 2 || len(report.Problems) != 3 {
		t.Errorf("skip invalid: %v, valid %v, report %+v", err, valid, report)
	}

	// A row that could not be decoded is never imported, problem or not.
	valid, report, err = catalog.ImportPlan([]*catalog.Vendor{a, nil}, nil, true)
	if err != nil || len(valid) != 1 || report.Skipped != 1 {
		t.Errorf("nil row: %v, valid %v, report %+v", err, valid, report)
	}

	// A problem with the whole file refuses it even when skipping.
	valid, _, err = catalog.ImportPlan(nil, []catalog.RowProblem{{Message: "malformed JSON at line 3"}}, true)
	if callmatch.ErrorCode(err) != callmatch.EINVALID || !strings.Contains(err.Error(), "malformed JSON at line 3") || valid != nil {
		t.Errorf("file problem: valid %v, err %v", valid, err)
	}
}

// TestImportPlanFromFile runs the whole path a CLI import takes.
func TestImportPlanFromFile(t *testing.T) {
	input := "[" + jv("a", "") + "," + jv("b", `, "serves": ["green"]`) + "]"
	vs, problems, err := catalog.ParseVendorFile("v.json", strings.NewReader(input))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := catalog.ImportPlan(vs, problems, false); callmatch.ErrorCode(err) != callmatch.EINVALID {
		t.Errorf("want a refusal, got %v", err)
	}
	valid, report, err := catalog.ImportPlan(vs, problems, true)
	if err != nil || len(valid) != 1 || valid[0].Slug != "a" || report.Skipped != 1 {
		t.Errorf("skip: %v %v %+v", err, valid, report)
	}
}

func TestJSONRoundTrip(t *testing.T) {
	want := demo.Vendors(demo.DefaultVendorCount)
	list, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	page, err := json.Marshal(map[string]any{"vendors": want, "total": len(want), "page": 1, "per_page": len(want)})
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"array": list, "list response": page} {
		got, problems, err := catalog.ParseVendorFile("demo.json", bytes.NewReader(data))
		if err != nil || len(problems) > 0 {
			t.Fatalf("%s: err %v, problems %v", name, err, problems)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: demo vendors changed on the way through JSON", name)
		}
	}
}
