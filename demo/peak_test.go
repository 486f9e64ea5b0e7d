package demo

import (
	"testing"

	"callmatch"
	"callmatch/matching"
)

func peakRequest(t *testing.T, key string) matching.Request {
	t.Helper()
	for _, c := range Campaigns() {
		if c.Key == key {
			f := c.Form
			f.ApplyDefaults()
			return f.MatchRequest()
		}
	}
	t.Fatalf("no demo campaign %s", key)
	return matching.Request{}
}

// Seo's program fits no single vendor, every candidate failing on capacity
// alone, and a team of two or three can take all of it; whenever the demo
// is played.
func TestSeoNeedsATeamPlan(t *testing.T) {
	cat := matching.NewCatalog(Vendors(320), "demo")
	req := peakRequest(t, "demo-2027-seo-assembly")
	for _, asOf := range []callmatch.Date{AsOf, AsOf.AddDays(6), PlayedBy} {
		res, err := matching.Match(cat, req, matching.Options{AsOf: asOf})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Shortlist) != 0 {
			t.Errorf("as of %s: %s can take it alone", asOf, res.Shortlist[0].VendorName)
		}
		one, err := matching.PlanTeam(cat, req, matching.Options{AsOf: asOf}, "seo", 1)
		if err != nil {
			t.Fatal(err)
		}
		team, err := matching.PlanTeam(cat, req, matching.Options{AsOf: asOf}, "seo", 3)
		if err != nil {
			t.Fatal(err)
		}
		if one.Feasible || !team.Feasible || len(team.Parts) < 2 || len(one.Candidates) < 2 {
			t.Errorf("as of %s: one vendor feasible %v; team of %d feasible %v over %d candidates", asOf, one.Feasible,
				len(team.Parts), team.Feasible, len(one.Candidates))
		}
	}
}

// Measure G's engagement books most of the market's Armenian seats for
// October and election week, and Avetisyan, still open, wants them too:
// the board marks those weeks tight or short, and September, before the
// booking, not.
func TestGlendaleMakesOctoberTight(t *testing.T) {
	cat := matching.NewCatalog(Vendors(320), "demo")
	asOf := AsOf.AddDays(6)
	g := peakRequest(t, "demo-2027-glendale-measure-g")
	res, err := matching.Match(cat, g, matching.Options{AsOf: asOf, Limit: 5})
	if err != nil || len(res.Shortlist) == 0 {
		t.Fatalf("Measure G has no vendor to engage: %v", err)
	}
	booked, err := matching.Book(cat, g, matching.Options{AsOf: asOf}, "g", res.Shortlist[0].VendorID, nil)
	if err != nil {
		t.Fatal(err)
	}
	council := peakRequest(t, "demo-2027-avetisyan")
	b, err := matching.NewBoard(cat.WithBookings(booked), []matching.BoardIntake{{ID: "avetisyan", Request: council}},
		matching.BoardOptions{AsOf: asOf, Through: ElectionDay2027})
	if err != nil {
		t.Fatal(err)
	}
	tight := 0
	for _, row := range b.Rows {
		if row.Language != "hy" {
			continue
		}
		for _, c := range row.Cells {
			october := c.WeekStart >= callmatch.MustParseDate("2027-10-04") // through election week
			marked := c.Level == matching.LevelTight || c.Level == matching.LevelShort
			if october && marked {
				tight++
			} else if !october && marked {
				t.Errorf("Armenian, week of %s: %s (%.1f of %.1f)", c.WeekStart, c.Level, c.Wanted, c.Free)
			}
		}
	}
	if tight != 5 {
		t.Errorf("%d weeks of Armenian from October 4 are tight, want all 5", tight)
	}
}
