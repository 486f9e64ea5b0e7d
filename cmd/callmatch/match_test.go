package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"callmatch/matching"
)

// runCLI runs the command in process and reports what main would: the
// exit status, stdout and the line on stderr.
func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, &out, &errOut)
	var ue usageError
	switch {
	case err == nil:
		code = 0
	case errors.As(err, &ue):
		code = 2
		errOut.WriteString("callmatch: " + ue.msg + "\n")
	default:
		code = 1
		errOut.WriteString("callmatch: " + err.Error() + "\n")
	}
	return code, out.String(), errOut.String()
}

const (
	handCatalog = "testdata/match/catalog.json"
	handIntake  = "testdata/match/intake.json"
)

func TestMatchHandWrittenFiles(t *testing.T) {
	code, out, errOut := runCLI(t, "match", "--catalog", handCatalog, "--intake", handIntake, "--as-of", "2026-10-01")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var res matching.Result
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("stdout is not a result: %v", err)
	}
	if res.AsOf != "2026-10-01" || res.Method != "saw" || !strings.HasPrefix(res.CatalogVersion, "sha256:") {
		t.Errorf("header %s %s %s", res.AsOf, res.Method, res.CatalogVersion)
	}
	var names []string
	for _, c := range res.Shortlist {
		names = append(names, c.VendorName)
	}
	if len(names) != 2 || len(res.Excluded) != 1 || res.Excluded[0].VendorName != "Pacific Bridge Calls" {
		t.Errorf("shortlist %v, excluded %+v", names, res.Excluded)
	}
	if res.ExclusionSummary["offshore_not_allowed"] != 1 || res.ExclusionSummary["union_required"] != 1 {
		t.Errorf("summary %v", res.ExclusionSummary)
	}

	// Same input, same bytes; --limit and --method reach the engine.
	_, again, _ := runCLI(t, "match", "--catalog", handCatalog, "--intake", handIntake, "--as-of", "2026-10-01")
	if again != out {
		t.Error("two runs differ")
	}
	_, top, _ := runCLI(t, "match", "--catalog", handCatalog, "--intake", handIntake, "--as-of", "2026-10-01",
		"--method", "topsis", "--limit", "1")
	var r2 matching.Result
	if err := json.Unmarshal([]byte(top), &r2); err != nil || r2.Method != "topsis" || len(r2.Shortlist) != 1 {
		t.Errorf("topsis limit 1: %v %s %d", err, r2.Method, len(r2.Shortlist))
	}
}

func TestMatchDefaultsAsOfToToday(t *testing.T) {
	code, out, errOut := runCLI(t, "match", "--catalog", handCatalog, "--intake", handIntake)
	if code != 0 || !strings.Contains(out, `"as_of": "`) {
		t.Fatalf("exit %d %s", code, errOut)
	}
}

// edit returns a copy of a hand-written file with one substring replaced,
// written to a temp dir under the same base name.
func edit(t *testing.T, path, old, new string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if old != "" && !bytes.Contains(b, []byte(old)) {
		t.Fatalf("%s does not contain %q", path, old)
	}
	out := filepath.Join(t.TempDir(), filepath.Base(path))
	if err := os.WriteFile(out, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestMatchBadInput(t *testing.T) {
	cases := []struct {
		name     string
		catalog  func(t *testing.T) string
		intake   func(t *testing.T) string
		flags    []string
		contains []string // file, field, expectation
	}{
		{name: "catalog not JSON", catalog: func(t *testing.T) string { return edit(t, handCatalog, `"vendors": [`, `"vendors": [[`) },
			contains: []string{"catalog.json", "vendors[0]", "must be an object, not a list", "line 2, column 15"}},
		{name: "catalog missing", catalog: func(t *testing.T) string { return edit(t, handCatalog, "", "") + "x" },
			contains: []string{"catalog.jsonx", "cannot read"}},
		{name: "catalog empty", catalog: func(t *testing.T) string {
			p := filepath.Join(t.TempDir(), "catalog.json")
			os.WriteFile(p, nil, 0o644)
			return p
		}, contains: []string{"catalog.json", "empty"}},
		{name: "unknown code", catalog: func(t *testing.T) string {
			return edit(t, handCatalog, `["gotv", "fundraising"]`, `["gotv", "fundraisin"]`)
		},
			contains: []string{"catalog.json", "vendors[0].services[1]", `"fundraisin" is not allowed`}},
		{name: "wrong type", catalog: func(t *testing.T) string { return edit(t, handCatalog, `"seats": 120}]`, `"seats": "120"}]`) },
			contains: []string{"catalog.json", "vendors[0].sites[0].seats", `must be a whole number, not the string "120"`, "line 7"}},
		{name: "unknown vendor field", catalog: func(t *testing.T) string {
			return edit(t, handCatalog, `"union_shop": true,`, `"union_shop": true, "fee_rate": 0.1,`)
		},
			contains: []string{"catalog.json", "vendors[0].fee_rate: unknown field; expected one of id, slug", "line 6"}},
		{name: "invalid vendor", catalog: func(t *testing.T) string { return edit(t, handCatalog, `"hours_per_day": 9`, `"hours_per_day": 0`) },
			contains: []string{"catalog.json", "vendors[1] (rio-grande-phones)", "vendors[1].capacity.hours_per_day", "more than 0"}},
		{name: "duplicate ids", catalog: func(t *testing.T) string { return edit(t, handCatalog, `"v-manila"`, `"v-lone-star"`) },
			contains: []string{"catalog.json", "vendors[2].id", "vendors[0]", "unique"}},
		{name: "partial export", catalog: func(t *testing.T) string { return edit(t, handCatalog, `"total": 3`, `"total": 30`) },
			contains: []string{"catalog.json", "total", "3 of 30"}},
		{name: "no vendors key", catalog: func(t *testing.T) string { return edit(t, handCatalog, `"vendors": [`, `"vendor": [`) },
			contains: []string{"catalog.json", "vendor: unknown field; expected one of vendors, total, page, per_page"}},
		{name: "two documents", catalog: func(t *testing.T) string { return edit(t, handCatalog, `"per_page": 50`, `"per_page": 50} {`) },
			contains: []string{"catalog.json", "single JSON value", "line 44"}},
		{name: "unknown intake field", intake: func(t *testing.T) string { return edit(t, handIntake, `"message"`, `"mesage"`) },
			contains: []string{"intake.json", "mesage: unknown field; expected one of", "message"}},
		{name: "unknown service", intake: func(t *testing.T) string {
			return edit(t, handIntake, `"services": ["gotv"]`, `"services": ["robocall"]`)
		},
			contains: []string{"intake.json", "services[0]", "must be one of"}},
		{name: "shares", intake: func(t *testing.T) string { return edit(t, handIntake, `"share": 0.3`, `"share": 0.2`) },
			contains: []string{"intake.json", "languages", "sum to 1"}},
		{name: "end before start", intake: func(t *testing.T) string {
			return edit(t, handIntake, `"end_date": "2026-11-03"`, `"end_date": "2026-10-01"`)
		},
			contains: []string{"intake.json", "end_date", "after start_date"}},
		{name: "negative records", intake: func(t *testing.T) string { return edit(t, handIntake, `"records": 250000`, `"records": -5`) },
			contains: []string{"intake.json", "records", "negative"}},
		{name: "bad date", intake: func(t *testing.T) string { return edit(t, handIntake, `"2026-10-12"`, `"2026-13-12"`) },
			contains: []string{"intake.json", "YYYY-MM-DD"}},
		{name: "zero priorities", intake: func(t *testing.T) string {
			return edit(t, handIntake, `"cost": 0.3, "quality": 0.25, "capacity": 0.2, "experience": 0.15, "readiness": 0.1`, `"cost": 0`)
		}, contains: []string{"intake.json", "priorities", "more than 0"}},
		// Decoding errors name the field's full path, the line and column.
		{name: "date not in the form names start_date", intake: func(t *testing.T) string {
			return edit(t, handIntake, `"start_date": "2026-10-12"`, `"start_date": "10/12/2026"`)
		}, contains: []string{"intake.json", `start_date: "10/12/2026" is not a date in the form YYYY-MM-DD`, "line 7"}},
		{name: "fraction of a record", intake: func(t *testing.T) string { return edit(t, handIntake, `"records": 250000`, `"records": 1000.5`) },
			contains: []string{"intake.json", "records: must be a whole number, not 1000.5", "line 6"}},
		{name: "bad calendar date names the vendor", catalog: func(t *testing.T) string {
			return edit(t, handCatalog, `"calendar": []},`, `"calendar": [{"week_start": "2026-02-30", "seats_available": 1}]},`)
		}, contains: []string{"catalog.json", `vendors[1].capacity.calendar[0].week_start: "2026-02-30" is not a date`, "line 24"}},
		{name: "language seats keep the indexes", catalog: func(t *testing.T) string {
			return edit(t, handCatalog, `{"code": "es", "seats": 90}`, `{"code": "es", "seats": "many"}`)
		}, contains: []string{"catalog.json", `vendors[1].languages[1].seats: must be a whole number, not the string "many"`, "line 23"}},
		{name: "unknown issue area lists the allowed codes", intake: func(t *testing.T) string {
			return edit(t, handIntake, `"message"`, `"issue_areas": ["healthcare", "crypto"], "message"`)
		}, contains: []string{"intake.json", `issue_areas[1]: "crypto" is not allowed; must be one of economy, healthcare`, "local_ballot_measure"}},
		{name: "unknown audience lists the allowed codes", intake: func(t *testing.T) string {
			return edit(t, handIntake, `"message"`, `"audiences": ["vietnamese"], "message"`)
		}, contains: []string{"intake.json", `audiences[0]: "vietnamese" is not allowed; must be one of seniors`, "low_propensity"}},
		{name: "attempts 0", intake: func(t *testing.T) string {
			return edit(t, handIntake, `"attempts_per_record": 2`, `"attempts_per_record": 0`)
		}, contains: []string{"intake.json", "attempts_per_record", "between 1 and 20"}},
		{name: "the end of time", intake: func(t *testing.T) string {
			return edit(t, handIntake, `"end_date": "2026-11-03"`, `"end_date": "9999-12-31"`)
		}, contains: []string{"intake.json", "end_date", "at most 366 days after start_date"}},
		{name: "ivr to cells without consent", intake: func(t *testing.T) string {
			return edit(t, handIntake, `"services": ["gotv"]`, `"services": ["gotv", "ivr_broadcast"]`)
		}, contains: []string{"intake.json", "requirements.cell_consent", "ivr_broadcast cannot call cell numbers without consent"}},
		{name: "absurd wage floor", intake: func(t *testing.T) string {
			return edit(t, handIntake, `"cell_consent": false`, `"cell_consent": false, "min_agent_wage_cents": 30000`)
		}, contains: []string{"intake.json", "requirements.min_agent_wage_cents", "$200 an hour"}},
		{name: "bad as-of", flags: []string{"--as-of", "10/01/2026"}, contains: []string{"--as-of", "YYYY-MM-DD"}},
		{name: "bad method", flags: []string{"--method", "ahp"}, contains: []string{"--method", "saw or topsis"}},
		{name: "negative limit", flags: []string{"--limit", "-1"}, contains: []string{"--limit"}},
		{name: "unknown flag", flags: []string{"--fast"}, contains: []string{"match:", "fast"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cat, in := handCatalog, handIntake
			if tc.catalog != nil {
				cat = tc.catalog(t)
			}
			if tc.intake != nil {
				in = tc.intake(t)
			}
			args := append([]string{"match", "--catalog", cat, "--intake", in, "--as-of", "2026-10-01"}, tc.flags...)
			code, out, errOut := runCLI(t, args...)
			if code != 2 {
				t.Fatalf("exit %d, want 2 (stderr %q)", code, errOut)
			}
			if out != "" {
				t.Errorf("stdout not empty: %.80q", out)
			}
			if strings.Count(errOut, "\n") != 1 || !strings.HasSuffix(errOut, "\n") {
				t.Errorf("stderr is not one line: %q", errOut)
			}
			for _, s := range tc.contains {
				if !strings.Contains(errOut, s) {
					t.Errorf("stderr %q lacks %q", errOut, s)
				}
			}
		})
	}
}

func TestMatchMissingFlags(t *testing.T) {
	for _, args := range [][]string{{"match"}, {"match", "--catalog", handCatalog}, {"match", "--intake", handIntake}, {"match", "extra"}} {
		code, out, errOut := runCLI(t, args...)
		if code != 2 || out != "" || !strings.Contains(errOut, "usage: callmatch match") {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
	}
}

// An intake file with messaging goals and a wage floor matches: the
// experience factor explains the goals, and vendors that declare no wage
// floor are excluded with wage_floor_not_met.
func TestMatchGoalsAndWageFloor(t *testing.T) {
	in := edit(t, handIntake, `"message"`, `"issue_areas": ["healthcare"], "audiences": ["seniors"], "message"`)
	code, out, errOut := runCLI(t, "match", "--catalog", handCatalog, "--intake", in, "--as-of", "2026-10-01")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var res matching.Result
	if err := json.Unmarshal([]byte(out), &res); err != nil || len(res.Shortlist) == 0 {
		t.Fatalf("%v %s", err, out)
	}
	if d := res.Shortlist[0].Factors[3].Detail; !strings.Contains(d, "healthcare") || !strings.Contains(d, "seniors") {
		t.Errorf("experience detail %q", d)
	}
	in = edit(t, handIntake, `"cell_consent": false`, `"cell_consent": false, "min_agent_wage_cents": 1800`)
	if code, out, errOut = runCLI(t, "match", "--catalog", handCatalog, "--intake", in, "--as-of", "2026-10-01"); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	res = matching.Result{}
	if err := json.Unmarshal([]byte(out), &res); err != nil || len(res.Shortlist) != 0 || res.ExclusionSummary["wage_floor_not_met"] != 3 {
		t.Errorf("wage floor over a catalog that declares none: %v %v", err, res.ExclusionSummary)
	}
}

const handBookings = "testdata/match/bookings.json"

// --bookings counts bookings against free seats: Rio Grande's Spanish
// seats of one week are booked by another intake, so it is excluded
// naming that week; the same bookings are the program's own with
// --intake-id, and it ranks first again. The version names both files.
func TestMatchBookings(t *testing.T) {
	match := func(extra ...string) matching.Result {
		t.Helper()
		args := append([]string{"match", "--catalog", handCatalog, "--intake", handIntake, "--as-of", "2026-10-01"}, extra...)
		code, out, errOut := runCLI(t, args...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		var res matching.Result
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatal(err)
		}
		return res
	}
	res := match("--bookings", handBookings)
	if !strings.Contains(res.CatalogVersion, "+bookings:sha256:") {
		t.Errorf("version %q does not name the bookings", res.CatalogVersion)
	}
	if len(res.Shortlist) != 1 || res.Shortlist[0].VendorID != "v-lone-star" {
		t.Fatalf("shortlist %+v", res.Shortlist)
	}
	var detail string
	for _, e := range res.Excluded {
		if e.VendorID == "v-rio-grande" {
			detail = e.Reasons[0].Code + ": " + e.Reasons[0].Detail
		}
	}
	if want := "insufficient_capacity: week of 2026-10-19: 90 Spanish seats declared, 85 booked, 5 free; needs 7.1"; detail != want {
		t.Errorf("Rio Grande: %q, want %q", detail, want)
	}
	if res := match("--bookings", handBookings, "--intake-id", "in-garcia"); len(res.Shortlist) != 2 || res.Shortlist[0].VendorID != "v-rio-grande" {
		t.Errorf("own bookings counted: %+v", res.Shortlist)
	}
}

func TestMatchBadBookings(t *testing.T) {
	cases := []struct {
		name, old, new string
		contains       []string
	}{
		{"unknown vendor", `"v-lone-star"`, `"v-lone-stra"`, []string{"bookings[1].vendor_id", `"v-lone-stra" is not a vendor of the catalog`}},
		{"not a Monday", `"2026-10-19"`, `"2026-10-20"`, []string{"bookings[0].week_start", "2026-10-20 is a Tuesday; expected a Monday"}},
		{"not a date", `"2026-10-19"`, `"19/10/2026"`, []string{"bookings[0].week_start", "YYYY-MM-DD", "line 3"}},
		{"negative seats", `"seats": 10.5`, `"seats": -2`, []string{"bookings[1].seats", "above 0, got -2"}},
		{"zero seats", `"seats": 10.5`, `"seats": 0`, []string{"bookings[1].seats", "above 0"}},
		{"seats not a number", `"seats": 85`, `"seats": "85"`, []string{"bookings[0].seats", "string", "line 3"}},
		{"unknown language", `"language": "es"`, `"language": "spanish"`, []string{"bookings[0].language", `"spanish" is not an ISO 639-1`}},
		{"unknown field", `"intake_id"`, `"intake"`, []string{"bookings[0].intake: unknown field"}},
		{"not a bookings file", `"bookings": [`, `"booking": [`, []string{"booking: unknown field"}},
		{"not JSON", `"bookings": [`, `"bookings": [[`, []string{"bookings[0]", "must be an object"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			bk := edit(t, handBookings, tc.old, tc.new)
			code, out, errOut := runCLI(t, "match", "--catalog", handCatalog, "--intake", handIntake, "--as-of", "2026-10-01", "--bookings", bk)
			if code != 2 || out != "" || strings.Count(errOut, "\n") != 1 {
				t.Fatalf("exit %d, stdout %.80q, stderr %q", code, out, errOut)
			}
			for _, s := range append([]string{"bookings.json"}, tc.contains...) {
				if !strings.Contains(errOut, s) {
					t.Errorf("stderr %q lacks %q", errOut, s)
				}
			}
		})
	}
	code, _, errOut := runCLI(t, "match", "--catalog", handCatalog, "--intake", handIntake, "--bookings", handBookings+"x")
	if code != 2 || !strings.Contains(errOut, "bookings.jsonx") || !strings.Contains(errOut, "cannot read") {
		t.Errorf("missing file: exit %d, %q", code, errOut)
	}
}
