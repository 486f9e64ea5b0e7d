package frontend

import (
	"io/fs"
	"maps"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"callmatch/catalog"
	"callmatch/intake"
)

// Every key the pages ask for exists in every catalog, and the catalogs
// have the same keys: a missing Spanish string shows up here, not as a key
// on a campaign's screen.
func TestCatalogsAreComplete(t *testing.T) {
	cats, err := loadMessages()
	if err != nil {
		t.Fatal(err)
	}
	en, es := cats["en"].m, cats["es"].m
	if a, b := slices.Sorted(maps.Keys(en)), slices.Sorted(maps.Keys(es)); !slices.Equal(a, b) {
		t.Errorf("en and es differ in keys:\nonly en: %v\nonly es: %v", minus(a, b), minus(b, a))
	}
	for k, v := range es {
		if strings.Count(v, "%") != strings.Count(en[k], "%") {
			t.Errorf("%s: en and es take different arguments: %q / %q", k, en[k], v)
		}
	}

	used := map[string]bool{}
	literal := regexp.MustCompile(`\bT "([a-z0-9_.]+)"`)
	_ = fs.WalkDir(templateFS, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := templateFS.ReadFile(p)
		for _, m := range literal.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = true
		}
		return nil
	})
	goLiteral := regexp.MustCompile(`(?:\.T|newPage\(c,)\(?"([a-z0-9_.]+)"`)
	files, _ := os.ReadDir(".")
	for _, f := range files {
		if strings.HasSuffix(f.Name(), ".go") && !strings.HasSuffix(f.Name(), "_test.go") {
			b, _ := os.ReadFile(f.Name())
			for _, m := range goLiteral.FindAllStringSubmatch(string(b), -1) {
				if !strings.HasSuffix(m[1], ".") { // a prefix completed with a code below
					used[m[1]] = true
				}
			}
		}
	}
	// Keys built from codes.
	for prefix, codes := range map[string][]string{
		"sponsor.": catalog.SponsorTypes, "affiliation.": catalog.Affiliations, "office.": intake.OfficeLevels,
		"service.": catalog.Services, "cert.": catalog.CertificationKinds, "status.": intake.Statuses,
		"status_text.": intake.Statuses, "criterion.": {"cost", "quality", "capacity", "experience", "readiness"},
		"step.": {"submitted", "in_review", "shared", "engaged"},
		"goal.": append(slices.Clone(catalog.IssueAreas), catalog.Audiences...),
	} {
		for _, c := range codes {
			used[prefix+c] = true
		}
	}
	for m := 1; m <= 12; m++ {
		used["month."+strconv.Itoa(m)] = true
	}
	for _, field := range formOrder {
		used[errorKey(field)] = true
	}
	if len(used) < 150 {
		t.Fatalf("found only %d keys in use; the scan is broken", len(used))
	}
	for k := range used {
		if _, ok := en[k]; !ok {
			t.Errorf("key %q is used but missing from the catalogs", k)
		}
	}
}

func minus(a, b []string) []string {
	var out []string
	for _, s := range a {
		if !slices.Contains(b, s) {
			out = append(out, s)
		}
	}
	return out
}

// The committed htmx is the version package.json pins, byte for byte the
// npm package's file when node_modules is there.
func TestHTMXIsThePinnedVersion(t *testing.T) {
	embedded, err := staticFS.ReadFile("static/htmx.min.js")
	if err != nil {
		t.Fatal(err)
	}
	pkg, err := os.ReadFile("../package.json")
	if err != nil {
		t.Fatal(err)
	}
	pin := regexp.MustCompile(`"htmx.org":\s*"([^"]+)"`).FindSubmatch(pkg)
	if pin == nil || !strings.Contains(string(embedded), `version:"`+string(pin[1])+`"`) {
		t.Fatalf("frontend/static/htmx.min.js is not htmx %s (package.json); run make htmx", pin)
	}
	if npm, err := os.ReadFile("../node_modules/htmx.org/dist/htmx.min.js"); err == nil && string(npm) != string(embedded) {
		t.Fatal("frontend/static/htmx.min.js differs from node_modules; run make htmx")
	}
}
