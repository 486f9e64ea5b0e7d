package matching

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"callmatch/catalog"
)

// randomRequest varies the program so that knockouts and survivors mix.
func randomRequest(r *rand.Rand) Request {
	req := garcia()
	req.Requirements.Certifications = nil
	if r.IntN(2) == 0 {
		req.Requirements.Certifications = []string{"soc2_type2"}
	}
	req.Requirements.CellConsent = r.IntN(2) == 0
	req.Requirements.DomesticOnly = r.IntN(2) == 0
	req.Records = int64(20000 + r.IntN(300000))
	if r.IntN(3) == 0 {
		req.Languages = []LanguageShare{{Code: "en", Share: 1}}
	}
	if r.IntN(4) == 0 {
		req.Services = []string{"gotv", "persuasion"}
	}
	return req
}

type propertyRun struct {
	name string
	vs   []*catalog.Vendor
	req  Request
	opt  Options
}

func propertyRuns() []propertyRun {
	var runs []propertyRun
	for seed := range uint64(12) {
		r := rand.New(rand.NewPCG(seed, 99))
		method := MethodSAW
		if seed%2 == 1 {
			method = MethodTOPSIS
		}
		w := &Weights{r.Float64(), r.Float64(), r.Float64(), r.Float64(), r.Float64()}
		runs = append(runs, propertyRun{
			name: fmt.Sprintf("seed=%d/%s", seed, method),
			vs:   genVendors(1000+seed, 60+r.IntN(140)),
			req:  randomRequest(r),
			opt:  Options{AsOf: asOf2026.AddDays(-r.IntN(40)), Method: method, Weights: w},
		})
	}
	return runs
}

func TestPropertyContributionsAddUp(t *testing.T) {
	for _, run := range propertyRuns() {
		res := mustMatch(t, NewCatalog(run.vs, ""), run.req, run.opt)
		if len(res.Shortlist) < 3 {
			t.Errorf("%s: only %d survivors; the property is not exercised", run.name, len(res.Shortlist))
		}
		for _, c := range res.Shortlist {
			sum := 0.0
			for _, f := range c.Factors {
				sum += f.Contribution
			}
			if math.Abs(sum-c.Score) > 1e-9 || c.Score < 0 || c.Score > 1+1e-12 {
				t.Errorf("%s %s: score %v, contributions sum %v", run.name, c.VendorID, c.Score, sum)
			}
		}
		total := 0
		for _, e := range res.Excluded {
			if len(e.Reasons) == 0 {
				t.Errorf("%s %s: excluded without a reason", run.name, e.VendorID)
			}
			total += len(e.Reasons)
		}
		for _, n := range res.ExclusionSummary {
			total -= n
		}
		if total != 0 {
			t.Errorf("%s: exclusion_summary does not count every reason", run.name)
		}
	}
}

// dominates reports whether a is at least as good as b on every criterion
// and strictly better on one.
func dominates(a, b []Factor) bool {
	strict := false
	for j := range a {
		x, y := a[j].Raw, b[j].Raw
		if criterionTypes[j] == costCriterion {
			x, y = -x, -y
		}
		if x < y {
			return false
		}
		strict = strict || x > y
	}
	return strict
}

func TestPropertyDominance(t *testing.T) {
	pairs := 0
	for _, run := range propertyRuns() {
		res := mustMatch(t, NewCatalog(run.vs, ""), run.req, run.opt)
		for _, a := range res.Shortlist {
			for _, b := range res.Shortlist {
				if dominates(a.Factors, b.Factors) {
					pairs++
					if a.Rank > b.Rank {
						t.Errorf("%s: %s dominates %s but ranks %d below %d", run.name, a.VendorID, b.VendorID, a.Rank, b.Rank)
					}
				}
			}
		}
	}
	if pairs == 0 {
		t.Error("no dominated pairs: the property is not exercised")
	}
}

func TestPropertyRemovingExcludedKeepsShortlist(t *testing.T) {
	for i, run := range propertyRuns() {
		res := mustMatch(t, NewCatalog(run.vs, ""), run.req, run.opt)
		r := rand.New(rand.NewPCG(uint64(i), 7))
		for range 5 {
			if len(res.Excluded) == 0 {
				break
			}
			gone := res.Excluded[r.IntN(len(res.Excluded))].VendorID
			rest := slices.DeleteFunc(slices.Clone(run.vs), func(v *catalog.Vendor) bool { return v.ID == gone })
			again := mustMatch(t, NewCatalog(rest, ""), run.req, run.opt)
			if !reflect.DeepEqual(again.Shortlist, res.Shortlist) || !reflect.DeepEqual(again.Ties, res.Ties) {
				t.Errorf("%s: removing excluded %s changed the shortlist", run.name, gone)
			}
		}
	}
}
