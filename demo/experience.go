package demo

import (
	"slices"

	"callmatch/catalog"
)

// Experience with issue areas and audiences, and the labor declaration,
// came to the catalog after the rest of a vendor (issue 19). They are drawn
// from a stream of their own, seeded like the body's, so that adding them
// left every earlier field of every demo vendor exactly as it was.
const goalSeed = 0x676f616c73212121 // "goals!!!"

// issueChances are the percent chances that a shop of a side has called on
// each issue area, in catalog.IssueAreas order: partisan shops follow
// their party's agenda, nonpartisan ones ballot measures and civic work.
var issueChances = [...][14]int{
	//               econ hlth educ immi pubs envi hous vets repr guns taxe labr vote ballot
	sideDemocratic:  {35, 55, 35, 30, 10, 30, 25, 10, 35, 15, 10, 35, 35, 25},
	sideRepublican:  {55, 20, 25, 40, 40, 5, 10, 30, 15, 35, 45, 5, 10, 20},
	sideNonpartisan: {25, 30, 35, 15, 20, 20, 30, 10, 5, 5, 15, 10, 45, 50},
	sideBoth:        {40, 35, 30, 30, 25, 15, 15, 20, 20, 20, 25, 15, 20, 35},
}

// Where the audiences that are also places live: states with large rural,
// Black and Native American electorates.
var (
	ruralStates  = []string{"IA", "KS", "NE", "MT", "WY", "ND", "SD", "WV", "VT", "ME", "AR", "MS", "KY", "OK", "ID", "AL"}
	blackStates  = []string{"GA", "AL", "MS", "LA", "SC", "NC", "MD", "DC", "MI", "VA", "TN"}
	nativeStates = []string{"AZ", "NM", "OK", "SD", "MT", "ND", "AK"}
	aapiLangs    = []string{"vi", "zh", "ko", "tl", "hi", "bn", "ur", "pa", "km", "lo", "th", "ja"}
)

// experience fills v's issue and audience experience and its labor
// declaration from what the vendor already is: its side, services,
// languages and sites.
func (g *generator) experience(v *catalog.Vendor, i, side int) {
	g.pcg.Seed(goalSeed, mix(uint64(i)))
	r := g.r
	var issues [14]bool
	broad := slices.Contains(v.Services, "advocacy") || slices.Contains(v.Services, "ivr_broadcast")
	for k, pct := range issueChances[side] {
		if broad {
			pct += 15
		}
		issues[k] = r.IntN(100) < pct
	}
	v.IssueExperience = g.codes(catalog.IssueAreas, issues[:]...)

	svc := func(s string) bool { return slices.Contains(v.Services, s) }
	in := func(states []string) bool {
		return slices.ContainsFunc(v.Sites, func(s catalog.Site) bool { return s.Country == "US" && slices.Contains(states, s.Region) })
	}
	total := v.TotalSeats()
	esShare := 0.0
	if total > 0 {
		esShare = float64(v.SeatsIn("es")) / float64(total)
	}
	aapi := slices.ContainsFunc(v.Languages, func(l catalog.LanguageSeats) bool { return slices.Contains(aapiLangs, l.Code) })
	pick := func(pct int) bool { return r.IntN(100) < pct }
	chance := func(cond bool, yes, no int) int {
		if cond {
			return yes
		}
		return no
	}
	v.AudienceExperience = g.codes(catalog.Audiences,
		pick(chance(svc("gotv"), 65, 40)),                                        // seniors
		pick(chance(svc("p2p_texting"), 55, 20)),                                 // young_voters
		pick(chance(svc("voter_registration"), 60, 8)),                           // first_time_voters
		pick(chance(side == sideRepublican, 35, 15)),                             // veterans
		pick(chance(in(ruralStates), 60, 10)),                                    // rural
		pick(chance(v.UnionShop, 75, chance(side == sideDemocratic, 15, 5))),     // union_households
		pick(chance(side == sideRepublican || side == sideBoth, 30, 10)),         // faith_communities
		pick(chance(esShare >= 0.1, 80, chance(esShare > 0, 30, 3))),             // latino
		pick(chance(in(blackStates), 50, chance(side == sideDemocratic, 20, 8))), // black
		pick(chance(aapi, 80, 3)),                                                // aapi
		pick(chance(in(nativeStates), 30, 2)),                                    // native_american
		pick(chance(svc("fundraising"), 75, 5)),                                  // small_donors
		pick(chance(svc("fundraising"), 40, 1)),                                  // major_donors
		pick(chance(svc("gotv"), 45, 10)),                                        // low_propensity
	)
	v.Labor = g.labor(v)
}

// labor is what a vendor declares about agent pay, or nil for the shops
// that declare nothing. The floor is the lowest wage of any agent, so a
// shop with a floor abroad declares that floor's wage.
func (g *generator) labor(v *catalog.Vendor) *catalog.Labor {
	r := g.r
	onshore := !v.Offshore()
	declares := 80
	switch {
	case v.UnionShop:
		declares = 95
	case !onshore:
		declares = 55
	}
	if r.IntN(100) >= declares {
		return nil
	}
	l := &g.mem.labor.take(1)[0]
	switch x := r.IntN(100); {
	case v.UnionShop || onshore && x < 55 || !onshore && x < 20:
		l.Employment = "employed"
	case onshore && x < 80 || !onshore && x < 70:
		l.Employment = "contracted"
	default:
		l.Employment = "mixed"
	}
	if onshore {
		l.AgentWageFloorCents = 1300 + 25*int64(r.IntN(41)) // $13.00-$23.00
		if v.UnionShop {
			l.AgentWageFloorCents += 350
		}
	} else {
		l.AgentWageFloorCents = 250 + 25*int64(r.IntN(25)) // $2.50-$8.50
	}
	benefits := 10 // contracted
	switch {
	case v.UnionShop:
		benefits = 100
	case l.Employment == "employed":
		benefits = 65
	case l.Employment == "mixed":
		benefits = 35
	}
	l.Benefits = r.IntN(100) < benefits
	return l
}
