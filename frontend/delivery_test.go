package frontend

import (
	"strings"
	"testing"

	"callmatch"
	"callmatch/catalog"
	"callmatch/intake"
	"callmatch/matching"
)

func execPage(t *testing.T, page string, data any) string {
	t.Helper()
	tm, err := parseTemplates()
	if err != nil {
		t.Fatal(err)
	}
	b, err := tm.execute(page, "layout", data)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The portal's program page shows the chart, a refused upload's problems
// by row and field, and the one-row form with the program's languages.
func TestEngagementPageShowsRowProblems(t *testing.T) {
	pg := testPage(t, "en")
	pg.Section = "portal"
	p := fourWeeks()
	p.Languages = []string{"en", "es"}
	ep := &engagementPage{Page: pg, Pace: p, Ref: "I1", Chart: newBurnup(pg, p), Columns: "day language",
		Import: &intake.ReportImport{Skipped: 3, Problems: []catalog.RowProblem{{Row: 2, Field: "contacts", Message: "120 is more than the 100 dials"}}},
		Row:    reportForm{Language: "es"}}
	out := execPage(t, "engagement", ep)
	for _, w := range []string{`<table class="pace-table">`, `id="report-problems"`, `<td class="num">2</td><td><code>contacts</code></td><td>120 is more than the 100 dials</td>`,
		`Nothing was stored`, `<option value="es" selected>`, `action="/portal/engagements/e1/upload"`, `enctype="multipart/form-data"`} {
		if !strings.Contains(out, w) {
			t.Errorf("page lacks %q", w)
		}
	}
	ep.Import, ep.Stored = &intake.ReportImport{Accepted: 5, Replaced: 2}, true
	if got := ep.Reported(); got != "5 rows stored, 2 of them corrections replacing earlier figures." {
		t.Errorf("Reported() = %q", got)
	}
}

// A refused one-row form names the field without the API's row index.
func TestReportFormNamesTheField(t *testing.T) {
	_, err := reportForm{Day: "2026-13-01", Language: "", Dials: "ten", AgentHours: "x"}.row()
	fe, ok := formErrorsOf(err)
	if !ok {
		t.Fatalf("err = %v", err)
	}
	for _, f := range []string{"day", "language", "dials", "agent_hours"} {
		if fe.Fields[f] == "" {
			t.Errorf("no problem for %s in %v", f, fe.Fields)
		}
	}
	r, err := reportForm{Day: "2026-09-02", Language: "en", Dials: "100", Contacts: " 30 ", AgentHours: "7.5"}.row()
	if err != nil || r.Dials != 100 || r.Contacts != 30 || r.AgentHours != 7.5 || r.Day != callmatch.MustParseDate("2026-09-02") {
		t.Errorf("row = %+v, %v", r, err)
	}
}

// The scorecard form refuses a missing or out-of-range rating in the
// campaign's language, naming the field, before the service sees it.
func TestScorecardFormSpanish(t *testing.T) {
	pg := testPage(t, "es")
	_, err := scorecardForm{Ratings: map[string]string{"script_adherence": "5", "data_handling": "0", "responsiveness": "3"},
		Comment: strings.Repeat("é", 2001)}.scorecard(pg)
	fe, _ := formErrorsOf(err)
	want := map[string]string{"data_handling": "elija una calificación del 1 al 5", "overall": "elija una calificación del 1 al 5",
		"comment": "debe tener como máximo 2,000 caracteres"}
	if len(fe.Fields) != len(want) {
		t.Errorf("fields = %v, want %v", fe.Fields, want)
	}
	for k, v := range want {
		if fe.Fields[k] != v {
			t.Errorf("%s: %q, want %q", k, fe.Fields[k], v)
		}
	}
	s, err := scorecardForm{Ratings: map[string]string{"script_adherence": "5", "data_handling": "4", "responsiveness": "3", "overall": "2"}}.scorecard(pg)
	if err != nil || s.ScriptAdherence != 5 || s.DataHandling != 4 || s.Responsiveness != 3 || s.Overall != 2 {
		t.Errorf("scorecard = %+v, %v", s, err)
	}
	sp := &scorecardPage{Page: pg, Token: "tok", Invite: &intake.ScorecardInvite{VendorName: "Acme", CampaignName: "Ana 2026"},
		Criteria: scorecardCriteria, Scale: []int{1, 2, 3, 4, 5}, Errors: fe}
	out := execPage(t, "scorecard", sp)
	for _, w := range []string{`<legend>Apego al guion</legend>`, `name="overall" id="overall-5" value="5"`, `Su programa con Acme para Ana 2026`, `id="data_handling-error"`} {
		if !strings.Contains(out, w) {
			t.Errorf("page lacks %q", w)
		}
	}
}

// The track record says what it is verified over, and nothing is claimed
// for a vendor without delivered programs.
func TestTrackRecordPartial(t *testing.T) {
	tm, err := parseTemplates()
	if err != nil {
		t.Fatal(err)
	}
	v := matching.TrackRecord{Programs: 3, Dials: 150000, Contacts: 45000, Scorecards: 2, QASum: 1.8}.Verify(catalog.Metrics{ContactRate: 0.2, QAScore: 0.7})
	for _, c := range []struct {
		tv   *trackView
		want string
	}{
		{&trackView{Verified: v, Explanation: v.Explanation()}, "verified over 3 programs, 150,000 dials</strong>, 2 campaign scorecards."},
		{&trackView{}, `id="track-none"`},
	} {
		var sb strings.Builder
		if err := tm.sets["portal"].ExecuteTemplate(&sb, "track-record", c.tv); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(sb.String(), c.want) {
			t.Errorf("track record lacks %q:\n%s", c.want, sb.String())
		}
	}
}
