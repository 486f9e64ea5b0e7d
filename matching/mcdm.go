package matching

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"callmatch"
)

// TieTolerance is how close two scores must be to count as a tie
// (DOMAIN.md §7). A tie group is measured from its highest score: in a
// sorted list each score within TieTolerance of the group's first joins it.
const TieTolerance = 1e-9

type criterionType uint8

const (
	benefitCriterion criterionType = iota
	costCriterion
)

// Matrix is a plain decision matrix, the input of `callmatch rank`.
type Matrix struct {
	Method       string        `json:"method"`
	Criteria     []Criterion   `json:"criteria"`
	Alternatives []Alternative `json:"alternatives"`
}

// Criterion is one column: its weight and whether more is better
// ("benefit") or worse ("cost").
type Criterion struct {
	Name   string  `json:"name"`
	Weight float64 `json:"weight"`
	Type   string  `json:"type"`
}

// Alternative is one row, with a value per criterion.
type Alternative struct {
	ID     string    `json:"id"`
	Values []float64 `json:"values"`
}

// Ranking is the output of `callmatch rank`.
type Ranking struct {
	Method  string              `json:"method"`
	Ranking []RankedAlternative `json:"ranking"`
	Ties    [][]string          `json:"ties"`
}

// RankedAlternative is one row of a ranking. Tied alternatives share a rank
// and are listed by id.
type RankedAlternative struct {
	Rank  int     `json:"rank"`
	ID    string  `json:"id"`
	Score float64 `json:"score"`
}

// Rank scores a decision matrix with SAW or TOPSIS, the same code that
// scores vendors in Match.
func Rank(m Matrix) (*Ranking, error) {
	method, err := checkMethod(m.Method)
	var fe callmatch.FieldErrors
	if err != "" {
		fe.Add("method", err)
	}
	d := decision{}
	if len(m.Criteria) == 0 {
		fe.Add("criteria", "give at least one criterion")
	}
	raw := make([]float64, len(m.Criteria))
	for j, c := range m.Criteria {
		switch c.Type {
		case "benefit":
			d.types = append(d.types, benefitCriterion)
		case "cost":
			d.types = append(d.types, costCriterion)
		default:
			fe.Addf(fmt.Sprintf("criteria[%d].type", j), "must be benefit or cost")
		}
		raw[j] = c.Weight
	}
	if msg := checkWeights(raw); msg != "" {
		fe.Add("criteria", msg)
	}
	if len(m.Alternatives) == 0 {
		fe.Add("alternatives", "give at least one alternative")
	}
	seen := map[string]bool{}
	d.cols = make([][]float64, len(m.Criteria))
	for j := range d.cols {
		d.cols[j] = make([]float64, len(m.Alternatives))
	}
	for i, a := range m.Alternatives {
		p := fmt.Sprintf("alternatives[%d]", i)
		if a.ID == "" {
			fe.Add(p+".id", "is required")
		} else if seen[a.ID] {
			fe.Addf(p+".id", "%q is listed twice", a.ID)
		}
		seen[a.ID] = true
		if len(a.Values) != len(m.Criteria) {
			fe.Addf(p+".values", "must have %d values, one per criterion; has %d", len(m.Criteria), len(a.Values))
			continue
		}
		for j, x := range a.Values {
			if math.IsNaN(x) || math.IsInf(x, 0) || (method == MethodSAW && x < 0) {
				fe.Addf(fmt.Sprintf("%s.values[%d]", p, j), "must be a finite number (not negative for saw)")
			}
			d.cols[j][i] = x
		}
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	d.weights = normalized(raw)
	sc := d.score(method)
	order, ranks, groups := rankOrder(sc.score, func(a, b int) int {
		return cmp.Compare(m.Alternatives[a].ID, m.Alternatives[b].ID)
	})
	r := &Ranking{Method: method, Ranking: make([]RankedAlternative, len(order)), Ties: [][]string{}}
	for pos, i := range order {
		r.Ranking[pos] = RankedAlternative{Rank: ranks[pos], ID: m.Alternatives[i].ID, Score: sc.score[i]}
	}
	for _, g := range groups {
		ids := make([]string, len(g))
		for k, pos := range g {
			ids[k] = m.Alternatives[order[pos]].ID
		}
		r.Ties = append(r.Ties, ids)
	}
	return r, nil
}

// checkMethod returns the method ("" means saw) or why it is not one.
func checkMethod(m string) (string, string) {
	switch m {
	case "", MethodSAW:
		return MethodSAW, ""
	case MethodTOPSIS:
		return MethodTOPSIS, ""
	}
	return m, fmt.Sprintf("%q is not a method; must be saw or topsis", m)
}

// checkWeights returns "" when the weights can be normalized.
func checkWeights(w []float64) string {
	sum := 0.0
	for _, x := range w {
		if !(x >= 0) || math.IsInf(x, 0) {
			return "each weight must be a number of 0 or more"
		}
		sum += x
	}
	if !(sum > 0) || math.IsInf(sum, 0) {
		return "at least one weight must be more than 0"
	}
	return ""
}

func normalized(w []float64) []float64 {
	sum := 0.0
	for _, x := range w {
		sum += x
	}
	out := make([]float64, len(w))
	for j, x := range w {
		out[j] = x / sum
	}
	return out
}

// decision is a column-major matrix: cols[j][i] is alternative i on
// criterion j. weights sum to 1.
type decision struct {
	cols    [][]float64
	types   []criterionType
	weights []float64
}

// scoring is a scored decision: per-criterion normalized values and
// contributions, and the score of each alternative. Contributions add up
// to the score for both methods.
type scoring struct {
	norm    [][]float64
	contrib [][]float64
	score   []float64
}

func (d *decision) score(method string) scoring {
	n := 0
	if len(d.cols) > 0 {
		n = len(d.cols[0])
	}
	sc := scoring{norm: make([][]float64, len(d.cols)), contrib: make([][]float64, len(d.cols)), score: make([]float64, n)}
	for j := range d.cols {
		sc.norm[j] = make([]float64, n)
		sc.contrib[j] = make([]float64, n)
	}
	if method == MethodTOPSIS {
		d.topsis(&sc)
	} else {
		d.saw(&sc)
	}
	return sc
}

// saw is simple additive weighting with linear normalization: benefit x/max,
// cost min/x. When the best value of a benefit criterion is 0 (or less),
// nobody earns anything on it: all normalize to 0. A cost of 0 is the best
// possible and normalizes to 1. Scores sum contributions in criterion order,
// so the sum of the factors is the score exactly.
func (d *decision) saw(sc *scoring) {
	if len(sc.score) == 0 {
		return
	}
	for j, col := range d.cols {
		norm := sc.norm[j]
		if d.types[j] == costCriterion {
			lo := slices.Min(col)
			for i, x := range col {
				switch {
				case x <= 0:
					norm[i] = 1
				default:
					norm[i] = max(lo, 0) / x
				}
			}
		} else if hi := slices.Max(col); hi > 0 {
			for i, x := range col {
				norm[i] = x / hi
			}
		}
		for i := range col {
			c := d.weights[j] * norm[i]
			sc.contrib[j][i] = c
			sc.score[i] += c
		}
	}
}

// topsis uses vector normalization (x/‖column‖), distances D⁺ and D⁻ to the
// weighted ideal and anti-ideal, and closeness D⁻/(D⁺+D⁻), 0.5 when both are
// 0. The closeness is split among criteria in proportion to each one's
// squared distance from the anti-ideal, the part of D⁻ it supplies; when
// D⁻ and D⁺ are both 0 the 0.5 is split by weight.
func (d *decision) topsis(sc *scoring) {
	n := len(sc.score)
	m := len(d.cols)
	ideal, anti := make([]float64, m), make([]float64, m)
	for j, col := range d.cols {
		ss := 0.0
		for _, x := range col {
			ss += x * x
		}
		if norm := math.Sqrt(ss); norm > 0 {
			for i, x := range col {
				sc.norm[j][i] = x / norm
			}
		}
		lo, hi := math.Inf(1), math.Inf(-1)
		for i := range col {
			v := d.weights[j] * sc.norm[j][i]
			lo, hi = min(lo, v), max(hi, v)
		}
		if n == 0 {
			lo, hi = 0, 0
		}
		ideal[j], anti[j] = hi, lo
		if d.types[j] == costCriterion {
			ideal[j], anti[j] = lo, hi
		}
	}
	for i := range n {
		plus, minus := 0.0, 0.0
		for j := range m {
			v := d.weights[j] * sc.norm[j][i]
			plus += (v - ideal[j]) * (v - ideal[j])
			minus += (v - anti[j]) * (v - anti[j])
		}
		dp, dm := math.Sqrt(plus), math.Sqrt(minus)
		switch {
		case dp == 0 && dm == 0:
			sc.score[i] = 0.5
			for j := range m {
				sc.contrib[j][i] = 0.5 * d.weights[j]
			}
		case dm == 0:
			sc.score[i] = 0
		default:
			closeness := dm / (dp + dm)
			sc.score[i] = closeness
			for j := range m {
				v := d.weights[j] * sc.norm[j][i]
				sc.contrib[j][i] = closeness * (v - anti[j]) * (v - anti[j]) / minus
			}
		}
	}
}

// rankOrder sorts alternatives best first, groups ties and orders each
// group by tieOrder. It returns the order, the rank at each position
// (competition ranking: 1, 2, 2, 4) and the tied groups as positions.
func rankOrder(score []float64, tieOrder func(a, b int) int) (order, ranks []int, ties [][]int) {
	order = make([]int, len(score))
	for i := range order {
		order[i] = i
	}
	return rankOrderOf(score, order, tieOrder)
}

// rankOrderOf is rankOrder of the alternatives in order only, which must
// hold every alternative scoring at least the lowest of them.
func rankOrderOf(score []float64, order []int, tieOrder func(a, b int) int) (_, ranks []int, ties [][]int) {
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(score[b], score[a]), tieOrder(a, b))
	})
	ranks = make([]int, len(order))
	for g := 0; g < len(order); {
		e := g + 1
		// Measured from the group's highest score, not from the previous
		// one: otherwise steps each within the tolerance chain any number
		// of scores into one tie (DOMAIN.md §7).
		for e < len(order) && score[order[g]]-score[order[e]] <= TieTolerance {
			e++
		}
		if e-g > 1 {
			slices.SortFunc(order[g:e], tieOrder)
			grp := make([]int, e-g)
			for k := range grp {
				grp[k] = g + k
			}
			ties = append(ties, grp)
		}
		for k := g; k < e; k++ {
			ranks[k] = g + 1
		}
		g = e
	}
	return order, ranks, ties
}
