package benchcmp

import (
	"log/slog"
	"testing"

	"callmatch/catalog"
	"callmatch/intake"

	"callmatch/demo"
	"callmatch/devstack/pgtest"
	"callmatch/matching"
	"callmatch/postgres"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func openDB(t testing.TB) *postgres.DB {
	t.Helper()
	// Loading thousands of vendors is a batch: under the race detector on a
	// busy machine the client can pause past a request's 10 s
	// idle-in-transaction limit between two statements of the import.
	db, err := postgres.OpenWith(t.Context(), pgtest.NewDB(t), slog.New(slog.DiscardHandler), postgres.BatchTimeouts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestAgreement holds the SQL version to the engine on every demo intake,
// with the intake's own priorities and with the default weights: the same
// eligible vendors, the same scores, the same order. The comparison in
// `make bench` is only worth its figures if the two answer alike.
func TestAgreement(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	cat, _, err := LoadCatalog(t.Context(), db, withGoalFacts(demo.Vendors(3000)))
	if err != nil {
		t.Fatal(err)
	}
	for i, form := range forms() {
		form.ApplyDefaults()
		req := form.MatchRequest()
		weights := []*matching.Weights{nil}
		if form.Priorities != nil {
			weights = append(weights, form.Priorities)
		}
		for _, w := range weights {
			opt := matching.Options{AsOf: demo.AsOf, Weights: w}
			res, err := matching.Match(cat, req, opt)
			if err != nil {
				t.Fatal(err)
			}
			rows, err := SQLMatch(t.Context(), db.SQL(), NewParams(req, w, opt))
			if err != nil {
				t.Fatal(err)
			}
			a := Compare(res, rows)
			t.Logf("intake %d (%s), own priorities %v: %s", i, form.Campaign.Name, w != nil, a)
			if !a.OK() {
				t.Errorf("intake %d: %s", i, a)
			}
		}
	}
}

// forms are the demo intakes plus variants that reach the rules the demo
// leaves alone: broadcasts and texting (other dialing modes, per-message
// pricing), an inbound hotline (no dialing), states that ban automated
// calls, consented cells, and a polling target beside another service.
func forms() []intake.Form {
	fs := demo.Intakes()
	v := demo.Intakes()
	broadcast := v[1]
	broadcast.Campaign.Name, broadcast.Services = "broadcast and texting", []string{"ivr_broadcast", "p2p_texting"}
	broadcast.Requirements.TakesCardPayments = false
	banned := v[3]
	banned.Campaign.Name, banned.Services, banned.TargetStates = "broadcast where banned", []string{"ivr_broadcast"}, []string{"AR", "WY"}
	banned.Requirements.CellShare = 0
	partly := v[3]
	partly.Campaign.Name, partly.Services, partly.TargetStates = "broadcast, partly banned", []string{"ivr_broadcast", "advocacy"}, []string{"AR", "TX"}
	partly.Requirements.CellConsent = true
	hotline := v[6]
	hotline.Campaign.Name, hotline.Services = "hotline and advocacy", []string{"inbound_hotline", "advocacy"}
	poll := v[2]
	poll.Campaign.Name, poll.Services = "poll and persuasion", []string{"polling", "persuasion"}
	goals := v[0]
	goals.Campaign.Name, goals.IssueAreas, goals.Audiences = "messaging goals", []string{"healthcare", "economy", "healthcare"}, []string{"seniors", "latino"}
	wage := v[4]
	wage.Campaign.Name, wage.Requirements.MinAgentWageCents = "wage floor", 1600
	return append(fs, broadcast, banned, partly, hotline, poll, goals, wage)
}

// withGoalFacts gives vendors messaging-goal experience and labor in a
// spread that the goal and wage-floor variants of forms tell apart: some
// none, some a floor below the variant's, some above.
func withGoalFacts(vs []*catalog.Vendor) []*catalog.Vendor {
	for i, v := range vs {
		if i%3 == 0 {
			continue
		}
		n := len(catalog.IssueAreas)
		v.IssueExperience = []string{catalog.IssueAreas[i%n], catalog.IssueAreas[(i+5)%n]}[:1+i%2]
		v.AudienceExperience = []string{catalog.Audiences[i%len(catalog.Audiences)]}
		v.Labor = &catalog.Labor{AgentWageFloorCents: int64(1200 + 100*(i%9)), Employment: "employed"}
	}
	return vs
}
