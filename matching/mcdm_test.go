package matching

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"callmatch"
)

// publishedDir holds the published decision-method examples with their
// citations (README.md there); the CLI's rank test reads them too.
const publishedDir = "testdata/mcdm"

type published struct {
	Matrix
	Expected     map[string]float64 `json:"expected"`
	ExpectedTies [][]string         `json:"expected_ties"`
}

func TestRankPublishedExamples(t *testing.T) {
	for _, name := range []string{"topsis_facility_location.json", "saw_wikipedia_tie.json"} {
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(publishedDir, name))
			if err != nil {
				t.Fatalf("published example missing: %v", err)
			}
			var ex published
			if err := json.Unmarshal(b, &ex); err != nil {
				t.Fatal(err)
			}
			r, err := Rank(ex.Matrix)
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Ranking) != len(ex.Expected) {
				t.Fatalf("ranked %d alternatives, want %d", len(r.Ranking), len(ex.Expected))
			}
			for _, a := range r.Ranking {
				if want := ex.Expected[a.ID]; math.Abs(a.Score-want) > 1e-6 {
					t.Errorf("%s: score %.7f, published %.6f", a.ID, a.Score, want)
				}
			}
			wantTies := ex.ExpectedTies
			if wantTies == nil {
				wantTies = [][]string{}
			}
			if !reflect.DeepEqual(r.Ties, wantTies) {
				t.Errorf("ties %v, want %v", r.Ties, wantTies)
			}
			for i := 1; i < len(r.Ranking); i++ {
				if r.Ranking[i].Score > r.Ranking[i-1].Score+TieTolerance {
					t.Errorf("ranking not sorted at %d", i)
				}
			}
		})
	}
}

func TestRankPublishedOrder(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(publishedDir, "topsis_facility_location.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m Matrix
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	r, _ := Rank(m)
	var got []string
	for _, a := range r.Ranking {
		got = append(got, a.ID)
	}
	if want := []string{"A5", "A4", "A6", "A3", "A1", "A2"}; !reflect.DeepEqual(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}

func TestRankTieSharesRank(t *testing.T) {
	m := Matrix{Method: "saw",
		Criteria:     []Criterion{{"c1", 1, "benefit"}, {"c2", 1, "cost"}},
		Alternatives: []Alternative{{"b", []float64{2, 1}}, {"a", []float64{2, 1}}, {"c", []float64{1, 1}}, {"d", []float64{2, 2}}}}
	r, err := Rank(m)
	if err != nil {
		t.Fatal(err)
	}
	// c and d tie too (0.25+0.5 and 0.5+0.25); tied alternatives go by id.
	want := []RankedAlternative{{1, "a", 1}, {1, "b", 1}, {3, "c", 0.75}, {3, "d", 0.75}}
	if !reflect.DeepEqual(r.Ranking, want) {
		t.Errorf("ranking %+v, want %+v", r.Ranking, want)
	}
	if !reflect.DeepEqual(r.Ties, [][]string{{"a", "b"}, {"c", "d"}}) {
		t.Errorf("ties %v", r.Ties)
	}
}

func TestRankContributionsAddUp(t *testing.T) {
	for _, method := range []string{MethodSAW, MethodTOPSIS} {
		d := decision{
			cols:    [][]float64{{3, 1, 4, 1, 5}, {9, 2, 6, 5, 3}, {0, 0, 0, 0, 0}},
			types:   []criterionType{benefitCriterion, costCriterion, benefitCriterion},
			weights: []float64{0.5, 0.3, 0.2},
		}
		sc := d.score(method)
		for i, s := range sc.score {
			sum := 0.0
			for j := range d.cols {
				sum += sc.contrib[j][i]
			}
			if math.Abs(sum-s) > 1e-9 {
				t.Errorf("%s alternative %d: contributions sum to %v, score %v", method, i, sum, s)
			}
			if sc.norm[2][i] != 0 {
				t.Errorf("%s: an all-zero benefit column normalized to %v, want 0", method, sc.norm[2][i])
			}
		}
	}
}

func TestTOPSISDegenerate(t *testing.T) {
	// All alternatives equal: both distances are 0 and closeness is 0.5.
	r, err := Rank(Matrix{Method: "topsis", Criteria: []Criterion{{"c", 1, "benefit"}},
		Alternatives: []Alternative{{"x", []float64{2}}, {"y", []float64{2}}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range r.Ranking {
		if a.Score != 0.5 || a.Rank != 1 {
			t.Errorf("%+v, want score 0.5 rank 1", a)
		}
	}
}

func TestRankInvalid(t *testing.T) {
	good := func() Matrix {
		return Matrix{Method: "saw", Criteria: []Criterion{{"c", 1, "benefit"}},
			Alternatives: []Alternative{{"x", []float64{1}}}}
	}
	cases := map[string]struct {
		edit  func(*Matrix)
		field string
	}{
		"unknown method":   {func(m *Matrix) { m.Method = "electre" }, "method"},
		"no criteria":      {func(m *Matrix) { m.Criteria = nil; m.Alternatives[0].Values = nil }, "criteria"},
		"bad type":         {func(m *Matrix) { m.Criteria[0].Type = "more" }, "criteria[0].type"},
		"negative weight":  {func(m *Matrix) { m.Criteria[0].Weight = -1 }, "criteria"},
		"zero weights":     {func(m *Matrix) { m.Criteria[0].Weight = 0 }, "criteria"},
		"no alternatives":  {func(m *Matrix) { m.Alternatives = nil }, "alternatives"},
		"missing id":       {func(m *Matrix) { m.Alternatives[0].ID = "" }, "alternatives[0].id"},
		"duplicate id":     {func(m *Matrix) { m.Alternatives = append(m.Alternatives, m.Alternatives[0]) }, "alternatives[1].id"},
		"short row":        {func(m *Matrix) { m.Alternatives[0].Values = nil }, "alternatives[0].values"},
		"negative for saw": {func(m *Matrix) { m.Alternatives[0].Values[0] = -1 }, "alternatives[0].values[0]"},
		"not a number":     {func(m *Matrix) { m.Alternatives[0].Values[0] = math.NaN() }, "alternatives[0].values[0]"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			m := good()
			tc.edit(&m)
			_, err := Rank(m)
			assertInvalid(t, err, tc.field)
		})
	}
}

func assertInvalid(t *testing.T, err error, field string) {
	t.Helper()
	e, ok := err.(*callmatch.Error)
	if !ok || e.Code != callmatch.EINVALID {
		t.Fatalf("error %v, want an EINVALID *callmatch.Error", err)
	}
	if _, ok := e.Fields[field]; !ok {
		t.Errorf("fields %v, want %q", e.Fields, field)
	}
}
