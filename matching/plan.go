package matching

import (
	"math"
	"math/bits"
	"slices"

	"callmatch"
	"callmatch/catalog"
)

// plan is one request compiled against the assumptions: everything the
// per-vendor loop needs, looked up by index instead of by string.
type plan struct {
	a *Assumptions

	asOf, start, end callmatch.Date
	windowDays       int // end − max(start, as_of): the result-level calling days

	services []int  // requested service indices, request order
	svcMask  uint16 // the same as bits
	affBit   uint8
	langs    []planLang
	certs    []int // required certification kinds
	states   uint64
	nStates  int
	// The messaging goals as bits, and how many there are: each counts
	// toward experience like a target state.
	issues, audiences uint16
	nGoals            int
	minWage           int64 // required agent wage floor in cents; 0: none

	union, domestic, challenger bool
	localSeats                  bool // Options.LocalSeats
	budget                      int64

	dials      float64   // whole program
	svcDials   []float64 // parallel to services
	completes  []float64 // completes per service, for per_complete pricing
	restricted float64   // share of the list that is cells without consent

	// By vendor dialing-mode bitset: agent-hours per requested service
	// (+Inf when a slice of the list has no allowed mode), their sum, and
	// the services (as catalog bits) that lack an allowed mode.
	svcHours []float64 // [mode bitset × len(services) + i]
	hours    [1 << numModes]float64
	modeFail [1 << numModes]uint16

	bannedStates    []string // targets that ban prerecorded political calls
	liveFirstStates []string // targets that want a live operator first
	prerecorded     bool     // some requested service calls prerecorded

	texts map[detailKey]string // warnings shared by many candidates

	// own is the match's intake among the catalog's bookings
	// (Options.IntakeID): its bookings never count against it.
	own   int32
	ownID string     // Options.IntakeID: its own holds never warn it either
	ownAt []int32    // vendors own has bookings at, ascending
	peaks []langPeak // scratch of scanBookings, parallel to langs
}

type planLang struct {
	code  uint16
	str   string
	share float64
}

// Service channels decide which dialing modes may reach which slice.
const (
	channelLive = iota
	channelBroadcast
	channelText
	channelInbound
)

func channelOf(service string) int {
	switch service {
	case "ivr_broadcast":
		return channelBroadcast
	case "p2p_texting":
		return channelText
	case "inbound_hotline":
		return channelInbound
	}
	return channelLive
}

const (
	liveModes      = 1<<modeManual | 1<<modeClickToDial | 1<<modePreview | 1<<modePredictive
	noConsentModes = 1<<modeManual | 1<<modeClickToDial
	allModes       = 1<<numModes - 1
)

// newPlan validates the request and options into fe and, when they are
// valid, compiles them.
func newPlan(req Request, opt Options, fe *callmatch.FieldErrors) *plan {
	a := &DefaultAssumptions
	if opt.Assumptions != nil {
		a = opt.Assumptions
	}
	a.validate(fe)
	validateRequest(fe, req)
	if opt.AsOf.IsZero() {
		fe.Add("as_of", "is required (YYYY-MM-DD): the engine has no clock of its own")
	}
	if opt.Limit < 0 {
		fe.Add("limit", "must be 0 (no limit) or more")
	}
	if opt.ExcludedLimit < 0 {
		fe.Add("excluded_limit", "must be 0 (list all) or more")
	}
	if len(*fe) > 0 {
		return nil
	}

	r := req.Requirements
	pl := &plan{
		a: a, asOf: opt.AsOf, start: req.StartDate, end: req.EndDate,
		affBit:     uint8(1) << catalog.Affiliations.Index(req.Affiliation),
		union:      r.UnionRequired,
		domestic:   r.DomesticOnly,
		challenger: req.ChallengerInPrimary,
		budget:     req.BudgetCents,
		states:     codeBits(req.TargetStates, catalog.States),
		issues:     uint16(codeBits(req.IssueAreas, catalog.IssueAreas)),
		audiences:  uint16(codeBits(req.Audiences, catalog.Audiences)),
		minWage:    r.MinAgentWageCents,
		localSeats: opt.LocalSeats,
	}
	pl.windowDays = max(0, int(pl.end-max(pl.start, pl.asOf)))
	for _, s := range req.Services {
		i := catalog.Services.Index(s)
		if pl.svcMask&(1<<i) == 0 {
			pl.services = append(pl.services, i)
			pl.svcMask |= 1 << i
		}
	}
	// The engine applies the intake's legal implications itself so that a
	// request built elsewhere cannot skip them: no foreign nationals in
	// fundraising (52 U.S.C. §30121), PCI DSS for card payments.
	if slices.Contains(req.Services, "fundraising") {
		pl.domestic = true
	}
	certs := slices.Clone(r.Certifications)
	if r.TakesCardPayments {
		certs = append(certs, "pci_dss")
	}
	var certMask uint8
	for _, c := range certs {
		if k := catalog.CertificationKinds.Index(c); certMask&(1<<k) == 0 {
			pl.certs = append(pl.certs, k)
			certMask |= 1 << k
		}
	}
	for _, l := range req.Languages {
		pl.langs = append(pl.langs, planLang{uint16(catalog.Languages.Index(l.Code)), l.Code, l.Share})
	}
	pl.peaks = make([]langPeak, len(pl.langs))
	pl.own, pl.ownID = noIntake, opt.IntakeID
	pl.nStates = bits.OnesCount64(pl.states)
	pl.nGoals = bits.OnesCount16(pl.issues) + bits.OnesCount16(pl.audiences)
	if !r.CellConsent {
		pl.restricted = r.CellShare
	}
	pl.planDials(req)
	pl.planStateRules(req)
	pl.planModes()
	return pl
}

// planDials splits the program among its services: a polling completes
// target is its own workload; the list (records × attempts) is shared
// equally by the other services.
func (pl *plan) planDials(req Request) {
	a := pl.a
	listDials := float64(req.Records) * float64(req.AttemptsPerRecord)
	polling := catalog.Services.Index("polling")
	byTarget := req.CompletesTarget > 0
	shared := 0
	for _, s := range pl.services {
		if !(byTarget && s == polling) {
			shared++
		}
	}
	for _, s := range pl.services {
		var d, c float64
		if byTarget && s == polling {
			c = float64(req.CompletesTarget)
			d = c / (a.ContactRate * a.CooperationRate)
		} else {
			d = listDials / float64(shared)
			c = d * a.ContactRate * a.CooperationRate
		}
		pl.svcDials = append(pl.svcDials, d)
		pl.completes = append(pl.completes, c)
		pl.dials += d
	}
}

func (pl *plan) planStateRules(req Request) {
	for _, s := range pl.services {
		if channelOf(catalog.Services[s]) == channelBroadcast {
			pl.prerecorded = true
		}
	}
	for _, st := range req.TargetStates {
		for _, r := range pl.a.StateRules {
			if r.State != st {
				continue
			}
			switch r.Rule {
			case RuleNoAutomatedPolitical:
				pl.bannedStates = append(pl.bannedStates, st)
			case RuleLiveOperatorFirst:
				pl.liveFirstStates = append(pl.liveFirstStates, st)
			}
		}
	}
}

// allBanned reports whether every target state bans prerecorded political
// calls, leaving a broadcast nowhere to go.
func (pl *plan) allBanned() bool {
	return len(pl.bannedStates) > 0 && len(pl.bannedStates) >= pl.nStates
}

// allowed returns the allowed modes for the open slice (landlines and
// consented cells) and for cells without consent, for one service.
func (pl *plan) allowed(service int) (open, noConsent uint8) {
	switch channelOf(catalog.Services[service]) {
	case channelBroadcast:
		if pl.allBanned() {
			return 0, 0
		}
		return 1 << modePrerecorded, 0
	case channelText:
		return 1 << modeP2PSMS, 1 << modeP2PSMS
	case channelInbound:
		return allModes, allModes // no dialing: any vendor qualifies
	}
	return liveModes, noConsentModes
}

// planModes fills the per-mode-bitset tables: 64 entries, so a vendor's
// workload is one lookup in the hot loop.
func (pl *plan) planModes() {
	rates := pl.a.DialsPerAgentHour.byIndex()
	k := len(pl.services)
	pl.svcHours = make([]float64, k<<numModes)
	for m := range 1 << numModes {
		hs := pl.svcHours[m*k : (m+1)*k]
		total := 0.0
		for i, s := range pl.services {
			h, ok := pl.serviceHours(uint8(m), i, s, &rates, false)
			if !ok {
				pl.modeFail[m] |= 1 << s
			}
			hs[i] = h
			total += h
		}
		pl.hours[m] = total
	}
}

// serviceHours is the agent-hours of service s (index i in the plan) for a
// vendor with modes m, using the fastest allowed mode per slice. With
// lenient, slices no mode may reach are left out instead of making the
// figure infinite (for the result-level demand).
func (pl *plan) serviceHours(m uint8, i, s int, rates *[numModes]float64, lenient bool) (float64, bool) {
	d := pl.svcDials[i]
	if channelOf(catalog.Services[s]) == channelInbound {
		return d / pl.a.InboundCallsPerAgentHour, true
	}
	open, noConsent := pl.allowed(s)
	restricted := pl.restricted
	if channelOf(catalog.Services[s]) == channelText {
		restricted = 0
	}
	h, ok := 0.0, true
	for _, sl := range [2]struct {
		share float64
		modes uint8
	}{{1 - restricted, open}, {restricted, noConsent}} {
		if sl.share <= 0 {
			continue
		}
		best := bestMode(m&sl.modes, rates)
		if best < 0 {
			ok = false
			if !lenient {
				h = math.Inf(1)
			}
			continue
		}
		h += d * sl.share / rates[best]
	}
	return h, ok
}

// bestMode is the fastest mode in m, or -1.
func bestMode(m uint8, rates *[numModes]float64) int {
	best := -1
	for i := range numModes {
		if m&(1<<i) != 0 && (best < 0 || rates[i] > rates[best]) {
			best = i
		}
	}
	return best
}

// hoursFor is the agent-hours of the i-th requested service for modes m.
func (pl *plan) hoursFor(m uint8, i int) float64 { return pl.svcHours[int(m)*len(pl.services)+i] }
