package matching

import (
	"cmp"
	"math"
	"slices"
)

// teamChoice is a vendor set with what its flows achieve over the program:
// the dials-weighted share covered and the cost in cents.
type teamChoice struct {
	set      []int // candidate positions (best first = 0), in price order
	coverage float64
	cost     float64
	score    float64 // summed candidate scores
}

// coverageTol and costTol decide when two sets do equally well, so that
// rounding differences between equal plans fall to the stated ties.
const coverageTol = 1e-9

func costEqual(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*max(math.Abs(a), math.Abs(b))+1e-6
}

// better orders plans: the most work covered, then the lowest cost, then
// fewer vendors, then the higher summed score, then the vendor ids.
func (tp *teamProblem) better(a, b *teamChoice) bool {
	if math.Abs(a.coverage-b.coverage) > coverageTol {
		return a.coverage > b.coverage
	}
	if !costEqual(a.cost, b.cost) {
		return a.cost < b.cost
	}
	if len(a.set) != len(b.set) {
		return len(a.set) < len(b.set)
	}
	if math.Abs(a.score-b.score) > TieTolerance {
		return a.score > b.score
	}
	return slices.Compare(tp.sortedIDs(a.set), tp.sortedIDs(b.set)) < 0
}

func (tp *teamProblem) sortedIDs(set []int) []string {
	ids := make([]string, len(set))
	for i, k := range set {
		ids[i] = tp.cands[k].id
	}
	slices.Sort(ids)
	return ids
}

// byPrice is the candidates' positions in ascending price, ties by rank:
// the order the flow serves vendors in.
func (tp *teamProblem) byPrice() []int {
	order := make([]int, len(tp.cands))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(tp.cands[a].cost, tp.cands[b].cost) })
	return order
}

// search enumerates every set of 1..maxVendors candidates (at most 637
// for 5 of 10) and keeps the best. Each set costs one small flow per week;
// nothing is allocated per set but the winner.
func (tp *teamProblem) search(maxVendors int) *teamChoice {
	n := len(tp.cands)
	if n == 0 {
		return nil
	}
	order := tp.byPrice()
	f := newWeekFlow(len(tp.pl.langs), maxVendors)
	var best *teamChoice
	cur := teamChoice{set: make([]int, 0, maxVendors)}
	pos := make([]int, 0, maxVendors) // indices into order, increasing
	for size := 1; size <= min(maxVendors, n); size++ {
		pos = pos[:size]
		for i := range pos {
			pos[i] = i
		}
		for {
			cur.set = cur.set[:size]
			cur.score = 0
			for i, p := range pos {
				cur.set[i] = order[p]
				cur.score += tp.cands[order[p]].score
			}
			cur.coverage, cur.cost = tp.evaluate(f, cur.set, nil)
			if best == nil || tp.better(&cur, best) {
				best = &teamChoice{set: slices.Clone(cur.set), coverage: cur.coverage, cost: cur.cost, score: cur.score}
			}
			if !nextCombination(pos, n) {
				break
			}
		}
	}
	return best
}

// nextCombination advances pos to the next k-subset of 0..n-1 in
// lexicographic order, reporting false after the last.
func nextCombination(pos []int, n int) bool {
	k := len(pos)
	i := k - 1
	for i >= 0 && pos[i] == n-k+i {
		i--
	}
	if i < 0 {
		return false
	}
	pos[i]++
	for j := i + 1; j < k; j++ {
		pos[j] = pos[j-1] + 1
	}
	return true
}

// evaluate runs the week flows of set (price order) and returns the
// dials-weighted coverage and the cost. visit, when given, sees each
// week's solved flow.
func (tp *teamProblem) evaluate(f *weekFlow, set []int, visit func(w int, f *weekFlow)) (coverage, cost float64) {
	nW, nL := len(tp.weeks), len(tp.pl.langs)
	for l, lg := range tp.pl.langs {
		f.demand[l] = lg.share
	}
	for w := range tp.weeks {
		f.reset(len(set))
		for s, k := range set {
			kw := k*nW + w
			f.cap[s] = tp.cap[kw]
			copy(f.arc[s*nL:(s+1)*nL], tp.arc[kw*nL:(kw+1)*nL])
		}
		f.solve()
		wc := 0.0
		for s, k := range set {
			wc += tp.cands[k].cost * f.out[s]
		}
		coverage += tp.frac[w] * f.covered()
		cost += tp.frac[w] * wc
		if visit != nil {
			visit(w, f)
		}
	}
	return coverage, cost
}
