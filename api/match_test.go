package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"callmatch/matching"
)

const whatIf = `{
  "campaign": {"name": "Garcia for Congress", "sponsor_type": "candidate", "affiliation": "democratic"},
  "services": ["gotv"], "target_states": ["TX"],
  "records": 20000, "attempts_per_record": 2,
  "start_date": "2027-09-20", "end_date": "2027-11-01",
  "languages": [{"code": "en", "share": 0.7}, {"code": "es", "share": 0.3}],
  "budget_cents": 5000000,
  "as_of": "2027-09-01"
}`

func TestWhatIfMatch(t *testing.T) {
	f := newFixture(t)
	rec := f.do("advisor", http.MethodPost, "/api/v1/match", whatIf)
	if rec.Code != 200 {
		t.Fatalf("match: %d %s", rec.Code, rec.Body.String())
	}
	res := decode[matching.Result](t, rec)
	if len(res.Shortlist) != 2 || res.AsOf != "2027-09-01" {
		t.Fatalf("want both test vendors shortlisted as of 2027-09-01, got %+v", res)
	}

	bad := strings.Replace(whatIf, `"share": 0.3`, `"share": 0.5`, 1)
	rec = f.do("advisor", http.MethodPost, "/api/v1/match", bad)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "languages") {
		t.Fatalf("shares not summing to 1: %d %s", rec.Code, rec.Body.String())
	}
	rec = f.do("advisor", http.MethodPost, "/api/v1/match", strings.Replace(whatIf, `"as_of"`, `"weights": {"cost": -1}, "as_of"`, 1))
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "weight") {
		t.Fatalf("negative weight: %d %s", rec.Code, rec.Body.String())
	}
}

// TestWhatIfMatchFollowsCatalogChanges: the in-memory catalog is rebuilt
// when a vendor changes, without a query per match.
func TestWhatIfMatchFollowsCatalogChanges(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go f.watcher.Run(ctx)

	if rec := f.do("advisor", http.MethodPost, "/api/v1/match", whatIf); len(decode[matching.Result](t, rec).Shortlist) != 2 {
		t.Fatalf("before the change: %s", rec.Body.String())
	}
	if rec := f.do("advisor", http.MethodPatch, "/api/v1/vendors/"+f.vendorB.ID, `{"status": "suspended"}`); rec.Code != 200 {
		t.Fatalf("suspend: %d %s", rec.Code, rec.Body.String())
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		res := decode[matching.Result](t, f.do("advisor", http.MethodPost, "/api/v1/match", whatIf))
		if len(res.Shortlist) == 1 && res.ExclusionSummary["not_active"] == 1 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the suspended vendor is still matched 10 s after the change: %+v", res.ExclusionSummary)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
