package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"callmatch/matching"
)

// publishedDir is the engine's copy of the published examples, inside the
// repository, so that a clone with nothing beside it runs this test.
const publishedDir = "../../matching/testdata/mcdm"

func TestRankPublishedFiles(t *testing.T) {
	cases := map[string]struct {
		scores map[string]float64
		ties   [][]string
	}{
		"saw_wikipedia_tie.json": {map[string]float64{"A1": 0.716667, "A2": 0.733333, "A3": 0.733333}, [][]string{{"A2", "A3"}}},
		"topsis_facility_location.json": {map[string]float64{"A1": 0.387215, "A2": 0.327170, "A3": 0.390670,
			"A4": 0.614660, "A5": 0.868495, "A6": 0.492848}, [][]string{}},
	}
	for name, want := range cases {
		t.Run(name, func(t *testing.T) {
			code, out, errOut := runCLI(t, "rank", "--input", filepath.Join(publishedDir, name))
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			var r matching.Ranking
			if err := json.Unmarshal([]byte(out), &r); err != nil {
				t.Fatal(err)
			}
			for _, a := range r.Ranking {
				if math.Abs(a.Score-want.scores[a.ID]) > 1e-6 {
					t.Errorf("%s: %v, want %v", a.ID, a.Score, want.scores[a.ID])
				}
			}
			if !reflect.DeepEqual(r.Ties, want.ties) {
				t.Errorf("ties %v, want %v", r.Ties, want.ties)
			}
		})
	}
}

func TestRankBadInput(t *testing.T) {
	cases := []struct {
		name, body string
		contains   []string
	}{
		{"not JSON", `{"method": "saw",`, []string{"matrix.json", "ends too early", "line 1, column 18"}},
		{"unknown field", `{"method": "saw", "criterias": []}`, []string{"matrix.json", "criterias: unknown field; expected one of method, criteria, alternatives"}},
		{"bad type", `{"method": "saw", "criteria": [{"name": "c", "weight": 1, "type": "good"}], "alternatives": [{"id": "a", "values": [1]}]}`,
			[]string{"matrix.json", "criteria[0].type", "benefit or cost"}},
		{"short row", `{"method": "topsis", "criteria": [{"name": "c", "weight": 1, "type": "cost"}], "alternatives": [{"id": "a", "values": []}]}`,
			[]string{"matrix.json", "alternatives[0].values", "1 values"}},
		{"string value", `{"method": "saw", "criteria": [], "alternatives": [{"id": "a", "values": ["1"]}]}`,
			[]string{"matrix.json", `alternatives[0].values[0]: must be a number, not the string "1"`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "matrix.json")
			writeFile(t, path, tc.body)
			code, out, errOut := runCLI(t, "rank", "--input", path)
			if code != 2 || out != "" || strings.Count(errOut, "\n") != 1 {
				t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
			}
			for _, s := range tc.contains {
				if !strings.Contains(errOut, s) {
					t.Errorf("stderr %q lacks %q", errOut, s)
				}
			}
		})
	}
	if code, _, _ := runCLI(t, "rank"); code != 2 {
		t.Errorf("rank without --input: exit %d", code)
	}
}

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}
