package matching

import "slices"

// rankTop is rankOrder for a result that lists the best limit
// alternatives (limit > 0), and whatever ties with the last of them:
// rather than sorting thousands of survivors to show 25, it orders only
// those scoring at least the limit-th best score less twice TieTolerance.
// Those are the first positions of rankOrder's order, with the same ranks
// and tie groups up to the end of the group at the limit: a group is
// measured from its highest score, so none reaching the limit-th best
// extends below that bound. Groups after it may be cut short and must not
// be read (shortlist stops at the limit's group).
func rankTop(score []float64, limit int, tieOrder func(a, b int) int) (order, ranks []int, ties [][]int) {
	if limit <= 0 || 4*limit >= len(score) {
		return rankOrder(score, tieOrder)
	}
	// The limit best scores, descending, in a small sorted buffer: after
	// the first few hundred alternatives few enter it.
	best := make([]float64, 0, limit)
	for _, s := range score {
		if s != s { // NaN ranks last
			continue
		}
		if len(best) == limit {
			if s <= best[limit-1] {
				continue
			}
			best = best[:limit-1]
		}
		k, _ := slices.BinarySearchFunc(best, s, func(x, t float64) int {
			if x > t {
				return -1
			}
			return 1
		})
		best = slices.Insert(best, k, s)
	}
	if len(best) < limit {
		return rankOrder(score, tieOrder)
	}
	floor := best[limit-1] - 2*TieTolerance
	order = make([]int, 0, 2*limit)
	for i, s := range score {
		if s >= floor {
			order = append(order, i)
		}
	}
	return rankOrderOf(score, order, tieOrder)
}
