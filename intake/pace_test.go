package intake

import (
	"strings"
	"testing"

	"callmatch"
	"callmatch/catalog"
	"callmatch/matching"
)

var d = callmatch.MustParseDate

// paceForm is 10,000 records called twice over 20 days (2026-10-01 to
// 2026-10-20): 1,000 dials a day.
func paceForm() *Form {
	return &Form{Campaign: Campaign{Name: "Garcia for Congress", SponsorType: "candidate", Affiliation: "democratic",
		OfficeLevel: "federal", Race: "TX-23"}, Services: []string{"gotv"}, TargetStates: []string{"TX"},
		Records: 10_000, AttemptsPerRecord: 2, StartDate: d("2026-10-01"), EndDate: d("2026-10-20"),
		Languages: []matching.LanguageShare{{Code: "en", Share: 0.8}, {Code: "es", Share: 0.2}}}
}

func reportsOf(from string, days int, dials int64) []Report {
	var out []Report
	for i := range days {
		out = append(out, Report{Day: d(from).AddDays(i), Language: "en", Dials: dials, Contacts: dials / 10})
	}
	return out
}

func TestPaceBehindInTheLastWeek(t *testing.T) {
	e := &Engagement{ID: "e", IntakeID: "i", VendorID: "v"}
	for _, c := range []struct {
		name            string
		reports         []Report
		today           string
		behind          bool
		share           float64
		finish          string
		plannedToDate   int64
		deliveredDials  int64
		reportedThrough string
	}{
		// 14 days at 850 of 1,000: 15 % behind, 5 days left: alert.
		{"behind late", reportsOf("2026-10-01", 14, 850), "2026-10-15", true, 0.15, "2026-10-24", 14_000, 11_900, ""},
		// The same share behind with 10 days left: no alert yet.
		{"behind early", reportsOf("2026-10-01", 9, 850), "2026-10-10", false, 0.15, "2026-10-24", 9_000, 7_650, ""},
		// 5 % behind in the last week: no alert.
		{"slightly behind", reportsOf("2026-10-01", 14, 950), "2026-10-15", false, 0.05, "2026-10-22", 14_000, 13_300, ""},
		// Nothing delivered: fully behind, no projection.
		{"nothing", nil, "2026-10-15", true, 1, "", 14_000, 0, ""},
		// Ahead: finished early.
		{"ahead", reportsOf("2026-10-01", 10, 2_000), "2026-10-12", false, 0, "2026-10-10", 11_000, 20_000, ""},
	} {
		p := ComputePace(e, paceForm(), c.reports, d(c.today))
		if p.Behind != c.behind || (p.BehindShare-c.share) > 1e-9 || (c.share-p.BehindShare) > 1e-9 ||
			p.PlannedToDate != c.plannedToDate || p.DeliveredDials != c.deliveredDials || p.PlannedDials != 20_000 || len(p.Days) != 20 {
			t.Errorf("%s: behind %v (%.3f), planned to date %d, delivered %d, planned %d, %d days", c.name, p.Behind, p.BehindShare,
				p.PlannedToDate, p.DeliveredDials, p.PlannedDials, len(p.Days))
		}
		got := ""
		if p.ProjectedFinish != nil {
			got = p.ProjectedFinish.String()
		}
		if got != c.finish {
			t.Errorf("%s: projected finish %q, want %q", c.name, got, c.finish)
		}
	}
}

// A team-plan part plans only its shares: half of the English calls of
// the first week is 0.8 × 0.5 of that week's dials.
func TestPacePartPlansItsShare(t *testing.T) {
	f := paceForm()
	week := catalog.WeekStart(f.StartDate)
	e := &Engagement{Part: &Part{MaxVendors: 2, Shares: []matching.PartShare{{WeekStart: week, Language: "en", Share: 0.5}}}}
	p := ComputePace(e, f, nil, d("2026-10-01"))
	// 2026-10-01 is a Thursday: four days of its week are in the window.
	if p.PlannedDials != 4*400 {
		t.Errorf("part planned %d dials, want %d", p.PlannedDials, 4*400)
	}
	if langs := ReportLanguages(e, f); len(langs) != 1 || langs[0] != "en" {
		t.Errorf("a part reports its languages only: %v", langs)
	}
}

func TestValidateReports(t *testing.T) {
	w := &ReportWindow{Start: d("2026-10-01"), End: d("2026-10-20"), Languages: []string{"en", "es"}, Today: d("2026-10-10")}
	ok := Report{Day: d("2026-10-09"), Language: "en", Dials: 10, Contacts: 5, Completes: 1, AgentHours: 1.234}
	rows := []Report{ok}
	if err := ValidateReports(rows, w); err != nil || rows[0].AgentHours != 1.23 {
		t.Fatalf("valid row: %v (hours %v)", err, rows[0].AgentHours)
	}
	for field, bad := range map[string]Report{
		"[0].day":         {Day: d("2026-10-11"), Language: "en"},
		"[0].language":    {Day: d("2026-10-09"), Language: "fr"},
		"[0].contacts":    {Day: d("2026-10-09"), Language: "en", Dials: 1, Contacts: 2},
		"[0].completes":   {Day: d("2026-10-09"), Language: "en", Dials: 2, Contacts: 1, Completes: 2},
		"[0].opt_outs":    {Day: d("2026-10-09"), Language: "en", OptOuts: -1},
		"[0].agent_hours": {Day: d("2026-10-09"), Language: "en", AgentHours: -1},
	} {
		err := ValidateReports([]Report{bad}, w)
		if e, isErr := err.(*callmatch.Error); !isErr || e.Fields[field] == "" {
			t.Errorf("%s: %v", field, err)
		}
	}
	if err := ValidateReports([]Report{ok, ok}, w); err == nil || !strings.Contains(err.Error(), "[1].day") {
		t.Errorf("a repeated day and language: %v", err)
	}
}

func TestReportCSV(t *testing.T) {
	w := &ReportWindow{Start: d("2026-10-01"), End: d("2026-10-20"), Languages: []string{"en", "es"}, Today: d("2026-10-10")}
	csv := "\ufeffDay,language,dials,contacts,agent_hours\n2026-10-02,en,100,10,2.5\n2026-10-02,es,ten,1,1\n2026-10-03,es,5,6,1\n"
	rows, problems := ParseReportCSV(strings.NewReader(csv))
	_, rep, err := CheckReportRows(rows, problems, w, false)
	if err == nil || rep.Skipped != 3 || len(rep.Problems) != 2 ||
		rep.Problems[0].Row != 2 || rep.Problems[0].Field != "dials" || rep.Problems[1].Row != 3 || rep.Problems[1].Field != "contacts" {
		t.Fatalf("all or nothing: %v %+v", err, rep)
	}
	valid, rep, err := CheckReportRows(rows, problems, w, true)
	if err != nil || len(valid) != 1 || rep.Skipped != 2 || valid[0].AgentHours != 2.5 {
		t.Fatalf("partial: %v %+v %+v", err, rep, valid)
	}
	for _, bad := range []string{"", "day,language,dials\n", "day,language,dials,contacts,colour\n", "day,language,dials,contacts\n\"2026-10-02,en\n"} {
		rows, problems := ParseReportCSV(strings.NewReader(bad))
		if _, rep, err := CheckReportRows(rows, problems, w, true); err == nil || rep.Problems[0].Row != 0 {
			t.Errorf("%q: a problem of the file refuses it even when partial: %v %+v", bad, err, rep)
		}
	}
}
