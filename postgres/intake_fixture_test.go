package postgres

import (
	"bytes"
	"context"
	"testing"
	"time"

	"callmatch"
	"callmatch/intake"
	"callmatch/matching"
)

// testDataKey is the data key of intake tests; never a real one.
var testDataKey = bytes.Repeat([]byte{0x42}, DataKeySize)

// intakeEnv is a migrated database with a small catalog, an intake store and
// the service over both, all on the testNow clock.
type intakeEnv struct {
	url     string // the database's, for tests that open connections of their own
	db      *DB
	vendors *VendorStore
	store   *IntakeStore
	svc     *intake.Service
	ids     map[string]string // vendor slug → id
}

// newIntakeEnv stores four vendors: three that can run testForm's program
// at different prices (cheap, mid, dear) and one that does not serve
// Democrats (red), which the engine must exclude.
func newIntakeEnv(t *testing.T) *intakeEnv {
	t.Helper()
	url, db, vs := newVendorStoreAt(t)
	store, err := NewIntakeStore(db, testDataKey)
	if err != nil {
		t.Fatal(err)
	}
	store.Now = func() time.Time { return testNow }
	env := &intakeEnv{url: url, db: db, vendors: vs, store: store, ids: map[string]string{}}
	for slug, cents := range map[string]int64{"cheap": 2600, "mid": 2800, "dear": 3400, "red": 2000} {
		v := testVendor(slug)
		v.Rates[0].AmountCents = cents
		if slug == "red" {
			v.Serves = []string{"republican"}
		}
		env.ids[slug] = mustCreate(t, vs, v).ID
	}
	env.svc = intake.NewService(store, func(ctx context.Context) (*matching.Catalog, error) {
		all, version, err := vs.Snapshot(ctx)
		if err != nil {
			return nil, err
		}
		return matching.NewCatalog(all, version), nil
	})
	env.svc.Now = func() time.Time { return testNow }
	return env
}

// testForm is a small Texas GOTV program every non-red test vendor can run.
func testForm() intake.Form {
	d := callmatch.MustParseDate
	return intake.Form{
		Campaign: intake.Campaign{Name: "Garcia for Congress", SponsorType: "candidate",
			Affiliation: "democratic", OfficeLevel: "federal", Race: "TX-23"},
		Contact:      intake.Contact{Name: "Rosa Elizondo", Email: "rosa.elizondo@example.org", Phone: "+1 956 555 0142"},
		Services:     []string{"gotv"},
		TargetStates: []string{"TX"},
		Records:      20_000, AttemptsPerRecord: 2,
		StartDate: d("2026-10-12"), EndDate: d("2026-11-03"),
		Languages:    []matching.LanguageShare{{Code: "en", Share: 0.7}, {Code: "es", Share: 0.3}},
		BudgetCents:  15_000_000,
		Requirements: matching.Requirements{DomesticOnly: true, CellShare: 0.5, CellConsent: true},
		Message:      "Early vote starts Oct 18.",
	}
}

// submit stores testForm (changed by edit, if given) as the campaign.
func (env *intakeEnv) submit(t *testing.T, edit func(*intake.Form)) (*intake.Intake, string) {
	t.Helper()
	f := testForm()
	if edit != nil {
		edit(&f)
	}
	// A program whose calling days began before the test's today was
	// sent before they did, as the service requires: through a copy
	// whose clock stands on the eve of the first day.
	svc := env.svc
	if f.StartDate < intake.EarliestStart(callmatch.DateOf(svc.Now())) {
		then := *env.svc
		then.Now = func() time.Time { return f.StartDate.AddDays(-1).Time() }
		svc = &then
	}
	rec, token, err := svc.Submit(t.Context(), f, "")
	if err != nil {
		t.Fatalf("submit: %v", err)
	}
	return rec, token
}

// shortlisted submits an intake and generates its first shortlist.
func (env *intakeEnv) shortlisted(t *testing.T) (*intake.Intake, string, *intake.Shortlist) {
	t.Helper()
	rec, token := env.submit(t, nil)
	sl, err := env.svc.GenerateShortlist(staffCtx(t), rec.ID, intake.GenerateOptions{})
	if err != nil {
		t.Fatalf("generate: %v", err)
	}
	if n := len(sl.Result.Shortlist); n != 3 {
		t.Fatalf("fixture: %d vendors shortlisted, want 3: %s", n, jsonOf(t, sl.Result))
	}
	return rec, token, sl
}

// shared is shortlisted with the shortlist shared with the campaign.
func (env *intakeEnv) shared(t *testing.T) (*intake.Intake, string, *intake.Shortlist) {
	t.Helper()
	rec, token, sl := env.shortlisted(t)
	if _, err := env.svc.Share(staffCtx(t), sl.ID); err != nil {
		t.Fatal(err)
	}
	return rec, token, sl
}

// countRows counts the rows of a table matching where.
func countRows(t *testing.T, db *DB, table, where string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.gorm.Raw(`SELECT count(*) FROM `+table+` WHERE `+where, args...).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func auditActions(t *testing.T, db *DB, objType, id string) []string {
	t.Helper()
	entries, err := db.AuditFor(t.Context(), objType, id)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = e.Action
	}
	return out
}
