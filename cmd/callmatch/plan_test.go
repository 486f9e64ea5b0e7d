package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"callmatch/matching"
)

func TestPlanHandWrittenFiles(t *testing.T) {
	args := []string{"plan", "--catalog", handCatalog, "--intake", handIntake, "--as-of", "2026-10-01"}
	code, out, errOut := runCLI(t, args...)
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var p matching.TeamPlan
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatalf("stdout is not a plan: %v", err)
	}
	if !p.Feasible || p.MaxVendors != matching.DefaultMaxVendors || len(p.Parts) == 0 || len(p.Candidates) == 0 {
		t.Errorf("plan %+v", p)
	}
	if _, again, _ := runCLI(t, args...); again != out {
		t.Error("two runs differ")
	}
	bookings := tempFile(t, "bookings.json", `{"bookings": [{"vendor_id": "`+p.Parts[0].VendorID+
		`", "week_start": "2026-10-12", "language": "en", "seats": 2.5}]}`)
	if code, _, errOut := runCLI(t, append(args, "--bookings", bookings, "--max-vendors", "1")...); code != 0 {
		t.Errorf("with bookings: exit %d, %s", code, errOut)
	}
}

func TestPlanBadInput(t *testing.T) {
	booking := func(fields string) string {
		return tempFile(t, "bookings.json", `{"bookings": [{`+fields+`}]}`)
	}
	const ok = `"vendor_id": "v-lone-star", "week_start": "2026-10-12", "language": "en"`
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"max vendors 0", []string{"--max-vendors", "0"}, "--max-vendors: expected 1 to 5, got 0"},
		{"max vendors 6", []string{"--max-vendors", "6"}, "--max-vendors: expected 1 to 5, got 6"},
		{"unknown vendor", []string{"--bookings", booking(`"vendor_id": "v-nobody", "week_start": "2026-10-12", "language": "en", "seats": 1`)},
			`bookings[0].vendor_id: "v-nobody" is not a vendor of the catalog`},
		{"not a Monday", []string{"--bookings", booking(`"vendor_id": "v-lone-star", "week_start": "2026-10-13", "language": "en", "seats": 1`)},
			"bookings[0].week_start: 2026-10-13 is a Tuesday; expected a Monday"},
		{"negative seats", []string{"--bookings", booking(ok + `, "seats": -1`)}, "bookings[0].seats: expected a number of seats above 0, got -1"},
		{"non-numeric seats", []string{"--bookings", booking(ok + `, "seats": "two"`)}, "seats"},
		{"no bookings list", []string{"--bookings", tempFile(t, "b.json", `{}`)}, `bookings: expected {"bookings"`},
		{"bad language", []string{"--bookings", booking(`"vendor_id": "v-lone-star", "week_start": "2026-10-12", "language": "xx", "seats": 1`)},
			`bookings[0].language: "xx" is not an ISO 639-1`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"plan", "--catalog", handCatalog, "--intake", handIntake, "--as-of", "2026-10-01"}, tc.args...)
			code, out, errOut := runCLI(t, args...)
			if code != 2 || out != "" || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 and %q", code, out, errOut, tc.want)
			}
			if i := slices.Index(tc.args, "--bookings"); i >= 0 && !strings.Contains(errOut, tc.args[i+1]+": ") {
				t.Errorf("stderr %q does not name the file", errOut)
			}
		})
	}
	for _, args := range [][]string{{"plan", "--intake", handIntake}, {"plan", "--catalog", handCatalog}, {"plan", "--catalog", handCatalog, "--intake", handIntake, "extra"}} {
		if code, _, errOut := runCLI(t, args...); code != 2 || !strings.Contains(errOut, "usage: callmatch plan") {
			t.Errorf("%v: exit %d, %q", args, code, errOut)
		}
	}
}

func tempFile(t *testing.T, name, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
