package matching

import (
	"math"
	"slices"
	"strings"
	"testing"

	"callmatch/catalog"
)

// strongPrograms is three programs of 50,000 dials at a 15 % contact rate
// (the vendors self-report 12 %) with scorecards of 5, 5 and 4.
var strongPrograms = TrackRecord{Programs: 3, Dials: 150_000, Contacts: 22_500, Scorecards: 3, QASum: 1 + 1 + 0.75}

func candidate(t *testing.T, res *Result, id string) Candidate {
	t.Helper()
	i := slices.IndexFunc(res.Shortlist, func(c Candidate) bool { return c.VendorID == id })
	if i < 0 {
		t.Fatalf("%s is not on the shortlist %+v", id, res.Shortlist)
	}
	return res.Shortlist[i]
}

func qualityOf(c Candidate) float64 {
	for _, f := range c.Factors {
		if f.Criterion == "quality" {
			return f.Raw
		}
	}
	return math.NaN()
}

// TestVerifiedProgramsOutrankSelfReported: two vendors identical in all
// but name tie on self-reported metrics; three strong delivered programs
// put the one that delivered them first, and say why.
func TestVerifiedProgramsOutrankSelfReported(t *testing.T) {
	vs := twins("Alpha", "Bravo")
	for _, v := range vs {
		v.Metrics = catalog.Metrics{ContactRate: 0.12, QAScore: 0.85}
	}
	cat := NewCatalog(vs, "x")
	before := mustMatch(t, cat, garcia(), Options{AsOf: asOf2026})
	if len(before.Ties) != 1 {
		t.Fatalf("identical vendors should tie before any delivery: %+v", before.Ties)
	}
	tr := strongPrograms
	tr.VendorID = "id-b" // Bravo, second by name
	res := mustMatch(t, cat.WithTrackRecords([]TrackRecord{tr}), garcia(), Options{AsOf: asOf2026})
	if res.Shortlist[0].VendorID != "id-b" || res.Shortlist[0].Rank != 1 || res.Shortlist[1].Rank != 2 || len(res.Ties) != 0 {
		t.Fatalf("the verified vendor should rank first alone: %+v", res.Shortlist)
	}
	w := strings.Join(res.Shortlist[0].Warnings, "; ")
	if !strings.Contains(w, "verified over 3 programs, 150,000 dials") || strings.Contains(w, "self-reported") {
		t.Errorf("warnings %q should explain the verified figures", w)
	}
	if w := strings.Join(res.Shortlist[1].Warnings, "; "); !strings.Contains(w, "self-reported") {
		t.Errorf("the other vendor's warnings %q should still say self-reported", w)
	}
}

// TestOneSmallProgramMovesLittle: a program of 2,000 dials with one
// scorecard, however good or poor, changes the quality criterion by under
// 7 % either way, where three strong programs raise it by a fifth.
func TestOneSmallProgramMovesLittle(t *testing.T) {
	vs := twins("Alpha")
	vs[0].Metrics = catalog.Metrics{ContactRate: 0.12, QAScore: 0.85}
	cat := NewCatalog(vs, "x")
	q0 := qualityOf(candidate(t, mustMatch(t, cat, garcia(), Options{AsOf: asOf2026}), "id-a"))
	for _, c := range []struct {
		name string
		tr   TrackRecord
		lo   float64
		hi   float64
	}{
		{"small poor program", TrackRecord{Programs: 1, Dials: 2_000, Contacts: 100, Scorecards: 1, QASum: 0.25}, 0.93, 1.07},
		{"small great program", TrackRecord{Programs: 1, Dials: 2_000, Contacts: 600, Scorecards: 1, QASum: 1}, 0.93, 1.07},
		{"three strong programs", strongPrograms, 1.20, 2},
	} {
		c.tr.VendorID = "id-a"
		q := qualityOf(candidate(t, mustMatch(t, cat.WithTrackRecords([]TrackRecord{c.tr}), garcia(), Options{AsOf: asOf2026}), "id-a"))
		if r := q / q0; r < c.lo || r > c.hi {
			t.Errorf("%s: quality %.4f against %.4f self-reported (×%.3f), want ×%.2f–%.2f", c.name, q, q0, r, c.lo, c.hi)
		}
	}
}

func TestVerifyShrinksTowardSelfReported(t *testing.T) {
	self := catalog.Metrics{ContactRate: 0.10, QAScore: 0.80}
	if v := (TrackRecord{}).Verify(self); v.ContactRate != 0.10 || v.QAScore != 0.80 || v.Evidence != 0 {
		t.Errorf("no evidence: %+v, want the self-reported figures", v)
	}
	v := TrackRecord{Programs: 1, Dials: PriorDials, Contacts: PriorDials / 5, Scorecards: PriorScorecards, QASum: PriorScorecards}.Verify(self)
	if math.Abs(v.ContactRate-0.15) > 1e-12 || math.Abs(v.QAScore-0.90) > 1e-12 || math.Abs(v.Evidence-0.5) > 1e-12 {
		t.Errorf("evidence equal to the prior: %+v, want halfway (0.15, 0.90, 0.5)", v)
	}
	// A record that claims more contacts than dials counts no more than
	// every dial reached.
	if v := (TrackRecord{Dials: 10, Contacts: 1_000_000}).Verify(self); v.ContactRate > 1 {
		t.Errorf("contacts above dials: %+v", v)
	}
}

// TestTrackRecordsSurviveBookings: a watcher applies bookings and track
// records in either order on the compiled vendors; neither drops the
// other.
func TestTrackRecordsSurviveBookings(t *testing.T) {
	vs := twins("Alpha", "Bravo")
	tr := strongPrograms
	tr.VendorID = "id-b"
	cat := NewCatalog(vs, "x").WithTrackRecords([]TrackRecord{tr}).WithBookings(nil).Stamped("y")
	res := mustMatch(t, cat, garcia(), Options{AsOf: asOf2026})
	if res.Shortlist[0].VendorID != "id-b" || len(res.Ties) != 0 {
		t.Errorf("track records lost by WithBookings or Stamped: %+v", res.Shortlist)
	}
}
