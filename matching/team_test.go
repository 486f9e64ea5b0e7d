package matching

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"callmatch"
	"callmatch/catalog"
)

// The cases below use 924,000 dials (462,000 records × 2) over the
// three-week test window: a predictive vendor calling 10 hours a day needs
// 924,000 / 220 / (21 × 10) = 20 seats for all of it, 10 per language at
// an even split, 4,200 agent-hours in all.
const teamRecords = 462_000

func flat(id string, seats int, rate int64) tv {
	return tv{id: id, seats: seats, weeks: []int{0, 0, 0}, en: seats, es: seats, predictive: true, hpd: 10, rate: rate, qa: 0.8}
}

func planOf(t *testing.T, maxV int, vs ...tv) *TeamPlan {
	t.Helper()
	p, err := PlanTeam(teamCatalog(vs), teamRequest(teamRecords, 0.5), teamOpts, "", maxV)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func partIDs(p *TeamPlan) []string {
	var ids []string
	for _, pt := range p.Parts {
		ids = append(ids, pt.VendorID)
	}
	return ids
}

func TestPlanTeamTies(t *testing.T) {
	// Equal vendors: one vendor beats a pair at the same cost, and of two
	// equal singles the lower id wins, whatever the catalog order (names
	// sort v-b first).
	a, b := flat("v-a", 30, 2500), flat("v-b", 30, 2500)
	vb := b.vendor()
	vb.Name = "Alpha"
	va := a.vendor()
	va.Name = "Zulu"
	p, err := PlanTeam(NewCatalog([]*catalog.Vendor{va, vb}, "t"), teamRequest(teamRecords, 0.5), teamOpts, "", 3)
	if err != nil {
		t.Fatal(err)
	}
	if got := partIDs(p); !slices.Equal(got, []string{"v-a"}) || !p.Feasible || p.Parts[0].Share != 1 {
		t.Errorf("equal vendors: parts %v, feasible %v", got, p.Feasible)
	}
	if p.TotalCostCents != 2500*4200 {
		t.Errorf("total %d, want %d", p.TotalCostCents, 2500*4200)
	}

	// At the same price the higher score wins over the lower id.
	b.qa = 0.95
	if got := partIDs(planOf(t, 3, a, b)); !slices.Equal(got, []string{"v-b"}) {
		t.Errorf("higher score: parts %v, want v-b", got)
	}
}

func TestPlanTeamSplitsByPrice(t *testing.T) {
	// Neither vendor has 20 seats: the cheaper one takes all it can (12
	// of 20, 0.6), the dearer one the rest.
	p := planOf(t, 3, flat("v-cheap", 12, 2000), flat("v-dear", 12, 3000), flat("v-dearest", 30, 9000))
	if !p.Feasible || len(p.Unmet) != 0 {
		t.Fatalf("feasible %v, unmet %v", p.Feasible, p.Unmet)
	}
	if got := partIDs(p); !slices.Equal(got, []string{"v-cheap", "v-dear"}) {
		t.Fatalf("parts %v", got)
	}
	cheap, dear := p.Parts[0], p.Parts[1]
	if cheap.Share != 0.6 || dear.Share != 0.4 {
		t.Errorf("shares %v %v, want 0.6 0.4", cheap.Share, dear.Share)
	}
	if cheap.ProjectedCostCents != 2000*4200*6/10 || dear.ProjectedCostCents != 3000*4200*4/10 ||
		p.TotalCostCents != cheap.ProjectedCostCents+dear.ProjectedCostCents {
		t.Errorf("costs %d + %d = %d", cheap.ProjectedCostCents, dear.ProjectedCostCents, p.TotalCostCents)
	}
	for _, pt := range p.Parts {
		seats := map[callmatch.Date]float64{}
		for _, w := range pt.Weeks {
			seats[w.WeekStart] += w.Seats
		}
		for wk, s := range seats {
			if s > 12 {
				t.Errorf("%s week %s: %v seats of 12", pt.VendorID, wk, s)
			}
		}
	}
	// One vendor at most: only the dearest can do it alone.
	if got := partIDs(planOf(t, 1, flat("v-cheap", 12, 2000), flat("v-dear", 12, 3000), flat("v-dearest", 30, 9000))); !slices.Equal(got, []string{"v-dearest"}) {
		t.Errorf("max_vendors 1: parts %v", got)
	}
}

func TestPlanTeamUnmet(t *testing.T) {
	// The only vendor has 10 seats in the second week: half of it.
	v := flat("v-only", 30, 2500)
	v.weeks[1] = 10
	p := planOf(t, 3, v)
	if p.Feasible {
		t.Fatal("feasible with half a week missing")
	}
	var unmet float64
	for _, u := range p.Unmet {
		if u.WeekStart != teamWeeks[1] {
			t.Errorf("unmet outside the tight week: %+v", u)
		}
		unmet += u.Share * 0.5 // each language is half of the week
	}
	if unmet != 0.5 {
		t.Errorf("unmet %v of the week, want 0.5: %+v", unmet, p.Unmet)
	}
	if len(p.Parts) != 1 || p.Parts[0].Share != 0.8333 {
		t.Errorf("parts %+v", p.Parts)
	}
	if len(p.Warnings) != 1 || !strings.Contains(p.Warnings[0], "16.7% of the program's dials stay uncovered") {
		t.Errorf("warnings %q", p.Warnings)
	}
}

func TestPlanTeamRampUpKeepsTheSchedule(t *testing.T) {
	// A vendor whose ramp-up ends a week after start_date cannot take the
	// first week's calls: a team keeps the program's schedule.
	late := flat("v-late", 30, 2000)
	lv := late.vendor()
	lv.Capacity.RampUpDays = int(teamStart-teamAsOf) + 7
	early := flat("v-early", 30, 4000)
	p, err := PlanTeam(NewCatalog([]*catalog.Vendor{lv, early.vendor()}, "t"), teamRequest(teamRecords, 0.5), teamOpts, "", 3)
	if err != nil {
		t.Fatal(err)
	}
	if !p.Feasible || len(p.Parts) != 2 {
		t.Fatalf("feasible %v, parts %v", p.Feasible, partIDs(p))
	}
	for _, pt := range p.Parts {
		for _, w := range pt.Weeks {
			if (pt.VendorID == "v-late") == (w.WeekStart == teamWeeks[0]) {
				t.Errorf("%s takes %+v", pt.VendorID, w)
			}
		}
	}
}

func TestPlanTeamNoCandidates(t *testing.T) {
	req := teamRequest(teamRecords, 0.5)
	req.Affiliation = "republican" // the test vendors serve Democrats only
	p, err := PlanTeam(teamCatalog([]tv{flat("v-a", 30, 2500)}), req, teamOpts, "", 3)
	if err != nil {
		t.Fatal(err)
	}
	if p.Feasible || len(p.Parts) != 0 || len(p.Candidates) != 0 || len(p.Unmet) != 6 ||
		len(p.Warnings) != 1 || !strings.Contains(p.Warnings[0], "no vendor can take part") {
		t.Errorf("%+v", p)
	}
	b, _ := json.Marshal(p)
	if !strings.Contains(string(b), `"parts":[]`) || !strings.Contains(string(b), `"candidates":[]`) {
		t.Errorf("empty lists must print as []: %s", b)
	}
}

func TestPlanTeamMinimumWarning(t *testing.T) {
	cheap := flat("v-cheap", 12, 2000)
	cheap.min = 10_000_000 // $100,000: above its 60% part of $50,400
	p := planOf(t, 3, cheap, flat("v-dear", 12, 3000))
	if p.TotalCostCents != 2000*4200*6/10+3000*4200*4/10 {
		t.Errorf("the minimum must not enter the cost: %d", p.TotalCostCents)
	}
	want := "Vendor v-cheap's part of gotv ($50,400) is below its minimum order of $100,000"
	if !slices.Contains(p.Warnings, want) {
		t.Errorf("warnings %q, want %q", p.Warnings, want)
	}
}

func TestPlanTeamBadMaxVendors(t *testing.T) {
	for _, n := range []int{0, -1, 6} {
		_, err := PlanTeam(teamCatalog([]tv{flat("v-a", 30, 2500)}), teamRequest(teamRecords, 0.5), teamOpts, "", n)
		var e *callmatch.Error
		if !errors.As(err, &e) || e.Fields["max_vendors"] == "" {
			t.Errorf("max_vendors %d: %v", n, err)
		}
	}
}
