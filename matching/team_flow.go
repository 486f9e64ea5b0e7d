package matching

// The shares of one week come from a min-cost flow, exact for this problem
// and allocation-free: source → vendor (capacity: its free seats of the
// week, in units of the week's dials) → language (the vendor's free seats
// in that language) → sink (the language's share of the week). Only the
// vendor arcs cost anything, the vendor's price per dial, so the
// successive-shortest-path method reduces to: push along any augmenting
// path that starts at the cheapest vendor that still has one, until none
// has. That is the greedy optimum of a polymatroid (the vectors of vendor
// totals a flow can carry form one), so the result is a maximum flow of
// minimum cost: the most work covered, then the lowest cost. The property
// tests check it against gonum's simplex on the linear program.

// flowEps is the residual below which an arc counts as full. Shares are at
// most 1, so 1e-12 is far below anything the plan prints (4 decimals).
const flowEps = 1e-12

// weekFlow is the scratch of one week's flow over a set of vendors, sized
// once per plan. Vendors are slots 0..n-1 in ascending price order.
type weekFlow struct {
	nL, n  int
	demand []float64 // per language: its share of the week
	cap    []float64 // per slot
	arc    []float64 // [slot*nL + l]
	flow   []float64 // [slot*nL + l]
	out    []float64 // per slot
	in     []float64 // per language
	// breadth-first search: the slot a language was reached from, the
	// language a slot was reached through (-1: the start), the queue.
	fromSlot []int
	viaLang  []int
	queue    []int
}

func newWeekFlow(nL, maxSlots int) *weekFlow {
	return &weekFlow{
		nL:       nL,
		demand:   make([]float64, nL),
		cap:      make([]float64, maxSlots),
		arc:      make([]float64, maxSlots*nL),
		flow:     make([]float64, maxSlots*nL),
		out:      make([]float64, maxSlots),
		in:       make([]float64, nL),
		fromSlot: make([]int, nL),
		viaLang:  make([]int, maxSlots),
		queue:    make([]int, 0, maxSlots),
	}
}

// reset empties the flow for n vendors; the caller then fills cap and arc.
func (f *weekFlow) reset(n int) {
	f.n = n
	clear(f.flow[:n*f.nL])
	clear(f.out[:n])
	clear(f.in)
}

// solve fills flow with a maximum flow of minimum cost. Slots must be in
// ascending price order: ties between equally priced vendors then go to
// the lower slot, which keeps the answer deterministic.
func (f *weekFlow) solve() {
	// Every augmentation fills an arc; the bound only guards against
	// rounding keeping an arc a hair above flowEps forever.
	for range 64 * (f.n + 1) * (f.nL + 1) {
		pushed := false
		for s := range f.n {
			if f.cap[s]-f.out[s] > flowEps && f.augment(s) {
				pushed = true
				break
			}
		}
		if !pushed {
			return
		}
	}
}

// augment pushes as much as one shortest augmenting path from slot s
// carries, reporting whether there was one.
func (f *weekFlow) augment(s int) bool {
	nL := f.nL
	for l := range nL {
		f.fromSlot[l] = -1
	}
	for u := range f.n {
		f.viaLang[u] = -2 // unvisited
	}
	f.viaLang[s] = -1
	q := append(f.queue[:0], s)
	end := -1
	for h := 0; h < len(q) && end < 0; h++ {
		u := q[h]
		for l := range nL {
			if f.fromSlot[l] >= 0 || f.arc[u*nL+l]-f.flow[u*nL+l] <= flowEps {
				continue
			}
			f.fromSlot[l] = u
			if f.demand[l]-f.in[l] > flowEps {
				end = l
				break
			}
			// Move another vendor's flow off l to make room.
			for v := range f.n {
				if f.viaLang[v] == -2 && f.flow[v*nL+l] > flowEps {
					f.viaLang[v] = l
					q = append(q, v)
				}
			}
		}
	}
	f.queue = q
	if end < 0 {
		return false
	}
	amount := min(f.cap[s]-f.out[s], f.demand[end]-f.in[end])
	for l := end; ; {
		u := f.fromSlot[l]
		amount = min(amount, f.arc[u*nL+l]-f.flow[u*nL+l])
		if f.viaLang[u] < 0 {
			break
		}
		l = f.viaLang[u]
		amount = min(amount, f.flow[u*nL+l])
	}
	f.out[s] += amount
	f.in[end] += amount
	for l := end; ; {
		u := f.fromSlot[l]
		f.flow[u*nL+l] += amount
		if f.viaLang[u] < 0 {
			break
		}
		l = f.viaLang[u]
		f.flow[u*nL+l] -= amount
	}
	return true
}

// covered is the share of the week the flow carries.
func (f *weekFlow) covered() float64 {
	t := 0.0
	for _, x := range f.in {
		t += x
	}
	return t
}
