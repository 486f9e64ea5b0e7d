package benchcmp

import (
	"encoding/json"
	"slices"

	"callmatch/catalog"
	"callmatch/matching"
)

// Params is one request compiled for the SQL query: everything that does
// not depend on a vendor, worked out once per request in Go, as the engine
// works out its plan once per request. Every step that does depend on a
// vendor happens in SQL. The rules mirror matching/doc.go; TestAgreement
// holds the two to the same answers on every demo intake.
type Params struct {
	Affiliation   string      `json:"affiliation"`
	Services      []string    `json:"services"` // distinct, request order
	Slices        []svcSlices `json:"slices"`   // parallel to Services
	Languages     []langShare `json:"languages"`
	LanguageCodes []string    `json:"language_codes"`
	Certs         []string    `json:"certifications"`
	TargetStates  []string    `json:"target_states"` // distinct known codes
	IssueAreas    []string    `json:"issue_areas"`   // distinct known codes
	Audiences     []string    `json:"audiences"`     // distinct known codes
	MinWage       int64       `json:"min_wage"`      // cents an hour; 0: no requirement
	Union         bool        `json:"union"`
	Domestic      bool        `json:"domestic"`
	Challenger    bool        `json:"challenger"`
	Start         string      `json:"start"`
	End           string      `json:"end"`
	AsOf          string      `json:"as_of"`

	ModeRates    map[string]float64 `json:"mode_rates"`
	Models       []string           `json:"models"` // pricing models the engine knows
	InboundRate  float64            `json:"inbound_rate"`
	ContactRate  float64            `json:"contact_rate"`
	MaxHours     float64            `json:"max_hours"`
	QAWeight     float64            `json:"qa_weight"`
	ContactW     float64            `json:"contact_weight"`
	ContactRef   float64            `json:"contact_ref"`
	SelfReported float64            `json:"self_reported"`
	Trivial      float64            `json:"trivial"`
	Dangerous    float64            `json:"dangerous"`
	Penalty      float64            `json:"penalty"`
	FullSlack    int                `json:"full_slack"`
	Weights      [5]float64         `json:"weights"` // cost, quality, capacity, experience, readiness; sum 1
}

// svcSlices is one requested service: its workload and, for each slice of
// the list (landlines and consented cells; cells without consent), its
// share and the dialing modes allowed to reach it. An empty mode list for
// a slice with a share means no vendor can call it.
type svcSlices struct {
	I         int      `json:"i"`
	Service   string   `json:"service"`
	Dials     float64  `json:"dials"`
	Completes float64  `json:"completes"`
	Inbound   bool     `json:"inbound"`
	OpenShare float64  `json:"open_share"`
	OpenModes []string `json:"open_modes"`
	ResShare  float64  `json:"res_share"`
	ResModes  []string `json:"res_modes"`
}

type langShare struct {
	K     int     `json:"k"`
	Code  string  `json:"code"`
	Share float64 `json:"share"`
}

var (
	liveModes      = []string{"manual", "click_to_dial", "preview", "predictive"}
	noConsentModes = []string{"manual", "click_to_dial"}
)

// NewParams compiles a request with the engine's default assumptions.
// Weights nil means the engine's DefaultWeights.
func NewParams(req matching.Request, w *matching.Weights, opt matching.Options) Params {
	a := matching.DefaultAssumptions
	r := req.Requirements
	p := Params{
		Affiliation: req.Affiliation, Languages: []langShare{}, LanguageCodes: []string{},
		Certs: []string{}, TargetStates: []string{}, Services: []string{},
		IssueAreas: distinctKnown(req.IssueAreas, catalog.IssueAreas), Audiences: distinctKnown(req.Audiences, catalog.Audiences),
		MinWage: r.MinAgentWageCents,
		Union:   r.UnionRequired, Domestic: r.DomesticOnly || slices.Contains(req.Services, "fundraising"),
		Challenger: req.ChallengerInPrimary,
		Start:      req.StartDate.String(), End: req.EndDate.String(), AsOf: opt.AsOf.String(),
		ModeRates: map[string]float64{
			"manual": a.DialsPerAgentHour.Manual, "click_to_dial": a.DialsPerAgentHour.ClickToDial,
			"preview": a.DialsPerAgentHour.Preview, "predictive": a.DialsPerAgentHour.Predictive,
			"prerecorded": a.DialsPerAgentHour.Prerecorded, "p2p_sms": a.DialsPerAgentHour.P2PSMS,
		},
		Models:      catalog.PricingModels,
		InboundRate: a.InboundCallsPerAgentHour, ContactRate: a.ContactRate, MaxHours: a.MaxCallingHoursPerDay,
		QAWeight: a.QualityQAWeight, ContactW: a.QualityContactWeight, ContactRef: a.ContactRateReference,
		SelfReported: a.SelfReportedFactor, Trivial: a.TrivialShare, Dangerous: a.DangerousShare,
		Penalty: a.DangerousPenalty, FullSlack: a.ReadinessFullSlackDays,
	}
	for _, s := range req.Services {
		if !slices.Contains(p.Services, s) {
			p.Services = append(p.Services, s)
		}
	}
	certs := slices.Clone(r.Certifications)
	if r.TakesCardPayments {
		certs = append(certs, "pci_dss")
	}
	for _, c := range certs {
		if !slices.Contains(p.Certs, c) {
			p.Certs = append(p.Certs, c)
		}
	}
	for k, l := range req.Languages {
		p.Languages = append(p.Languages, langShare{k, l.Code, l.Share})
		p.LanguageCodes = append(p.LanguageCodes, l.Code)
	}
	for _, s := range req.TargetStates {
		if catalog.States.Has(s) && !slices.Contains(p.TargetStates, s) {
			p.TargetStates = append(p.TargetStates, s)
		}
	}
	// The engine counts a banned state once per mention in the request but
	// distinct target states once each; so does this.
	banned := 0
	for _, st := range req.TargetStates {
		for _, rule := range a.StateRules {
			if rule.State == st && rule.Rule == matching.RuleNoAutomatedPolitical {
				banned++
			}
		}
	}
	allBanned := banned > 0 && banned >= len(p.TargetStates)
	restricted := 0.0
	if !r.CellConsent {
		restricted = r.CellShare
	}
	dials, completes := splitDials(req, p.Services, a)
	for i, s := range p.Services {
		sl := svcSlices{I: i, Service: s, Dials: dials[i], Completes: completes[i], OpenModes: []string{}, ResModes: []string{}}
		res := restricted
		switch s {
		case "inbound_hotline":
			sl.Inbound = true
		case "p2p_texting":
			res = 0
			sl.OpenModes, sl.ResModes = []string{"p2p_sms"}, []string{"p2p_sms"}
		case "ivr_broadcast":
			if !allBanned {
				sl.OpenModes = []string{"prerecorded"}
			}
		default:
			sl.OpenModes, sl.ResModes = liveModes, noConsentModes
		}
		sl.OpenShare, sl.ResShare = 1-res, res
		p.Slices = append(p.Slices, sl)
	}
	wt := matching.DefaultWeights
	if w != nil {
		wt = *w
	}
	raw := [5]float64{wt.Cost, wt.Quality, wt.Capacity, wt.Experience, wt.Readiness}
	sum := 0.0
	for _, x := range raw {
		sum += x
	}
	for j, x := range raw {
		p.Weights[j] = x / sum
	}
	return p
}

// splitDials shares the list (records × attempts) equally among the
// services; a polling completes target is its own workload.
func splitDials(req matching.Request, services []string, a matching.Assumptions) (dials, completes []float64) {
	listDials := float64(req.Records) * float64(max(req.AttemptsPerRecord, 1))
	byTarget := req.CompletesTarget > 0
	shared := 0
	for _, s := range services {
		if !(byTarget && s == "polling") {
			shared++
		}
	}
	for _, s := range services {
		var d, c float64
		if byTarget && s == "polling" {
			c = float64(req.CompletesTarget)
			d = c / (a.ContactRate * a.CooperationRate)
		} else {
			d = listDials / float64(shared)
			c = d * a.ContactRate * a.CooperationRate
		}
		dials, completes = append(dials, d), append(completes, c)
	}
	return dials, completes
}

// JSON is the single query parameter.
func (p Params) JSON() []byte {
	b, err := json.Marshal(p)
	if err != nil {
		panic(err) // plain data: cannot fail
	}
	return b
}

// distinctKnown is codes without repeats or codes allowed does not know,
// as the engine's bitsets count them.
func distinctKnown(codes []string, allowed catalog.Codes) []string {
	out := []string{}
	for _, c := range codes {
		if allowed.Has(c) && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}
