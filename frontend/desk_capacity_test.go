package frontend_test

import (
	"encoding/csv"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"callmatch"
	"callmatch/catalog"
)

// The board counts the open intake's seats in its calling weeks and marks
// a week the whole market has closed as short, in the map (pattern and
// letter, not colour alone), in the table and in the CSV export.
func TestCapacityBoard(t *testing.T) {
	t.Parallel()
	f := newFixture(t, options{})
	f.newIntake() // calls 2027-09-20 to 2027-11-01, 70% English, 30% Spanish
	closed := callmatch.MustParseDate("2027-10-04")
	for _, v := range f.byName {
		c := v.Capacity
		c.Calendar = []catalog.Week{{WeekStart: closed, SeatsAvailable: 0}}
		if _, err := f.vendors.SetCapacity(f.ctx, v.ID, c); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.watcher.Refresh(f.ctx); err != nil {
		t.Fatal(err)
	}

	rec := f.do("advisor", http.MethodGet, "/desk/capacity", nil)
	body := rec.Body.String()
	if rec.Code != http.StatusOK {
		t.Fatalf("board: %d\n%s", rec.Code, body)
	}
	for _, want := range []string{
		`the 1 open intake `, `of 5 active vendors`, `<th scope="col">All languages</th><th scope="col">English</th><th scope="col">Spanish</th>`,
		`role="img" aria-labelledby="hm-title hm-desc"`, `href="/desk/capacity.csv"`, `<a href="/desk/capacity">Capacity</a>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the board lacks %q", want)
		}
	}
	// The closed week is short in every row; the week before has room.
	for _, lang := range []string{"all", "en", "es"} {
		if got := cellLevel(body, "2027-10-04", lang); got != "short" {
			t.Errorf("%s, week of Oct 4: level %q, want short", lang, got)
		}
		if got := cellLevel(body, "2027-09-27", lang); got != "ok" {
			t.Errorf("%s, week of Sep 27: level %q, want ok", lang, got)
		}
		if got := cellLevel(body, "2027-11-01", lang); got != "" {
			t.Errorf("%s, week of Nov 1 (after the last calling day): level %q, want none", lang, got)
		}
	}
	if n := strings.Count(body, `data-level="short"/><text`); n != 3 {
		t.Errorf("the map hatches and letters %d short cells, want 3", n)
	}
	if !regexp.MustCompile(`<title>Spanish, week of Oct 4, 2027: [0-9.]+ wanted; none free — short</title>`).MatchString(body) {
		t.Error("the short Spanish cell has no title saying its figures")
	}

	rec = f.do("advisor", http.MethodGet, "/desk/capacity.csv", nil)
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/csv") ||
		!strings.Contains(rec.Header().Get("Content-Disposition"), "attachment") {
		t.Fatalf("csv: %d %v", rec.Code, rec.Header())
	}
	rows, err := csv.NewReader(rec.Body).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "week_start,language,seats_wanted,seats_free,intakes,level" {
		t.Errorf("csv header %v", rows[0])
	}
	found := false
	for _, r := range rows[1:] {
		if r[0] == "2027-10-04" && r[1] == "es" {
			found = r[3] == "0.0" && r[4] == "1" && r[5] == "short"
		}
	}
	if !found || (len(rows)-1)%3 != 0 {
		t.Errorf("csv: %d lines, Spanish Oct 4 short with 0 free: %v", len(rows)-1, found)
	}
}

// cellLevel reads a table cell's level for a week and language.
func cellLevel(body, week, lang string) string {
	m := regexp.MustCompile(`<td data-week="` + week + `" data-lang="` + lang + `" data-level="([a-z]*)"`).FindStringSubmatch(body)
	if m == nil {
		return "missing"
	}
	return m[1]
}
