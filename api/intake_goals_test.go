package api_test

import (
	"net/http"
	"strings"
	"testing"

	"callmatch/catalog"
	"callmatch/matching"
)

// withGoals puts messaging goals and a wage floor into a JSON intake body.
func withGoals(body, issues, audiences string, wageCents string) string {
	body = strings.Replace(body, `"requirements": {"cell_share": 0.4}`,
		`"requirements": {"cell_share": 0.4, "min_agent_wage_cents": `+wageCents+`}`, 1)
	body = strings.Replace(body, `"budget_cents": 5000000`, `"budget_cents": 5000000, "issue_areas": `+issues+`, "audiences": `+audiences, 1)
	return body
}

// Unknown issue-area or audience codes are 422 listing the allowed codes;
// a negative or absurd wage floor is 422 naming the field. Nothing is
// stored.
func TestIntakeGoalsBadInput(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		name, body string
		want       []string
	}{
		{"unknown issue", withGoals(intakeBody, `["healthcare", "crypto"]`, `[]`, "0"),
			[]string{"issue_areas[1]", `\"crypto\" is not allowed`, strings.Join(catalog.IssueAreas, ", ")}},
		{"unknown audience", withGoals(intakeBody, `[]`, `["vietnamese"]`, "0"),
			[]string{"audiences[0]", strings.Join(catalog.Audiences, ", ")}},
		{"negative wage", withGoals(intakeBody, `[]`, `[]`, "-100"), []string{"requirements.min_agent_wage_cents"}},
		{"absurd wage", withGoals(intakeBody, `[]`, `[]`, "25000"), []string{"requirements.min_agent_wage_cents", "$200 an hour"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := f.do("anonymous", http.MethodPost, "/api/v1/intakes", tc.body)
			if rec.Code != http.StatusUnprocessableEntity {
				t.Fatalf("%d %s", rec.Code, rec.Body.String())
			}
			for _, w := range tc.want {
				if !strings.Contains(rec.Body.String(), w) {
					t.Errorf("body lacks %q: %s", w, rec.Body.String())
				}
			}
		})
	}
	if rec := f.do("advisor", http.MethodGet, "/api/v1/intakes", ""); strings.Contains(rec.Body.String(), "Garcia") {
		t.Errorf("a refused intake was stored: %s", rec.Body.String())
	}
}

// An intake with goals and a wage floor is stored and read back with them;
// the what-if ranks with them (detail on experience, wage_floor_not_met
// for vendors that declare no wage floor).
func TestIntakeGoalsMatch(t *testing.T) {
	f := newFixture(t)
	body := withGoals(intakeBody, `["healthcare"]`, `["seniors"]`, "1800")
	rec := f.do("anonymous", http.MethodPost, "/api/v1/intakes", body)
	if rec.Code != http.StatusCreated {
		t.Fatalf("submit: %d %s", rec.Code, rec.Body.String())
	}
	id := decode[struct {
		ID string `json:"id"`
	}](t, rec).ID
	rec = f.do("advisor", http.MethodGet, "/api/v1/intakes/"+id, "")
	for _, w := range []string{`"issue_areas":["healthcare"]`, `"audiences":["seniors"]`, `"min_agent_wage_cents":1800`} {
		if !strings.Contains(rec.Body.String(), w) {
			t.Errorf("intake lacks %s: %s", w, rec.Body.String())
		}
	}

	// Neither test vendor declares a wage floor: both are excluded.
	q := withGoals(whatIf, `["healthcare"]`, `["seniors"]`, "1800")
	q = strings.Replace(q, `"budget_cents": 5000000`, `"budget_cents": 5000000, "requirements": {"min_agent_wage_cents": 1800}`, 1)
	rec = f.do("advisor", http.MethodPost, "/api/v1/match", q)
	if rec.Code != http.StatusOK {
		t.Fatalf("match: %d %s", rec.Code, rec.Body.String())
	}
	res := decode[matching.Result](t, rec)
	if res.ExclusionSummary[matching.ReasonWageFloorNotMet] != 2 || !strings.Contains(rec.Body.String(), "declares no agent wage floor") {
		t.Errorf("wage floor: %v %s", res.ExclusionSummary, rec.Body.String())
	}
	rec = f.do("advisor", http.MethodPost, "/api/v1/match", strings.Replace(q, `"min_agent_wage_cents": 1800`, `"min_agent_wage_cents": 0`, 1))
	res = decode[matching.Result](t, rec)
	if len(res.Shortlist) != 2 {
		t.Fatalf("without a wage floor: %s", rec.Body.String())
	}
	if d := res.Shortlist[0].Factors[3].Detail; d != "lists no work in TX, on healthcare or with seniors" {
		t.Errorf("experience detail %q", d)
	}
	if strings.Contains(rec.Body.String(), "local_seats") {
		t.Errorf("the what-if answer carries local seats: %s", rec.Body.String())
	}
}

// A stored shortlist records each vendor's seats in the target states.
func TestShortlistRecordsLocalSeats(t *testing.T) {
	f := newFixture(t)
	_, slID := f.newShortlist()
	rec := f.do("advisor", http.MethodGet, "/api/v1/shortlists/"+slID, "")
	if rec.Code != http.StatusOK || strings.Count(rec.Body.String(), `"local_seats":100`) != 2 {
		t.Errorf("shortlist: %d %s", rec.Code, rec.Body.String())
	}
}
