package quote

import (
	"errors"
	"testing"
	"time"

	"callmatch"
	"callmatch/intake"
	"callmatch/matching"
)

var d = callmatch.MustParseDate

func program() Program {
	f := intake.Form{Campaign: intake.Campaign{Name: "Garcia for Congress"}, StartDate: d("2026-10-14"), EndDate: d("2026-11-03"),
		Languages: []matching.LanguageShare{{Code: "en", Share: 0.7}, {Code: "es", Share: 0.3}}}
	return NewProgram(&f)
}

func TestProgramHidesTheNameUnlessShared(t *testing.T) {
	p := program()
	if p.CampaignName != "" {
		t.Errorf("name %q shown without consent", p.CampaignName)
	}
	// Weeks are the Mondays the calling days touch, end exclusive (the end is a Tuesday).
	if len(p.Weeks) != 4 || p.Weeks[0] != d("2026-10-12") || p.Weeks[3] != d("2026-11-02") {
		t.Errorf("weeks %v", p.Weeks)
	}
	f := intake.Form{Campaign: intake.Campaign{Name: "Garcia for Congress", ShareName: true}}
	if p := NewProgram(&f); p.CampaignName != "Garcia for Congress" {
		t.Errorf("name %q with consent", p.CampaignName)
	}
}

func TestQuoteValidateNamesTheField(t *testing.T) {
	today := d("2026-10-01")
	good := func() Quote {
		return Quote{TotalCents: 100, StartDate: d("2026-10-14"), ValidUntil: today,
			Seats: []Seats{{d("2026-10-12"), "en", 5}, {d("2026-10-12"), "es", 2.5}}}
	}
	p := program()
	q := good()
	if err := q.Validate(&p, today); err != nil {
		t.Fatalf("good quote: %v", err)
	}
	for field, edit := range map[string]func(*Quote){
		"total_cents":         func(q *Quote) { q.TotalCents = 0 },
		"valid_until":         func(q *Quote) { q.ValidUntil = today - 1 },
		"start_date":          func(q *Quote) { q.StartDate = 0 },
		"seats[0].week_start": func(q *Quote) { q.Seats[0].WeekStart = d("2026-11-09") },
		"seats[1].language":   func(q *Quote) { q.Seats[1].Language = "vi" },
		"seats[1].seats":      func(q *Quote) { q.Seats[1].Seats = 0 },
		"seats[1]":            func(q *Quote) { q.Seats[1].Language = "en" },
		"pricing[0].model":    func(q *Quote) { q.Pricing = []Price{{"gotv", "per_minute", 10}} },
	} {
		q := good()
		edit(&q)
		var e *callmatch.Error
		if err := q.Validate(&p, today); !errors.As(err, &e) || e.Code != callmatch.EINVALID || e.Fields[field] == "" {
			t.Errorf("%s: %v, want invalid naming it", field, err)
		}
	}
}

func TestDeclineAndInviteValidate(t *testing.T) {
	if err := (&Decline{Reason: "busy"}).Validate(); err == nil {
		t.Error("unknown reason accepted")
	}
	for _, r := range DeclineReasons {
		if err := (&Decline{Reason: r}).Validate(); err != nil {
			t.Errorf("%s: %v", r, err)
		}
	}
	now := time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC)
	for name, iv := range map[string]Invite{
		"vendor_ids":    {DueAt: now.Add(time.Hour)},
		"vendor_ids[1]": {VendorIDs: []string{"a", "a"}, DueAt: now.Add(time.Hour)},
		"due_at":        {VendorIDs: []string{"a"}, DueAt: now},
	} {
		var e *callmatch.Error
		if err := iv.Validate(now); !errors.As(err, &e) || e.Fields[name] == "" {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestCompareFlagsQuotesFarFromTheEstimate(t *testing.T) {
	now := time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC)
	sl := &intake.Shortlist{Result: &matching.Result{
		Demand:    matching.Demand{ByLanguage: []matching.LanguageDemand{{Code: "en", SeatsNeeded: 10}, {Code: "es", SeatsNeeded: 4}}},
		Shortlist: []matching.Candidate{{VendorID: "v", ProjectedCostCents: 100_000}}}}
	for total, flagged := range map[int64]bool{120_000: false, 120_001: true, 79_999: true, 80_000: false} {
		inv := &Invitation{VendorID: "v", Status: StatusQuoted, DueAt: now.Add(time.Hour), Program: program(),
			Quote: &Quote{TotalCents: total, Seats: []Seats{{d("2026-10-12"), "en", 12}}}}
		row := compareRow(inv, sl, now)
		if row.Flagged != flagged {
			t.Errorf("total %d: flagged %v (diff %.2f%%)", total, row.Flagged, row.DiffPct)
		}
		if len(row.Seats) != 8 || row.Seats[0].Committed != 12 || row.Seats[0].Needed != 10 || row.Seats[0].Short() || !row.Seats[1].Short() {
			t.Errorf("seats %+v", row.Seats)
		}
	}
}

func TestCountOpportunities(t *testing.T) {
	now := time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC)
	open := []string{intake.StatusShortlisted}
	invs := []*Invitation{
		{Status: StatusInvited, DueAt: now.Add(time.Hour), IntakeStatus: open[0]},
		{Status: StatusInvited, DueAt: now.Add(-time.Hour), IntakeStatus: open[0]},
		{Status: StatusQuoted, Outcome: OutcomeWon},
		{Status: StatusDeclined, Outcome: OutcomeLost},
		{Status: StatusQuoted, DueAt: now.Add(time.Hour), IntakeStatus: open[0]},
	}
	vi := intake.Form{Languages: []matching.LanguageShare{{Code: "en", Share: 0.5}, {Code: "vi", Share: 0.5}}}
	exs := []Exclusion{
		{Reasons: []matching.Reason{{Code: matching.ReasonLanguageNotCovered, Detail: "no Vietnamese seats; needs 3"}}, Form: vi},
		{Reasons: []matching.Reason{{Code: matching.ReasonLanguageNotCovered, Detail: "no Vietnamese seats; needs 3"},
			{Code: matching.ReasonUnionRequired}}, Form: vi},
	}
	o := CountOpportunities(invs, exs, now)
	if o.Open != 1 || o.Expired != 1 || o.Won != 1 || o.Lost != 1 || o.Answered != 1 {
		t.Errorf("counts %+v", o)
	}
	if len(o.Knockouts) != 2 || o.Knockouts[0].Code != matching.ReasonLanguageNotCovered || o.Knockouts[0].Programs != 2 ||
		len(o.Knockouts[0].Asks) != 1 || o.Knockouts[0].Asks[0] != (Ask{"Vietnamese seats", 2}) {
		t.Errorf("knockouts %+v", o.Knockouts)
	}
}
