package matching

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestRankTopAgreesWithRankOrder: for a limited shortlist, rankTop gives
// the positions rankOrder gives, up to the end of the tie group at the
// limit, with the same ranks and tie groups, on scores full of ties
// (equal, within TieTolerance, chains of near-ties) and NaNs.
func TestRankTopAgreesWithRankOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	for run := range 500 {
		n := 1 + r.IntN(400)
		score := make([]float64, n)
		for i := range score {
			switch r.IntN(10) {
			case 0:
				score[i] = math.NaN()
			case 1, 2: // near-ties, some chained
				score[i] = 0.5 + float64(r.IntN(4))*0.6e-9
			default:
				score[i] = float64(r.IntN(40)) / 40
			}
		}
		tie := func(a, b int) int { return a - b }
		limit := 1 + r.IntN(30)
		o1, r1, g1 := rankOrder(score, tie)
		o2, r2, g2 := rankTop(score, limit, tie)
		cut := min(limit, len(o1))
		for cut < len(o1) && r1[cut] == r1[cut-1] {
			cut++
		}
		if len(o2) < cut || !slices.Equal(o1[:cut], o2[:cut]) || !slices.Equal(r1[:cut], r2[:cut]) {
			t.Fatalf("run %d, limit %d: order/ranks differ in the first %d:\n%v %v\n%v %v", run, limit, cut, o1[:cut], r1[:cut], o2, r2)
		}
		var want, got [][]int
		for _, g := range g1 {
			if g[0] < cut {
				want = append(want, g)
			}
		}
		for _, g := range g2 {
			if g[0] < cut {
				got = append(got, g)
			}
		}
		if !slices.EqualFunc(want, got, slices.Equal) {
			t.Fatalf("run %d, limit %d: ties %v, want %v", run, limit, got, want)
		}
	}
}
