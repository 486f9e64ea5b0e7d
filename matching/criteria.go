package matching

import (
	"fmt"
	"math"
	"math/bits"
	"strings"

	"callmatch/catalog"
)

// Criteria in factor order (DOMAIN.md §7).
const (
	critCost = iota
	critQuality
	critCapacity
	critExperience
	critReadiness
	numCriteria
)

var criterionNames = [numCriteria]string{"cost", "quality", "capacity", "experience", "readiness"}

var criterionTypes = [numCriteria]criterionType{costCriterion, benefitCriterion, benefitCriterion, benefitCriterion, benefitCriterion}

func (w Weights) vector() [numCriteria]float64 {
	return [numCriteria]float64{w.Cost, w.Quality, w.Capacity, w.Experience, w.Readiness}
}

// survivor is a vendor that passed every knockout, with its raw criteria.
type survivor struct {
	idx  int32
	util float64
	cost int64
	raw  [numCriteria]float64
}

// criteria computes a survivor's raw values. util is from evaluate.
func (pl *plan) criteria(c *Catalog, idx int, util float64) survivor {
	p := &c.profiles[idx]
	a := pl.a
	s := survivor{idx: int32(idx), util: util, cost: pl.projectedCost(c, p)}
	s.raw[critCost] = float64(s.cost)

	q := a.QualityQAWeight*p.qa + a.QualityContactWeight*min(1, p.contactRate/a.ContactRateReference)
	if p.flags&flagVerifiedMetrics == 0 {
		q *= a.SelfReportedFactor
	}
	s.raw[critQuality] = q

	fit := 1 - util
	if util < a.TrivialShare {
		fit *= 0.5 + 0.5*util/a.TrivialShare
	}
	if util > a.DangerousShare {
		fit *= a.DangerousPenalty
	}
	s.raw[critCapacity] = max(fit, 0)

	// Every survivor offers every requested service, so the service part of
	// the overlap is the same for all; experience in the target states and
	// with the messaging goals is what differs. Without goals both goal
	// terms are 0: such a request scores exactly as before goals existed.
	k := len(pl.services)
	matched := bits.OnesCount64(p.states&pl.states) + k +
		bits.OnesCount16(p.issues&pl.issues) + bits.OnesCount16(p.audiences&pl.audiences)
	s.raw[critExperience] = float64(matched) / float64(pl.nStates+k+pl.nGoals)

	slack := int(pl.start - pl.asOf.AddDays(int(p.rampUp)))
	s.raw[critReadiness] = float64(min(max(slack, 0), a.ReadinessFullSlackDays))
	return s
}

// projectedCost prices the program with the vendor's rate for each
// service, each never below its minimum order.
func (pl *plan) projectedCost(c *Catalog, p *profile) int64 {
	var buf [numServices]int // keeps the hot loop free of allocations
	total, _ := pl.pricing(c, p, buf[:0])
	return total
}

// pricing is projectedCost that also appends to minimums the services
// whose minimum order applied.
func (pl *plan) pricing(c *Catalog, p *profile, minimums []int) (int64, []int) {
	var total int64
	for i, s := range pl.services {
		r, ok := c.rate(p, s)
		if !ok {
			continue
		}
		amount := float64(r.amount)
		var x float64
		switch r.model {
		case pricePerAgentHour:
			x = amount * pl.hoursFor(p.modes, i)
		case pricePerContact:
			x = amount * pl.svcDials[i] * pl.a.ContactRate
		case pricePerComplete:
			x = amount * pl.completes[i]
		case pricePerMessage:
			x = amount * pl.svcDials[i]
		}
		// Rates and assumptions beyond the catalog's bounds saturate at
		// MaxCostCents rather than wrap around int64 (which read as the
		// minimum, or as a negative sum).
		cents := MaxCostCents
		if x < float64(MaxCostCents) {
			cents = int64(math.Round(x))
		}
		if cents < r.minimum {
			cents = r.minimum
			minimums = append(minimums, s)
		}
		total = min(total+min(cents, MaxCostCents), MaxCostCents)
	}
	return total, minimums
}

// warnings are what an advisor should say out loud about a shortlisted
// vendor; they never change its score. Texts shared by many vendors are
// made once per match.
func (pl *plan) warnings(c *Catalog, s survivor) []string {
	idx := int(s.idx)
	p := &c.profiles[idx]
	a := pl.a
	w := make([]string, 0, 4)
	if l := pl.load(p); l.callStart > pl.start {
		w = append(w, pl.once(detailKey{100, uint64(l.callStart), uint64(l.days)}, func() string {
			return fmt.Sprintf("ramp-up ends %s, %d days after start_date; %d of %d calling days remain",
				l.callStart, int(l.callStart-pl.start), l.days, int(pl.end-pl.start))
		}))
	}
	if pct := int(math.Round(s.util * 100)); s.util > a.DangerousShare {
		w = append(w, pl.once(detailKey{101, uint64(pct), 0}, func() string {
			return fmt.Sprintf("the program needs %d%% of its bookable seats in the tightest week or language", pct)
		}))
	} else if s.util < a.TrivialShare {
		w = append(w, pl.once(detailKey{102, 0, 0}, func() string {
			return fmt.Sprintf("the program is under %.0f%% of its seats; a small client may get less attention", a.TrivialShare*100)
		}))
	}
	if pl.budget > 0 && s.cost > pl.budget {
		w = append(w, "projected cost "+dollars(s.cost)+" exceeds the budget of "+pl.once(detailKey{103, 0, 0}, func() string {
			return dollars(pl.budget)
		}))
	}
	var mins [numServices]int
	_, minimums := pl.pricing(c, p, mins[:0])
	for _, svc := range minimums {
		r, _ := c.rate(p, svc)
		w = append(w, pl.once(detailKey{104, uint64(svc), uint64(r.minimum)}, func() string {
			return fmt.Sprintf("minimum order of %s for %s applies", dollars(r.minimum), catalog.Services[svc])
		}))
	}
	for _, kind := range pl.certs {
		for _, t := range c.certs[p.certOff : p.certOff+uint32(p.certLen)] {
			if int(t.kind) != kind || !t.verified || !(t.issued.IsZero() || t.issued <= pl.start) ||
				t.expires < pl.end || int(t.expires-pl.end) > a.CertExpiryWarningDays {
				continue
			}
			w = append(w, pl.once(detailKey{105, uint64(kind), uint64(uint32(t.expires))}, func() string {
				return fmt.Sprintf("certification %s expires %s, %d days after the campaign ends",
					catalog.CertificationKinds[kind], t.expires, int(t.expires-pl.end))
			}))
		}
	}
	if c.hasHolds(idx) {
		w = pl.holdWarning(c, idx, p, w)
	}
	if p.flags&flagVerifiedMetrics == 0 {
		w = append(w, pl.once(detailKey{106, 0, 0}, func() string {
			return fmt.Sprintf("metrics are self-reported; quality counted at %.0f%%", a.SelfReportedFactor*100)
		}))
	}
	if p.states&pl.states == 0 && pl.nStates > 0 {
		w = append(w, "no experience listed in any target state")
	}
	if pl.prerecorded && len(pl.bannedStates) > 0 {
		w = append(w, pl.once(detailKey{107, 0, 0}, func() string {
			return "prerecorded political calls are banned in " + strings.Join(pl.bannedStates, ", ") +
				": call those records live or leave them out"
		}))
	}
	if pl.prerecorded && len(pl.liveFirstStates) > 0 {
		w = append(w, pl.once(detailKey{108, 0, 0}, func() string {
			return strings.Join(pl.liveFirstStates, ", ") + " require a live operator before a recorded message: confirm the script"
		}))
	}
	return w
}

// detailKey identifies a text by kind and the facts that decide it.
type detailKey struct {
	k    int
	a, b uint64
}

// once returns the text for key, making it the first time.
func (pl *plan) once(key detailKey, build func() string) string {
	if s, ok := pl.texts[key]; ok {
		return s
	}
	if pl.texts == nil {
		pl.texts = map[detailKey]string{}
	}
	s := build()
	pl.texts[key] = s
	return s
}
