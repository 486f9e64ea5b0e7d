package intake

import (
	"slices"
	"strings"
	"testing"

	"callmatch/catalog"
)

// Messaging goals and the wage floor come from the page and the API under
// the API's names; the page may give the wage in dollars an hour.
func TestParseValuesReadsGoalsAndWage(t *testing.T) {
	v := htmlForm()
	v["issue_areas"] = []string{"healthcare", "economy"}
	v.Set("audiences", "seniors, latino")
	v.Set("requirements.min_agent_wage_dollars", "18.50")
	f, err := ParseValues(v)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(f.IssueAreas, []string{"healthcare", "economy"}) || !slices.Equal(f.Audiences, []string{"seniors", "latino"}) {
		t.Errorf("goals %v %v", f.IssueAreas, f.Audiences)
	}
	if f.Requirements.MinAgentWageCents != 1850 {
		t.Errorf("wage %d, want 1850", f.Requirements.MinAgentWageCents)
	}
	if r := f.MatchRequest(); !slices.Equal(r.IssueAreas, f.IssueAreas) || !slices.Equal(r.Audiences, f.Audiences) ||
		r.Requirements.MinAgentWageCents != 1850 {
		t.Errorf("match request %+v", r)
	}

	v.Del("requirements.min_agent_wage_dollars")
	v.Set("requirements.min_agent_wage_cents", "2000")
	if f, err = ParseValues(v); err != nil || f.Requirements.MinAgentWageCents != 2000 {
		t.Errorf("cents: %d, %v", f.Requirements.MinAgentWageCents, err)
	}
}

// Unknown codes name the list and every allowed code; a negative or absurd
// wage floor names its field, under the input it was typed into.
func TestGoalsAndWageBadInput(t *testing.T) {
	cases := []struct {
		name     string
		set      func(*Form)
		field    string
		contains []string
	}{
		{"unknown issue", func(f *Form) { f.IssueAreas = []string{"healthcare", "crypto"} }, "issue_areas[1]",
			[]string{`"crypto" is not allowed`, strings.Join(catalog.IssueAreas, ", ")}},
		{"unknown audience", func(f *Form) { f.Audiences = []string{"vietnamese"} }, "audiences[0]",
			[]string{`"vietnamese" is not allowed`, strings.Join(catalog.Audiences, ", ")}},
		{"audience twice", func(f *Form) { f.Audiences = []string{"seniors", "seniors"} }, "audiences[1]",
			[]string{"listed twice"}},
		{"negative wage", func(f *Form) { f.Requirements.MinAgentWageCents = -1 }, "requirements.min_agent_wage_cents",
			[]string{"$200 an hour"}},
		{"absurd wage", func(f *Form) { f.Requirements.MinAgentWageCents = 20001 }, "requirements.min_agent_wage_cents",
			[]string{"from 0 (no requirement) to 20000 cents"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := fingerprintForm()
			tc.set(&f)
			f.ApplyDefaults()
			msg := fieldErrors(t, f.Validate())[tc.field]
			for _, want := range tc.contains {
				if !strings.Contains(msg, want) {
					t.Errorf("%s: %q, want it to contain %q", tc.field, msg, want)
				}
			}
		})
	}
	f := fingerprintForm()
	f.Requirements.MinAgentWageCents = 20000
	if errs := fieldErrors(t, f.Validate()); errs != nil {
		t.Errorf("$200 an hour refused: %v", errs)
	}

	// On the page, under the inputs.
	v := htmlForm()
	v.Set("issue_areas", "healthcare,crypto")
	v.Set("requirements.min_agent_wage_dollars", "250")
	_, err := ParseValues(v)
	errs := fieldErrors(t, err)
	if !strings.Contains(errs["issue_areas"], "crypto") || !strings.Contains(errs["requirements.min_agent_wage_dollars"], "$200") {
		t.Errorf("errors %v", errs)
	}
	v.Set("requirements.min_agent_wage_dollars", "lots")
	_, err = ParseValues(v)
	if msg := fieldErrors(t, err)["requirements.min_agent_wage_dollars"]; !strings.Contains(msg, "hourly wage") {
		t.Errorf("syntax: %q", msg)
	}
}

// The campaign sees each vendor's local seats as the shortlist recorded
// them, and its own messaging goals and wage floor in its request.
func TestCampaignViewLocalSeatsAndGoals(t *testing.T) {
	sl := testShortlist()
	seats := 150
	sl.Result.Shortlist[0].LocalSeats = &seats
	in := &Intake{ID: "in-1", Status: StatusShared, Form: fingerprintForm()}
	v := NewCampaignView(in, sl)
	if n := v.Shortlist.Vendors[0].LocalSeats; n == nil || *n != 150 {
		t.Errorf("local seats %v, want 150", n)
	}
	if v.Shortlist.Vendors[1].LocalSeats != nil {
		t.Error("a vendor recorded without local seats shows some")
	}
	if r := v.Request; !slices.Equal(r.IssueAreas, []string{"healthcare", "economy"}) || r.MinAgentWageCents != 1800 {
		t.Errorf("request %+v", r)
	}
}
