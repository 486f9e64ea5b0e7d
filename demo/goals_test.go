package demo

import (
	"encoding/json"
	"slices"
	"testing"

	"callmatch"
	"callmatch/catalog"
	"callmatch/intake"
	"callmatch/matching"
)

// TestMessagingGoalsValid: every campaign named has the key of a demo
// campaign that is not engaged (an engaged campaign's shortlist must not
// move), and names valid codes.
func TestMessagingGoalsValid(t *testing.T) {
	campaigns := map[string]Campaign{}
	for _, c := range Campaigns() {
		campaigns[c.Key] = c
	}
	for key, g := range MessagingGoals() {
		c, ok := campaigns[key]
		if !ok {
			t.Errorf("%s is not a demo campaign", key)
		}
		if len(c.Engagements) > 0 {
			t.Errorf("%s is engaged: goals would move the shortlist its engagements were made from", key)
		}
		if len(g.IssueAreas)+len(g.Audiences) == 0 {
			t.Errorf("%s names no goal", key)
		}
		for _, a := range g.IssueAreas {
			if !catalog.IssueAreas.Has(a) {
				t.Errorf("%s: issue area %q", key, a)
			}
		}
		for _, a := range g.Audiences {
			if !catalog.Audiences.Has(a) {
				t.Errorf("%s: audience %q", key, a)
			}
		}
	}
}

// TestMessagingGoalsChangeDemoRanking keeps the demo's point: the featured
// campaign's messaging goals put another vendor first on the demo catalog.
//
// It needs the intake form's issue_areas and audiences and the experience
// criterion that reads them (issue 19's match side); until both are in,
// it fails at the form. It sets the goals through the form's JSON so that
// it does not depend on the Go names of those fields.
func TestMessagingGoalsChangeDemoRanking(t *testing.T) {
	const key = "demo-2027-villarreal"
	i := slices.IndexFunc(Campaigns(), func(c Campaign) bool { return c.Key == key })
	if i < 0 {
		t.Fatalf("no campaign %s", key)
	}
	c, g := Campaigns()[i], MessagingGoals()[key]
	cat := matching.NewCatalog(Vendors(DefaultVendorCount), "demo")
	for _, asOf := range []callmatch.Date{AsOf, PlayedBy} {
		without := rankWithGoals(t, cat, c.Form, Goals{}, asOf)
		with := rankWithGoals(t, cat, c.Form, g, asOf)
		if len(without) == 0 || len(with) == 0 {
			t.Fatalf("as of %s: shortlists of %d and %d", asOf, len(without), len(with))
		}
		if without[0] == with[0] {
			t.Errorf("as of %s: %s ranks %s first with and without its goals %+v", asOf, key, with[0], g)
		}
	}
}

// rankWithGoals ranks the form with exactly the goals g and returns the
// shortlisted vendors' names in rank order.
func rankWithGoals(t *testing.T, cat *matching.Catalog, f intake.Form, g Goals, asOf callmatch.Date) []string {
	t.Helper()
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(b, &fields); err != nil {
		t.Fatal(err)
	}
	delete(fields, "issue_areas")
	delete(fields, "audiences")
	if len(g.IssueAreas)+len(g.Audiences) > 0 {
		fields["issue_areas"], _ = json.Marshal(g.IssueAreas)
		fields["audiences"], _ = json.Marshal(g.Audiences)
	}
	b, _ = json.Marshal(fields)
	var form intake.Form
	if err := callmatch.UnmarshalJSON(b, &form); err != nil {
		t.Fatalf("the intake form does not take messaging goals (issue 19's match side is not in): %v", err)
	}
	form.ApplyDefaults()
	res, err := matching.Match(cat, form.MatchRequest(), matching.Options{AsOf: asOf, Weights: form.Priorities})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range res.Shortlist {
		names = append(names, s.VendorName)
	}
	return names
}
