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

	"callmatch/catalog"
	"callmatch/demo"
	"callmatch/devstack/pgtest"
	"callmatch/postgres"
)

// useDatabase points the commands at a fresh migrated database.
func useDatabase(t *testing.T) *postgres.DB {
	t.Helper()
	url := pgtest.NewDB(t)
	t.Setenv("DATABASE_URL", url)
	db, err := postgres.Open(context.Background(), url, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func runCmd(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	err = run(context.Background(), args, &out, &errb)
	return out.String(), errb.String(), err
}

func vendorCount(t *testing.T, db *postgres.DB) int {
	t.Helper()
	_, total, err := postgres.NewVendorStore(db).FindVendors(context.Background(), catalog.VendorFilter{Page: 1, PerPage: 1})
	if err != nil {
		t.Fatal(err)
	}
	return total
}

func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestImportJSONIsIdempotent(t *testing.T) {
	db := useDatabase(t)
	b, _ := json.Marshal(map[string]any{"vendors": demo.Vendors(12)})
	file := writeTemp(t, "vendors.json", b)

	out, _, err := runCmd(t, "import", "--file", file)
	if err != nil || !strings.Contains(out, "12 created") {
		t.Fatalf("first import: %v, %q", err, out)
	}
	out, _, err = runCmd(t, "import", "--file", file)
	if err != nil || !strings.Contains(out, "0 created, 0 updated, 12 unchanged") {
		t.Fatalf("second import: %v, %q", err, out)
	}
	if n := vendorCount(t, db); n != 12 {
		t.Fatalf("%d vendors after importing the same file twice, want 12", n)
	}
}

func TestImportCSVWithAnInvalidRow(t *testing.T) {
	db := useDatabase(t)
	var buf bytes.Buffer
	if err := catalog.WriteVendorCSV(&buf, demo.Vendors(4)); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	lines[3] = strings.Replace(lines[3], ",active,", ",retired,", 1) // data row 3
	if !strings.Contains(lines[3], "retired") {
		t.Fatalf("test setup: row 3 has no active status to break: %s", lines[3])
	}
	file := writeTemp(t, "vendors.csv", []byte(strings.Join(lines, "\n")+"\n"))

	_, stderr, err := runCmd(t, "import", "--file", file)
	var ue usageError
	if !errors.As(err, &ue) {
		t.Fatalf("an invalid row must exit 2, got %v", err)
	}
	if !strings.Contains(stderr, "row 3: status:") {
		t.Fatalf("the report does not name row 3's status: %q", stderr)
	}
	if n := vendorCount(t, db); n != 0 {
		t.Fatalf("%d vendors imported from a file with an invalid row, want none", n)
	}

	out, _, err := runCmd(t, "import", "--file", file, "--skip-invalid")
	if err != nil || !strings.Contains(out, "3 created") || !strings.Contains(out, "1 skipped") {
		t.Fatalf("--skip-invalid: %v, %q", err, out)
	}
	if n := vendorCount(t, db); n != 3 {
		t.Fatalf("%d vendors after --skip-invalid, want 3", n)
	}
}

// TestImportBadJSON needs no database: a file with problems is refused
// before the command connects.
func TestImportBadJSON(t *testing.T) {
	row := `{"slug": "a", "name": "A", "status": "active", "capacity": {"hours_per_day": 8},
  "languages": [{"code": "en", "seats": 5}, {"code": "es", "seats": 2.5}]}`
	for _, tc := range []struct{ name, body, want string }{
		{"row field with indexes", "[" + row + "]",
			"vendors.json: row 1: languages[1].seats: must be a whole number, not 2.5 (line 2, column 69)\n"},
		{"bad date", `[{"slug": "a", "name": "A", "status": "active", "capacity": {"hours_per_day": 8, "calendar": [{"week_start": "10/05/2026"}]}}]`,
			`vendors.json: row 1: capacity.calendar[0].week_start: "10/05/2026" is not a date in the form YYYY-MM-DD (line 1, column 110)` + "\n"},
		{"whole file", "[" + row + ",]", "vendors.json: Malformed JSON at line 2, column 75: invalid character ',' at start of value.\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := writeTemp(t, "vendors.json", []byte(tc.body))
			_, stderr, err := runCmd(t, "import", "--file", file)
			var ue usageError
			if !errors.As(err, &ue) {
				t.Fatalf("error %v, want a usage error (exit 2)", err)
			}
			if got := strings.TrimPrefix(stderr, filepath.Dir(file)+"/"); got != tc.want {
				t.Errorf("stderr\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestSeedDemoTwice(t *testing.T) {
	db := useDatabase(t)
	for i := range 2 {
		if _, _, err := runCmd(t, "seed", "--demo"); err != nil {
			t.Fatalf("seed run %d: %v", i+1, err)
		}
	}
	if n := vendorCount(t, db); n != demoVendorCount || n < 300 {
		t.Fatalf("%d demo vendors, want %d (at least 300)", n, demoVendorCount)
	}
	seeded, err := demoSeeded(context.Background(), db)
	if err != nil || !seeded {
		t.Fatalf("demo users missing after seeding: %v", err)
	}
}
