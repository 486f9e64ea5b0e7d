package api_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"callmatch"
	"callmatch/api"
	"callmatch/catalog"
	"callmatch/intake"
	"callmatch/postgres"
)

// newEngagement records an engagement of vendor on a fresh intake, as an
// advisor, and returns it with the campaign's private link token.
func (f *fixture) newEngagement(vendor *catalog.Vendor) (*intake.Engagement, string) {
	f.t.Helper()
	ctx := callmatch.WithActor(context.Background(), callmatch.Actor{UserID: "test", Role: callmatch.RoleAdvisor})
	intakeID, token := f.newIntake()
	sl, err := f.intakes.GenerateShortlist(ctx, intakeID, intake.GenerateOptions{})
	if err != nil {
		f.t.Fatal(err)
	}
	if _, err := f.intakes.Share(ctx, sl.ID); err != nil {
		f.t.Fatal(err)
	}
	e, err := f.intakes.Engage(ctx, intakeID, vendor.ID, 5_000_000)
	if err != nil {
		f.t.Fatal(err)
	}
	return e, token
}

// engagementPath addresses an engagement of the vendor that vendor_own
// belongs to.
func engagementPath(suffix string) func(*fixture) string {
	return func(f *fixture) string {
		e, _ := f.newEngagement(f.vendorA)
		return "/api/v1/engagements/" + e.ID + suffix
	}
}

// doCSV posts a CSV body as role.
func (f *fixture) doCSV(role, path, body string) *httptest.ResponseRecorder {
	f.t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	req.Header.Set("Content-Type", "text/csv")
	req.AddCookie(&http.Cookie{Name: "callmatch_session", Value: f.cookies[role]})
	rec := httptest.NewRecorder()
	f.srv.ServeHTTP(rec, req)
	return rec
}

// inProgram sets the service's clock inside the fixture's program
// (2027-09-20 to 2027-11-01).
func (f *fixture) inProgram(day string) {
	now := callmatch.MustParseDate(day).Time().Add(15 * time.Hour)
	f.intakes.Now = func() time.Time { return now }
}

func TestReportsAPI(t *testing.T) {
	f := newFixture(t)
	f.inProgram("2027-09-25")
	e, token := f.newEngagement(f.vendorA)
	path := "/api/v1/engagements/" + e.ID + "/reports"

	rec := f.do("vendor_own", http.MethodPost, path, `[
		{"day": "2027-09-21", "language": "en", "dials": 1000, "contacts": 120, "completes": 0, "agent_hours": 18.5, "opt_outs": 3, "complaints": 0},
		{"day": "2027-09-21", "language": "es", "dials": 400, "contacts": 50, "completes": 0, "agent_hours": 7, "opt_outs": 1, "complaints": 1}]`)
	if got := decode[intake.ReportResult](t, rec); rec.Code != http.StatusOK || got != (intake.ReportResult{Accepted: 2}) {
		t.Fatalf("first report: %d %s", rec.Code, rec.Body.String())
	}
	// A correction replaces the row; a new day is accepted.
	rec = f.do("vendor_own", http.MethodPost, path, `[
		{"day": "2027-09-21", "language": "en", "dials": 1100, "contacts": 130, "completes": 0, "agent_hours": 19, "opt_outs": 3, "complaints": 0},
		{"day": "2027-09-22", "language": "en", "dials": 900, "contacts": 100, "completes": 0, "agent_hours": 17, "opt_outs": 0, "complaints": 0}]`)
	if got := decode[intake.ReportResult](t, rec); rec.Code != http.StatusOK || got != (intake.ReportResult{Accepted: 1, Replaced: 1}) {
		t.Fatalf("correction: %d %s", rec.Code, rec.Body.String())
	}
	audit, err := f.db.AuditFor(context.Background(), "engagement", e.ID)
	i := slices.IndexFunc(audit, func(a postgres.AuditEntry) bool { return a.Action == postgres.ActionReportReplace })
	if err != nil || i < 0 || !strings.Contains(string(audit[i].Before["rows"]), `"dials": 1000`) ||
		!strings.Contains(string(audit[i].After["rows"]), `"dials": 1100`) || !strings.Contains(string(audit[i].After["rows"]), `"version": 2`) {
		t.Fatalf("the correction's audit row holds both versions: %+v %v", audit, err)
	}

	for _, c := range []struct{ body, field string }{
		{`[{"day": "2027-09-23", "language": "en", "dials": 10, "contacts": 11}]`, "[0].contacts"},
		{`[{"day": "2027-09-23", "language": "en", "dials": 10, "contacts": 5, "completes": 6}]`, "[0].completes"},
		{`[{"day": "2027-09-23", "language": "en", "dials": -1, "contacts": 0}]`, "[0].dials"},
		{`[{"day": "2027-09-26", "language": "en", "dials": 10, "contacts": 1}]`, "[0].day"},
		{`[{"day": "2027-09-19", "language": "en", "dials": 10, "contacts": 1}]`, "[0].day"},
		{`[{"day": "2027-09-23", "language": "fr", "dials": 10, "contacts": 1}]`, "[0].language"},
		{`[{"day": "2027-09-23", "language": "en", "dials": 10, "contacts": 1}, {"day": "2027-09-23", "language": "en", "dials": 10, "contacts": 1}]`, "[1].day"},
	} {
		rec := f.do("vendor_own", http.MethodPost, path, c.body)
		if got := decode[api.ErrorBody](t, rec); rec.Code != http.StatusUnprocessableEntity || got.Error.Fields[c.field] == "" {
			t.Errorf("%s: %d %s, want 422 naming %s", c.body, rec.Code, rec.Body.String(), c.field)
		}
	}
	if rec := f.do("vendor_other", http.MethodPost, path, `[{"day": "2027-09-23", "language": "en", "dials": 10, "contacts": 1}]`); rec.Code != http.StatusNotFound {
		t.Errorf("another vendor's engagement: %d, want 404", rec.Code)
	}

	// A CSV with a bad row stores nothing and reports the row and field;
	// accepted as partial, the good rows are stored.
	csv := "day,language,dials,contacts,completes,agent_hours\n2027-09-23,en,800,90,0,15\n2027-09-23,es,100,200,0,3\n"
	rec = f.doCSV("vendor_own", path, csv)
	rep := decode[intake.ReportImport](t, rec)
	if rec.Code != http.StatusUnprocessableEntity || rep.Accepted != 0 || len(rep.Problems) != 1 ||
		rep.Problems[0].Row != 2 || rep.Problems[0].Field != "contacts" {
		t.Fatalf("bad CSV: %d %s", rec.Code, rec.Body.String())
	}
	rec = f.doCSV("vendor_own", path+"?partial=true", csv)
	if rep := decode[intake.ReportImport](t, rec); rec.Code != http.StatusOK || rep.Accepted != 1 || rep.Skipped != 1 {
		t.Fatalf("partial CSV: %d %s", rec.Code, rec.Body.String())
	}

	// Pace: the campaign with its link, not without or with another's.
	pacePath := "/api/v1/engagements/" + e.ID + "/pace"
	rec = f.do("anonymous", http.MethodGet, pacePath+"?token="+token, "")
	p := decode[intake.Pace](t, rec)
	if rec.Code != http.StatusOK || p.DeliveredDials != 1100+400+900+800 || p.PlannedDials != 40000 || len(p.Days) != 43 {
		t.Fatalf("campaign pace: %d %+v", rec.Code, p)
	}
	if rec := f.do("anonymous", http.MethodGet, pacePath+"?token=wrong", ""); rec.Code != http.StatusNotFound {
		t.Errorf("wrong token: %d, want 404", rec.Code)
	}
	_, other := f.newEngagement(f.vendorB)
	if rec := f.do("anonymous", http.MethodGet, pacePath+"?token="+other, ""); rec.Code != http.StatusNotFound {
		t.Errorf("another campaign's token: %d, want 404", rec.Code)
	}
}

// TestVendorCannotWriteVerifiedFigures tries every route a vendor has to
// its own standing: none changes its verified figures or flag, which
// only reports on its engagements and campaigns' scorecards move.
func TestVendorCannotWriteVerifiedFigures(t *testing.T) {
	f := newFixture(t)
	f.inProgram("2027-09-25")
	ctx := context.Background()
	vendorPath := "/api/v1/vendors/" + f.vendorA.ID
	for _, body := range []string{
		`{"metrics": {"contact_rate": 0.5, "qa_score": 1, "verified": true}}`,
		`{"metrics": {"verified": true}}`,
		`{"track_record": {"programs": 10, "dials": 1000000}}`,
		`{"verified": {"contact_rate": 0.5}}`,
	} {
		if rec := f.do("vendor_own", http.MethodPatch, vendorPath, body); rec.Code < 400 {
			t.Errorf("PATCH %s as the vendor: %d, want a refusal", body, rec.Code)
		}
	}
	// An engagement it does not hold cannot be reported on.
	other, _ := f.newEngagement(f.vendorB)
	if rec := f.do("vendor_own", http.MethodPost, "/api/v1/engagements/"+other.ID+"/reports",
		`[{"day": "2027-09-21", "language": "en", "dials": 100000, "contacts": 100000}]`); rec.Code != http.StatusNotFound {
		t.Errorf("report on another vendor's engagement: %d, want 404", rec.Code)
	}
	v, err := f.vendors.FindVendorByID(ctx, f.vendorA.ID)
	if err != nil {
		t.Fatal(err)
	}
	if v.Metrics != f.vendorA.Metrics {
		t.Errorf("metrics %+v, want %+v unchanged", v.Metrics, f.vendorA.Metrics)
	}
	staff := callmatch.WithActor(ctx, callmatch.Actor{UserID: "test", Role: callmatch.RoleAdvisor})
	for _, id := range []string{f.vendorA.ID, f.vendorB.ID} {
		tr, err := f.intakes.TrackRecord(staff, id)
		if err != nil || tr.Programs != 0 || tr.Dials != 0 {
			t.Errorf("track record of %s: %+v %v, want none", id, tr, err)
		}
	}
}
