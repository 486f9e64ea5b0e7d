package intake

import (
	"encoding/json"
	"strings"
	"testing"

	"callmatch"
)

func TestCampaignViewHidesWhatCampaignsMayNotSee(t *testing.T) {
	sl := testShortlist()
	sl.Events = []Event{
		{Type: EventDrop, VendorID: "b", Reason: "DROP-REASON-internal", Actor: "user:adv"},
		{Type: EventPin, VendorID: "c", Reason: "great Spanish callers", Actor: "user:adv"},
		{Type: EventNote, VendorID: "d", Reason: "ask about weekend shifts", Actor: "user:adv"},
		{Type: EventNote, Reason: "all three can start on time", Actor: "user:adv"},
	}
	in := &Intake{ID: "in-1", Status: StatusShared, Form: Form{
		Campaign: Campaign{Name: "Garcia for Congress", Affiliation: "democratic"},
		Contact:  Contact{Name: "Rosa Elizondo", Email: "rosa@example.org", Phone: "+1 956 555 0142"},
		Services: []string{"gotv"}, TargetStates: []string{"TX"}, Records: 1000,
		StartDate: callmatch.MustParseDate("2026-10-12"), EndDate: callmatch.MustParseDate("2026-11-03"),
		Message: "MESSAGE-internal",
	}}
	v := NewCampaignView(in, sl)
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	js := string(b)
	for _, secret := range []string{
		"Secret Excluded Co", `"code":"union_required"`, "not a union shop", // excluded vendors' details (the request's own requirements are shown)
		"Vendor b", "DROP-REASON-internal", // a dropped vendor and why
		"rosa@example.org", "Rosa Elizondo", "+1 956", // personal data
		"user:adv", "ties", "demand", "exclusion_summary", "fee",
	} {
		if strings.Contains(js, secret) {
			t.Errorf("campaign view shows %q: %s", secret, js)
		}
	}
	// The campaign's own words come back to it, as its name does (issue 17
	// §2); erasure (Form.Anonymize) clears them with the name.
	if v.Request.Message != "MESSAGE-internal" {
		t.Errorf("the campaign's message is not in its view: %q", v.Request.Message)
	}
	got := v.Shortlist.Vendors
	if len(got) != 3 {
		t.Fatalf("vendors = %+v, want a, c, d", got)
	}
	// b was dropped: c keeps its tie-rank 2, d moves up to 3, no gap.
	wantRank := map[string]int{"a": 1, "c": 2, "d": 3}
	for _, sv := range got {
		if sv.Rank != wantRank[sv.VendorID] {
			t.Errorf("%s rank %d, want %d", sv.VendorID, sv.Rank, wantRank[sv.VendorID])
		}
		if len(sv.Factors) == 0 || sv.ProjectedCostCents == 0 || sv.VendorName == "" {
			t.Errorf("%s lacks its reasons: %+v", sv.VendorID, sv)
		}
	}
	if !got[1].Pinned || got[1].Notes[0] != "great Spanish callers" || got[2].Notes[0] != "ask about weekend shifts" {
		t.Errorf("pins and notes not carried: %+v", got)
	}
	if len(v.Shortlist.Notes) != 1 || v.Shortlist.Notes[0] != "all three can start on time" {
		t.Errorf("general notes = %v", v.Shortlist.Notes)
	}
	if v.Request.CampaignName != "Garcia for Congress" || v.Status != StatusShared {
		t.Errorf("request summary = %+v", v.Request)
	}
}

func TestCampaignViewBeforeSharing(t *testing.T) {
	sl := testShortlist()
	sl.SharedAt = nil
	v := NewCampaignView(&Intake{ID: "in-1", Status: StatusShortlisted}, sl)
	if v.Shortlist != nil {
		t.Errorf("an unshared shortlist is visible: %+v", v.Shortlist)
	}
	if b, _ := json.Marshal(v); !strings.Contains(string(b), `"shortlist":null`) {
		t.Errorf("JSON = %s", b)
	}
}

func TestShortlistForEngagement(t *testing.T) {
	older, newer := testShortlist(), testShortlist()
	older.ID, newer.ID = "old", "new"
	newer.Events = []Event{{Type: EventDrop, VendorID: "a", Reason: "capacity gone"}}
	shared := []*Shortlist{newer, older} // most recently shared first

	if sl, err := ShortlistForEngagement(shared, "c"); err != nil || sl.ID != "new" {
		t.Errorf("c: %v, %v; want the newest shared shortlist", sl, err)
	}
	// Dropped from the newer list, still on the older one the campaign saw.
	if sl, err := ShortlistForEngagement(shared, "a"); err != nil || sl.ID != "old" {
		t.Errorf("a: %v, %v; want the older shortlist", sl, err)
	}
	if _, err := ShortlistForEngagement(shared, "x"); callmatch.ErrorCode(err) != callmatch.EINVALID {
		t.Errorf("excluded vendor: %v, want invalid", err)
	}
	if _, err := ShortlistForEngagement(nil, "a"); callmatch.ErrorCode(err) != callmatch.EINVALID ||
		!strings.Contains(err.Error(), "before a shortlist is shared") {
		t.Errorf("nothing shared: %v", err)
	}
	unshared := testShortlist()
	unshared.SharedAt = nil
	if _, err := ShortlistForEngagement([]*Shortlist{unshared}, "a"); err == nil {
		t.Error("an unshared shortlist must not count")
	}
}

func TestEngagementValidate(t *testing.T) {
	for _, tc := range []struct {
		e  Engagement
		ok bool
	}{
		{Engagement{VendorID: "v", ContractValueCents: 1}, true},
		{Engagement{VendorID: " ", ContractValueCents: 100}, false},
		{Engagement{VendorID: "v", ContractValueCents: 0}, false},
		{Engagement{VendorID: "v", ContractValueCents: -5}, false},
		{Engagement{VendorID: "v", ContractValueCents: maxContractCents + 1}, false},
	} {
		if err := tc.e.Validate(); (err == nil) != tc.ok {
			t.Errorf("%+v: %v", tc.e, err)
		}
	}
}
