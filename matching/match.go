package matching

import (
	"math/bits"
	"runtime"

	"callmatch"
)

// EngineVersion changes whenever the same inputs could give another result.
const EngineVersion = "1.1.0"

// Match knocks out the vendors that cannot do the job, scores the rest and
// explains both. Invalid weights, method, request or a missing as-of date
// give an EINVALID *callmatch.Error naming the fields.
func Match(cat *Catalog, req Request, opt Options) (*Result, error) {
	return match(cat, req, opt, (*plan).screen)
}

// screener decides every vendor's knockouts into kos and returns the
// survivors: plan.screen, or in tests evaluate vendor by vendor.
type screener func(pl *plan, c *Catalog, kos []uint16) screening

func match(cat *Catalog, req Request, opt Options, screen screener) (*Result, error) {
	if cat == nil {
		cat = &Catalog{}
	}
	var fe callmatch.FieldErrors
	pl, method, nw := compile(cat, req, opt, &fe)
	if err := fe.Err(); err != nil {
		return nil, err
	}
	pl.own = cat.intakeIndex(opt.IntakeID)

	// The knockouts of every vendor go to scratch reused across matches, so
	// the screen allocates for survivors only and the explanations are
	// sized exactly.
	n := len(cat.profiles)
	scratch := cat.scratch(n)
	defer cat.release(scratch)
	kos := *scratch
	found := screen(pl, cat, kos)
	surv := pl.survivors(cat, found.surv)
	counts, nExcluded, nReasons := found.counts(n)

	res := &Result{
		EngineVersion:    EngineVersion,
		CatalogVersion:   cat.version,
		Method:           method,
		AsOf:             opt.AsOf.String(),
		Weights:          Weights{nw[critCost], nw[critQuality], nw[critCapacity], nw[critExperience], nw[critReadiness]},
		Demand:           pl.demand(),
		ExclusionSummary: map[string]int{},
	}
	for k, n := range counts {
		if n > 0 {
			res.ExclusionSummary[ReasonCodes[k]] = n
		}
	}
	res.Shortlist, res.Ties = pl.shortlist(cat, surv, nw, method, opt.Limit)
	res.ExcludedTotal = nExcluded
	res.Excluded = pl.excluded(cat, kos, nExcluded, nReasons, opt.ExcludedLimit)
	return res, nil
}

// survivors computes the criteria of the vendors the screen found, a
// chunk at a time. Survivors are scattered over the catalog, so each
// one's profile and rates are cache misses: reading a whole chunk's
// first lets the processor wait for them together rather than one after
// another.
func (pl *plan) survivors(c *Catalog, found []screened) []survivor {
	const chunk = 32
	out := make([]survivor, len(found))
	var touched uint32
	for lo := 0; lo < len(found); lo += chunk {
		part := found[lo:min(lo+chunk, len(found))]
		for _, s := range part {
			p := &c.profiles[s.idx]
			touched += p.rateOff + uint32(p.flags)
		}
		for _, s := range part {
			if p := &c.profiles[s.idx]; p.rateLen > 0 {
				touched += uint32(c.rates[p.rateOff].service)
			}
		}
		for k, s := range part {
			out[lo+k] = pl.criteria(c, int(s.idx), s.util)
		}
	}
	runtime.KeepAlive(touched)
	return out
}

// shortlist scores the survivors and builds the candidates. A tie at the
// limit is kept whole: ties are reported, never silently broken.
func (pl *plan) shortlist(cat *Catalog, surv []survivor, weights []float64, method string, limit int) ([]Candidate, [][]string) {
	sc, order, ranks, groups := rankSurvivors(surv, weights, method, limit)
	n := len(order)
	if limit > 0 && limit < n {
		n = limit
		for n < len(order) && ranks[n] == ranks[n-1] {
			n++
		}
	}
	out := make([]Candidate, n)
	factors := make([]Factor, n*numCriteria)
	for pos := range n {
		i := order[pos]
		s := surv[i]
		fs := factors[pos*numCriteria : (pos+1)*numCriteria : (pos+1)*numCriteria]
		for j := range numCriteria {
			fs[j] = Factor{
				Criterion:    criterionNames[j],
				Weight:       weights[j],
				Raw:          s.raw[j],
				Normalized:   sc.norm[j][i],
				Contribution: sc.contrib[j][i],
			}
		}
		p := &cat.profiles[s.idx]
		if pl.nGoals > 0 {
			fs[critExperience].Detail = pl.once(detailKey{200, p.states & pl.states,
				uint64(p.issues&pl.issues) | uint64(p.audiences&pl.audiences)<<16}, func() string {
				return pl.experienceDetail(p)
			})
		}
		out[pos] = Candidate{
			Rank: ranks[pos], VendorID: cat.id(int(s.idx)), VendorName: cat.name(int(s.idx)), Score: sc.score[i],
			ProjectedCostCents: s.cost, Factors: fs, Warnings: pl.warnings(cat, s),
		}
		if pl.localSeats {
			n := cat.localSeats(int(s.idx), pl.states)
			out[pos].LocalSeats = &n
		}
	}
	ties := [][]string{}
	for _, g := range groups {
		if g[0] >= n {
			break
		}
		ids := make([]string, len(g))
		for k, pos := range g {
			ids[k] = cat.id(int(surv[order[pos]].idx))
		}
		ties = append(ties, ids)
	}
	return out, ties
}

// excluded explains the knocked-out vendors, in catalog order, up to limit
// (0: all). Reasons share one backing array and details are shared
// strings, so the cost is the output itself.
func (pl *plan) excluded(cat *Catalog, kos []uint16, nExcluded, nReasons, limit int) []Excluded {
	if limit > 0 && limit < nExcluded {
		nExcluded, nReasons = limit, 0
		seen := 0
		for _, ko := range kos {
			if seen == limit {
				break
			}
			if ko != 0 {
				nReasons += bits.OnesCount16(ko)
				seen++
			}
		}
	}
	out := make([]Excluded, 0, nExcluded)
	reasons := make([]Reason, nReasons)
	e := newExplainer(pl, cat)
	off := 0
	for i, ko := range kos {
		if ko == 0 {
			continue
		}
		if len(out) == nExcluded {
			break
		}
		n := bits.OnesCount16(ko)
		rs := reasons[off : off+n : off+n]
		off += n
		e.reasons(i, ko, rs)
		out = append(out, Excluded{VendorID: cat.id(i), VendorName: cat.name(i), Reasons: rs})
	}
	return out
}

// demand is the result-level workload: the fastest lawful mode for each
// slice and no ramp-up, as if one vendor offered everything.
func (pl *plan) demand() Demand {
	rates := pl.a.DialsPerAgentHour.byIndex()
	hours := 0.0
	for i, s := range pl.services {
		h, _ := pl.serviceHours(allModes, i, s, &rates, true)
		hours += h
	}
	by := make([]LanguageDemand, len(pl.langs))
	for k, l := range pl.langs {
		ah := hours * l.share
		seats := 0.0
		if pl.windowDays > 0 {
			seats = ah / (float64(pl.windowDays) * pl.a.PlanningHoursPerDay)
		}
		by[k] = LanguageDemand{Code: l.str, Share: l.share, AgentHours: ah, SeatsNeeded: seats}
	}
	return Demand{Dials: pl.dials, AgentHours: hours, CallingDays: pl.windowDays, ByLanguage: by, Assumptions: pl.a.echo()}
}

// compile checks the method, weights, request and options into fe and,
// when they are valid, returns the plan compiled against cat (the
// bookings of opt.IntakeID left out), the method and the normalized
// weights. Match and PlanTeam share it.
func compile(cat *Catalog, req Request, opt Options, fe *callmatch.FieldErrors) (*plan, string, []float64) {
	method, msg := checkMethod(opt.Method)
	if msg != "" {
		fe.Add("method", msg)
	}
	w := DefaultWeights
	if opt.Weights != nil {
		w = *opt.Weights
	}
	wv := w.vector()
	if msg := checkWeights(wv[:]); msg != "" {
		fe.Add("weights", msg)
	}
	pl := newPlan(req, opt, fe)
	if pl != nil {
		pl.own = cat.intakeIndex(opt.IntakeID)
		pl.ownAt = cat.vendorsOf(pl.own)
	}
	return pl, method, normalized(wv[:])
}

// rankSurvivors scores survivors by method and orders them best first,
// with their ranks and tie groups as rankOrder gives them: all of them, or
// with a limit > 0 the first limit and whatever ties with them (rankTop).
func rankSurvivors(surv []survivor, weights []float64, method string, limit int) (sc scoring, order, ranks []int, groups [][]int) {
	d := decision{cols: make([][]float64, numCriteria), types: criterionTypes[:], weights: weights}
	for j := range d.cols {
		d.cols[j] = make([]float64, len(surv))
		for i := range surv {
			d.cols[j][i] = surv[i].raw[j]
		}
	}
	sc = d.score(method)
	// Catalog order is name, then id, so comparing indexes orders ties.
	order, ranks, groups = rankTop(sc.score, limit, func(a, b int) int { return int(surv[a].idx) - int(surv[b].idx) })
	return sc, order, ranks, groups
}
