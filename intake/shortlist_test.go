package intake

import (
	"strings"
	"testing"
	"time"

	"callmatch"
	"callmatch/matching"
)

// testShortlist has four candidates (b and c tied at rank 2) and one
// excluded vendor x.
func testShortlist() *Shortlist {
	cand := func(rank int, id string, score float64) matching.Candidate {
		return matching.Candidate{Rank: rank, VendorID: id, VendorName: "Vendor " + id, Score: score,
			ProjectedCostCents: int64(rank) * 100_000,
			Factors:            []matching.Factor{{Criterion: "cost", Weight: 1, Raw: 1, Normalized: score, Contribution: score}},
			Warnings:           []string{}}
	}
	shared := time.Date(2026, 6, 2, 9, 0, 0, 0, time.UTC)
	return &Shortlist{
		ID: "sl-1", IntakeID: "in-1", Version: 1, SharedAt: &shared,
		Result: &matching.Result{
			EngineVersion: "1.0.0", Method: "saw", AsOf: "2026-06-01",
			Shortlist: []matching.Candidate{cand(1, "a", 0.9), cand(2, "b", 0.8), cand(2, "c", 0.8), cand(4, "d", 0.5)},
			Excluded: []matching.Excluded{{VendorID: "x", VendorName: "Secret Excluded Co",
				Reasons: []matching.Reason{{Code: "union_required", Detail: "not a union shop"}}}},
			ExclusionSummary: map[string]int{"union_required": 1},
			Ties:             [][]string{{"b", "c"}},
		},
	}
}

func TestEventValidate(t *testing.T) {
	for _, tc := range []struct {
		e      Event
		fields []string
	}{
		{Event{Type: EventPin, VendorID: "a", Reason: "  best Spanish QA  "}, nil},
		{Event{Type: EventNote, Reason: "call them first"}, nil},
		{Event{Type: EventDrop, Reason: "too pricey"}, []string{"vendor_id"}},
		{Event{Type: EventDrop, VendorID: "a", Reason: "no"}, []string{"reason"}},
		{Event{Type: EventPin, VendorID: "a", Reason: "   ab   "}, []string{"reason"}},
		{Event{Type: "boost", VendorID: "a", Reason: "paid placement"}, []string{"type"}},
		{Event{Type: EventNote, Reason: strings.Repeat("x", 2001)}, []string{"reason"}},
	} {
		err := tc.e.Validate()
		var got []string
		if e, ok := err.(*callmatch.Error); ok {
			for f := range e.Fields {
				got = append(got, f)
			}
		}
		if strings.Join(got, ",") != strings.Join(tc.fields, ",") {
			t.Errorf("%+v: fields %v, want %v (err %v)", tc.e, got, tc.fields, err)
		}
	}
	e := Event{Type: EventPin, VendorID: " a ", Reason: "  good  "}
	if err := e.Validate(); err != nil || e.Reason != "good" || e.VendorID != "a" {
		t.Errorf("trimmed = %+v, %v", e, err)
	}
}

func TestCheckEvent(t *testing.T) {
	sl := testShortlist()
	if err := sl.CheckEvent(StatusShared, Event{Type: EventPin, VendorID: "a", Reason: "good"}); err != nil {
		t.Errorf("pin a candidate: %v", err)
	}
	if err := sl.CheckEvent(StatusShared, Event{Type: EventNote, Reason: "overall fine"}); err != nil {
		t.Errorf("general note: %v", err)
	}
	err := sl.CheckEvent(StatusShared, Event{Type: EventPin, VendorID: "x", Reason: "I like them"})
	if callmatch.ErrorCode(err) != callmatch.EINVALID {
		t.Errorf("pin an excluded vendor: %v, want invalid", err)
	}
	err = sl.CheckEvent(StatusShared, Event{Type: EventNote, VendorID: "zz", Reason: "who?"})
	if callmatch.ErrorCode(err) != callmatch.EINVALID {
		t.Errorf("note on an unknown vendor: %v, want invalid", err)
	}
	err = sl.CheckEvent(StatusWithdrawn, Event{Type: EventNote, Reason: "too late"})
	if callmatch.ErrorCode(err) != callmatch.ECONFLICT || !strings.Contains(err.Error(), "withdrawn") {
		t.Errorf("event on a withdrawn intake: %v, want conflict naming the status", err)
	}
}

func TestPinDropLatestWins(t *testing.T) {
	sl := testShortlist()
	sl.Events = []Event{
		{Type: EventPin, VendorID: "a", Reason: "strong"},
		{Type: EventDrop, VendorID: "a", Reason: "changed my mind"},
		{Type: EventNote, VendorID: "a", Reason: "just a note"},
		{Type: EventDrop, VendorID: "b", Reason: "bad references"},
		{Type: EventPin, VendorID: "b", Reason: "references checked out"},
	}
	if !sl.Dropped("a") || sl.Pinned("a") {
		t.Error("a: a later drop must win over a pin, and a note changes nothing")
	}
	if sl.Dropped("b") || !sl.Pinned("b") {
		t.Error("b: a later pin must take the drop back")
	}
	if sl.Dropped("c") || sl.Pinned("c") {
		t.Error("c has no events")
	}
}

func TestAnonymize(t *testing.T) {
	f := Form{Campaign: Campaign{Name: "Garcia for Congress", Race: "TX-23", SponsorType: "candidate",
		Affiliation: "democratic"}, Contact: Contact{Name: "Rosa"}, Message: "call Rosa at home",
		Services: []string{"gotv"}, Records: 10}
	f.Anonymize()
	if f.Contact != (Contact{}) || f.Campaign.Name != "" || f.Campaign.Race != "" || f.Message != "" {
		t.Errorf("identifying fields left: %+v", f)
	}
	if f.Campaign.SponsorType != "candidate" || f.Records != 10 || len(f.Services) != 1 {
		t.Errorf("statistical fields lost: %+v", f)
	}
}
