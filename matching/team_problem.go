package matching

import (
	"math"

	"callmatch"
	"callmatch/catalog"
)

// TeamCandidates is how many of the best-ranked vendors a team plan
// considers (MARKETPLACE.md §2).
const TeamCandidates = 10

// teamProblem is a request compiled for planning. Work is measured in
// shares of a week's dials: the program calls evenly over its window
// (from max(start_date, as_of) to end_date), so week w holds the fraction
// frac[w] of its dials, and a team keeps that schedule: what a vendor
// takes of week w it calls in week w, on its own calling days of it.
type teamProblem struct {
	pl    *plan
	own   string // the intake whose bookings do not count against it
	weeks []callmatch.Date
	frac  []float64
	cands []teamCand // best first
	// Per candidate k and week w, at [k*len(weeks)+w]: the seats the
	// vendor needs for all of the week's dials (every language), and its
	// free seats as shares of those dials, in total and, at
	// [(k*len(weeks)+w)*len(langs)+l], per language.
	unit, cap, arc []float64
}

// teamCand is a candidate vendor: its profile, score and price.
type teamCand struct {
	idx   int
	id    string
	score float64
	// cost is its projected cost of the whole program without minimums,
	// in cents: a part costs its share of it.
	cost float64
}

// newTeamProblem ranks the vendors that fail no knockout but capacity and
// keeps the best TeamCandidates.
func newTeamProblem(c *Catalog, pl *plan, weights []float64, method, own string) *teamProblem {
	tp := &teamProblem{pl: pl, own: own}
	var surv []survivor
	for i := range c.profiles {
		ko, util := pl.evaluate(c, i, &c.profiles[i])
		if ko&^(1<<koCapacity) == 0 {
			surv = append(surv, pl.criteria(c, i, util))
		}
	}
	sc, order, _, _ := rankSurvivors(surv, weights, method, 0)
	for _, i := range order[:min(len(order), TeamCandidates)] {
		idx := int(surv[i].idx)
		tp.cands = append(tp.cands, teamCand{idx: idx, id: c.id(idx), score: sc.score[i],
			cost: pl.unboundedCost(c, &c.profiles[idx])})
	}
	tp.schedule()
	tp.capacities(c)
	return tp
}

// schedule lists the program's weeks and their fractions of its dials.
func (tp *teamProblem) schedule() {
	pl := tp.pl
	from := max(pl.start, pl.asOf)
	if pl.windowDays <= 0 {
		return
	}
	for w := catalog.WeekStart(from); w < pl.end; w += 7 {
		tp.weeks = append(tp.weeks, w)
		tp.frac = append(tp.frac, pl.weekFrac(w))
	}
}

// weekFrac is the share of the program's dials called in the week
// starting w: its days of the window over all of them.
func (pl *plan) weekFrac(w callmatch.Date) float64 {
	return float64(overlap(max(pl.start, pl.asOf), pl.end, w)) / float64(pl.windowDays)
}

// overlap is the number of days of [from, to) in the week starting w.
func overlap(from, to, w callmatch.Date) int {
	return max(0, int(min(to, w+7)-max(from, w)))
}

// capacities fills unit, cap and arc from each candidate's load and free
// seats. A vendor that cannot call in a week (ramp-up, no calling hours)
// can take none of it.
func (tp *teamProblem) capacities(c *Catalog) {
	pl := tp.pl
	nW, nL := len(tp.weeks), len(pl.langs)
	tp.unit = make([]float64, len(tp.cands)*nW)
	tp.cap = make([]float64, len(tp.cands)*nW)
	tp.arc = make([]float64, len(tp.cands)*nW*nL)
	for k, cd := range tp.cands {
		ld := pl.load(&c.profiles[cd.idx])
		for w, week := range tp.weeks {
			kw := k*nW + w
			unit := pl.weekNeed(ld, week)
			tp.unit[kw] = unit
			if math.IsInf(unit, 1) {
				continue
			}
			for l, lg := range pl.langs {
				total, inLang := c.freeSeats(cd.idx, week, lg.code, tp.own)
				tp.arc[kw*nL+l] = max(inLang, 0) / unit
				if l == 0 {
					tp.cap[kw] = max(total, 0) / unit
				}
			}
		}
	}
}

// weekNeed is the seats a vendor with load ld needs on each of its
// calling days of the week starting week to call all of that week's dials
// (every language): the week's dials are the program's share of it,
// whatever the vendor's ramp-up. +Inf when it cannot call that week. A
// booking of a team part must use it (share × language share × this),
// so that an engagement books what the plan showed.
func (pl *plan) weekNeed(ld load, week callmatch.Date) float64 {
	days := overlap(ld.callStart, pl.end, week)
	if days <= 0 || ld.hpd <= 0 || pl.windowDays <= 0 {
		return math.Inf(1)
	}
	return ld.hours * pl.weekFrac(week) / (float64(days) * ld.hpd)
}

// unboundedCost is the projected cost of the whole program with no
// minimum order: a part of a team costs its share of it.
func (pl *plan) unboundedCost(c *Catalog, p *profile) float64 {
	total := 0.0
	for i, s := range pl.services {
		if x, _, ok := pl.serviceCost(c, p, i, s); ok {
			total += x
		}
	}
	return total
}

// serviceCost is the cost in cents of the i-th requested service (index s)
// at the vendor's rate, before any minimum order.
func (pl *plan) serviceCost(c *Catalog, p *profile, i, s int) (float64, rateTerm, bool) {
	r, ok := c.rate(p, s)
	if !ok {
		return 0, r, false
	}
	var units float64
	switch r.model {
	case pricePerAgentHour:
		units = pl.hoursFor(p.modes, i)
	case pricePerContact:
		units = pl.svcDials[i] * pl.a.ContactRate
	case pricePerComplete:
		units = pl.completes[i]
	case pricePerMessage:
		units = pl.svcDials[i]
	}
	return float64(r.amount) * units, r, true
}
