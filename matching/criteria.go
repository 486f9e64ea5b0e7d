package matching

import (
	"fmt"
	"math"
	"math/bits"
	"strconv"
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
	s := survivor{idx: int32(idx), util: util, cost: pl.projectedCost(c, p, nil)}
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
	// the overlap is the same for all; state experience is what differs.
	k := len(pl.services)
	s.raw[critExperience] = float64(bits.OnesCount64(p.states&pl.states)+k) / float64(pl.nStates+k)

	slack := int(pl.start - pl.asOf.AddDays(int(p.rampUp)))
	s.raw[critReadiness] = float64(min(max(slack, 0), a.ReadinessFullSlackDays))
	return s
}

// projectedCost prices the program with the vendor's rate for each
// service, each never below its minimum order. When minimums is not nil it
// collects the services whose minimum applied.
func (pl *plan) projectedCost(c *Catalog, p *profile, minimums *[]int) int64 {
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
		cents := int64(math.Round(x))
		if cents < r.minimum {
			cents = r.minimum
			if minimums != nil {
				*minimums = append(*minimums, s)
			}
		}
		total += cents
	}
	return total
}

// warnings are what an advisor should say out loud about a shortlisted
// vendor; they never change its score.
func (pl *plan) warnings(c *Catalog, s survivor) []string {
	idx := int(s.idx)
	v, p := c.vendors[idx], &c.profiles[idx]
	a := pl.a
	w := []string{}
	l := pl.load(p)
	if l.callStart > pl.start {
		w = append(w, fmt.Sprintf("ramp-up ends %s, %d days after start_date; %d of %d calling days remain",
			l.callStart, int(l.callStart-pl.start), l.days, int(pl.end-pl.start)))
	}
	if s.util > a.DangerousShare {
		w = append(w, fmt.Sprintf("the program needs %.0f%% of its bookable seats in the tightest week or language", s.util*100))
	} else if s.util < a.TrivialShare {
		w = append(w, fmt.Sprintf("the program is under %.0f%% of its seats; a small client may get less attention", a.TrivialShare*100))
	}
	if pl.budget > 0 && s.cost > pl.budget {
		w = append(w, fmt.Sprintf("projected cost %s exceeds the budget of %s", dollars(s.cost), dollars(pl.budget)))
	}
	var mins []int
	pl.projectedCost(c, p, &mins)
	for _, svc := range mins {
		r, _ := c.rate(p, svc)
		w = append(w, fmt.Sprintf("minimum order of %s for %s applies", dollars(r.minimum), catalog.Services[svc]))
	}
	for _, kind := range pl.certs {
		name := catalog.CertificationKinds[kind]
		for _, ct := range v.Certifications {
			if ct.Kind == name && ct.ValidOver(pl.start, pl.end) && int(ct.ExpiresOn-pl.end) <= a.CertExpiryWarningDays {
				w = append(w, fmt.Sprintf("certification %s expires %s, %d days after the campaign ends",
					name, ct.ExpiresOn, int(ct.ExpiresOn-pl.end)))
			}
		}
	}
	if p.flags&flagVerifiedMetrics == 0 {
		w = append(w, fmt.Sprintf("metrics are self-reported; quality counted at %.0f%%", a.SelfReportedFactor*100))
	}
	if p.states&pl.states == 0 && pl.nStates > 0 {
		w = append(w, "no experience listed in any target state")
	}
	if pl.prerecorded {
		if len(pl.bannedStates) > 0 {
			w = append(w, "prerecorded political calls are banned in "+strings.Join(pl.bannedStates, ", ")+
				": call those records live or leave them out")
		}
		if len(pl.liveFirstStates) > 0 {
			w = append(w, strings.Join(pl.liveFirstStates, ", ")+
				" require a live operator before a recorded message: confirm the script")
		}
	}
	return w
}

// dollars formats cents as $1,234 or $1,234.56.
func dollars(cents int64) string {
	neg := cents < 0
	if neg {
		cents = -cents
	}
	whole := strconv.FormatInt(cents/100, 10)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	b.WriteByte('$')
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if cents%100 != 0 {
		fmt.Fprintf(&b, ".%02d", cents%100)
	}
	return b.String()
}
