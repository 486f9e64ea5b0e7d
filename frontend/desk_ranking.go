package frontend

import (
	"math"
	"net/url"
	"slices"
	"sort"
	"strconv"

	"callmatch"
	"callmatch/intake"
	"callmatch/matching"
)

// weightsForm is the advisor's what-if: five weights as slider positions
// (0–100, normalized by the engine), the method and the list length.
type weightsForm struct {
	Cost, Quality, Capacity, Experience, Readiness int
	Method                                         string
	Limit                                          int
}

// limits the advisor may choose for the list length; 0 keeps everyone
// who survives the knockouts.
var rankLimits = []int{5, 10, 20, 0}

const defaultRankLimit = 10

func weightsFormOf(w matching.Weights, method string, limit int) weightsForm {
	pct := func(x float64) int { return int(x*100 + 0.5) }
	if method == "" {
		method = matching.MethodSAW
	}
	return weightsForm{Cost: pct(w.Cost), Quality: pct(w.Quality), Capacity: pct(w.Capacity),
		Experience: pct(w.Experience), Readiness: pct(w.Readiness), Method: method, Limit: limit}
}

// readWeightsForm reads the sliders; anything unreadable is a field error
// rather than a silent zero.
func readWeightsForm(v url.Values) (weightsForm, error) {
	var fe callmatch.FieldErrors
	num := func(name string) int {
		n, err := strconv.Atoi(v.Get(name))
		if err != nil || n < 0 || n > 100 {
			fe.Add(name, "must be a whole number from 0 to 100")
		}
		return n
	}
	f := weightsForm{Cost: num("cost"), Quality: num("quality"), Capacity: num("capacity"),
		Experience: num("experience"), Readiness: num("readiness"), Method: v.Get("method")}
	if f.Method != matching.MethodSAW && f.Method != matching.MethodTOPSIS {
		fe.Add("method", "must be saw or topsis")
	}
	limit, err := strconv.Atoi(v.Get("limit"))
	if err != nil || limit < 0 || limit > 100 {
		fe.Add("limit", "must be a whole number from 0 to 100")
	}
	f.Limit = limit
	if f.Cost+f.Quality+f.Capacity+f.Experience+f.Readiness == 0 {
		fe.Add("weights", "at least one weight must be more than 0")
	}
	return f, fe.Err()
}

func (f weightsForm) weights() *matching.Weights {
	return &matching.Weights{Cost: float64(f.Cost) / 100, Quality: float64(f.Quality) / 100,
		Capacity: float64(f.Capacity) / 100, Experience: float64(f.Experience) / 100, Readiness: float64(f.Readiness) / 100}
}

// whatIf is the advisor's what-if for the service, listing at most
// excludedLimit excluded vendors.
func (f weightsForm) whatIf(excludedLimit int) intake.WhatIf {
	return intake.WhatIf{Weights: f.weights(), Method: f.Method, Limit: f.Limit, ExcludedLimit: excludedLimit, LocalSeats: true}
}

// Sliders lists the weights in display order for the template, each with
// its share of the score: the engine normalises the weights, so 30 of a
// sum of 125 weighs 24%. static/app.js computes the same shares live as
// the sliders move; these are the truth without JavaScript.
func (f weightsForm) Sliders() []slider {
	out := []slider{{"cost", "Cost", f.Cost, 0}, {"quality", "Quality", f.Quality, 0}, {"capacity", "Capacity", f.Capacity, 0},
		{"experience", "Experience", f.Experience, 0}, {"readiness", "Readiness", f.Readiness, 0}}
	vals := make([]float64, len(out))
	for i, s := range out {
		vals[i] = float64(s.Value)
	}
	for i, sh := range percentShares(vals) {
		out[i].Share = sh
	}
	return out
}

type slider struct {
	Name, Label string
	Value       int
	Share       int // percent of the score, the shares summing to 100; -1 when every weight is 0
}

// percentShares splits 100 among xs in proportion, by largest remainder,
// so that the shares shown always add up to 100 (ties go to the earlier
// weight). Every share is -1 when xs sum to 0. static/app.js
// (weightShares) is the same computation.
func percentShares(xs []float64) []int {
	sum := 0.0
	for _, x := range xs {
		sum += x
	}
	out := make([]int, len(xs))
	if !(sum > 0) {
		for i := range out {
			out[i] = -1
		}
		return out
	}
	rem := make([]float64, len(xs))
	left := 100
	for i, x := range xs {
		exact := x * 100 / sum
		out[i] = int(math.Floor(exact))
		rem[i] = exact - float64(out[i])
		left -= out[i]
	}
	order := make([]int, len(xs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return rem[order[a]] > rem[order[b]] })
	for _, i := range order[:left] {
		out[i]++
	}
	return out
}

// campaignWeightsForm is the sliders at the campaign's priorities (else
// the standard weights), as percentages of the score, for "Reset to the
// campaign's priorities".
func campaignWeightsForm(f *intake.Form, method string, limit int) weightsForm {
	w := intake.ResolveWeights(nil, f)
	sh := percentShares([]float64{w.Cost, w.Quality, w.Capacity, w.Experience, w.Readiness})
	return weightsForm{Cost: sh[0], Quality: sh[1], Capacity: sh[2], Experience: sh[3], Readiness: sh[4], Method: method, Limit: limit}
}

// Limits are the list lengths offered, with a saved version's own length
// when it is none of them, so that the select shows what was used.
func (f weightsForm) Limits() []int {
	if slices.Contains(rankLimits, f.Limit) {
		return rankLimits
	}
	out := append([]int{f.Limit}, rankLimits...)
	slices.Sort(out[:len(out)-1]) // 0 ("everyone") stays last
	return out
}

// rankingView is a match result ready to show: rows with their bars and
// budget comparison, ties marked, and the advisor's marks when the result
// is a saved shortlist.
type rankingView struct {
	Result      *matching.Result
	Rows        []candidateRow
	BudgetCents int64
	Shortlist   *intake.Shortlist // nil for a live what-if
	// LocalSeats is set when the rows carry local employment (a shortlist
	// saved before it was recorded has none).
	LocalSeats bool
}

type candidateRow struct {
	matching.Candidate
	Bar     Bar
	Budget  Budget
	TieNo   int // 1-based tie group, 0 when not tied
	Pinned  bool
	Dropped bool
	Notes   []intake.Event
	// Experience is the experience factor in words, when the intake names
	// messaging goals.
	Experience string
	Local      int // seats in the target states, when the result has them
}

func newRankingView(res *matching.Result, budget int64, sl *intake.Shortlist) *rankingView {
	rv := &rankingView{Result: res, BudgetCents: budget, Shortlist: sl}
	tie := map[string]int{}
	for i, g := range res.Ties {
		for _, id := range g {
			tie[id] = i + 1
		}
	}
	scale := barScale(res.Shortlist)
	for _, c := range res.Shortlist {
		row := candidateRow{Candidate: c, Bar: stackedBar(c.Factors, scale), Budget: budgetOf(c.ProjectedCostCents, budget), TieNo: tie[c.VendorID],
			Experience: experienceDetail(c.Factors)}
		if c.LocalSeats != nil {
			row.Local, rv.LocalSeats = *c.LocalSeats, true
		}
		if sl != nil {
			row.Pinned, row.Dropped = sl.Pinned(c.VendorID), sl.Dropped(c.VendorID)
			for _, e := range sl.Standing() {
				if e.VendorID == c.VendorID {
					row.Notes = append(row.Notes, e)
				}
			}
		}
		rv.Rows = append(rv.Rows, row)
	}
	return rv
}

// exclusionGroup is one knockout code with the vendors it excluded and, for
// each, the detail for that code; other codes that also apply are listed.
type exclusionGroup struct {
	Code    string
	Count   int
	Vendors []excludedVendor
}

type excludedVendor struct {
	ID, Name, Detail string
	Others           []string
}

func exclusionGroups(res *matching.Result) []exclusionGroup {
	byCode := map[string]*exclusionGroup{}
	for code, n := range res.ExclusionSummary {
		byCode[code] = &exclusionGroup{Code: code, Count: n}
	}
	for _, e := range res.Excluded {
		for _, r := range e.Reasons {
			g := byCode[r.Code]
			if g == nil {
				continue
			}
			ev := excludedVendor{ID: e.VendorID, Name: e.VendorName, Detail: r.Detail}
			for _, o := range e.Reasons {
				if o.Code != r.Code {
					ev.Others = append(ev.Others, o.Code)
				}
			}
			g.Vendors = append(g.Vendors, ev)
		}
	}
	out := make([]exclusionGroup, 0, len(byCode))
	for _, g := range byCode {
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Code < out[j].Code
	})
	return out
}

// rankArgs carries a ranking into the "ranking" partial with whether the
// advisor's pin and drop forms are shown.
type rankArgsT struct {
	View     *rankingView
	IntakeID string
	Actions  bool
}

func rankArgs(v *rankingView, intakeID string, actions bool) rankArgsT {
	return rankArgsT{View: v, IntakeID: intakeID, Actions: actions && v.Shortlist != nil}
}

// experienceDetail is the experience factor's words, or "".
func experienceDetail(fs []matching.Factor) string {
	for _, f := range fs {
		if f.Criterion == "experience" {
			return f.Detail
		}
	}
	return ""
}

// CampaignWeights is the sliders at the campaign's priorities, for the
// reset button (its data-* values with JavaScript, the server's reset
// without).
func (ip *intakePage) CampaignWeights() weightsForm {
	return campaignWeightsForm(&ip.Intake.Form, ip.Form.Method, ip.Form.Limit)
}

// CampaignGavePriorities reports whether the campaign ranked its
// priorities; without them the reset goes to the standard weights.
func (ip *intakePage) CampaignGavePriorities() bool { return ip.Intake.Form.Priorities != nil }
