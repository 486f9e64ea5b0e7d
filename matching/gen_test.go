package matching

import (
	"fmt"
	"math/rand/v2"

	"callmatch"
	"callmatch/catalog"
)

// The test catalogs are generated here, with fixed seeds, rather than by
// the demo package: golden files must not move when the demo data does.

var (
	day      = callmatch.MustParseDate
	asOf2026 = day("2026-10-01")
)

var (
	firstWords  = []string{"Lone Star", "Blue Ridge", "Granite", "Prairie", "Harbor", "Summit", "Keystone", "Bayou", "Cascade", "Liberty", "Mesa", "Pioneer", "Heartland", "Tidewater", "Redwood", "Magnolia"}
	secondWords = []string{"Contact", "Voter Calls", "Dialing", "Outreach", "Phones", "Connect", "Call Center", "Field Phones"}
	usSites     = []catalog.Site{
		{Country: "US", Region: "TX", City: "Austin", Timezone: "America/Chicago"},
		{Country: "US", Region: "TX", City: "San Antonio", Timezone: "America/Chicago"},
		{Country: "US", Region: "AZ", City: "Phoenix", Timezone: "America/Phoenix"},
		{Country: "US", Region: "GA", City: "Atlanta", Timezone: "America/New_York"},
		{Country: "US", Region: "OH", City: "Columbus", Timezone: "America/New_York"},
		{Country: "US", Region: "CA", City: "Fresno", Timezone: "America/Los_Angeles"},
	}
	offshoreSites = []catalog.Site{
		{Country: "PH", Region: "NCR", City: "Manila", Timezone: "Asia/Manila"},
		{Country: "MX", Region: "NLE", City: "Monterrey", Timezone: "America/Monterrey"},
	}
)

// genVendors returns n valid vendors drawn from a fixed seed, shaped like a
// real catalog: mostly active, mostly live-voice shops, some offshore, some
// with lapsing or pending certifications and busy weeks.
func genVendors(seed uint64, n int) []*catalog.Vendor {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	pick := func(p float64) bool { return r.Float64() < p }
	vs := make([]*catalog.Vendor, n)
	for i := range vs {
		name := fmt.Sprintf("%s %s %d", firstWords[r.IntN(len(firstWords))], secondWords[r.IntN(len(secondWords))], i)
		v := &catalog.Vendor{
			ID:     fmt.Sprintf("v-%04d", i),
			Slug:   catalog.Slugify(name),
			Name:   name,
			Status: catalog.StatusActive,
		}
		switch x := r.IntN(20); {
		case x == 0:
			v.Status = catalog.StatusSuspended
		case x == 1:
			v.Status = catalog.StatusPendingReview
		}
		switch r.IntN(4) {
		case 0:
			v.Serves = []string{"democratic", "nonpartisan"}
		case 1:
			v.Serves = []string{"republican", "nonpartisan"}
		case 2:
			v.Serves = []string{"democratic", "independent", "nonpartisan"}
		default:
			v.Serves = []string{"democratic", "republican", "independent", "nonpartisan"}
		}
		v.WorksAgainstIncumbents = pick(0.6)
		v.UnionShop = pick(0.35)

		seats := 0
		nSites := 1 + r.IntN(2)
		for range nSites {
			s := usSites[r.IntN(len(usSites))]
			if pick(0.1) {
				s = offshoreSites[r.IntN(len(offshoreSites))]
			}
			s.Seats = 40 + r.IntN(260)
			seats += s.Seats
			v.Sites = append(v.Sites, s)
		}

		v.Services = []string{"gotv"}
		for _, s := range []string{"persuasion", "voter_id", "fundraising", "polling", "advocacy", "p2p_texting", "ivr_broadcast"} {
			if pick(0.4) {
				v.Services = append(v.Services, s)
			}
		}
		if pick(0.1) {
			v.Services = v.Services[1:] // a shop without GOTV
			if len(v.Services) == 0 {
				v.Services = []string{"polling"}
			}
		}
		for _, m := range []string{"manual", "click_to_dial", "preview", "predictive", "prerecorded", "p2p_sms"} {
			if pick(0.6) {
				v.DialingModes = append(v.DialingModes, m)
			}
		}
		if len(v.DialingModes) == 0 {
			v.DialingModes = []string{"predictive"}
		}

		v.Languages = []catalog.LanguageSeats{{Code: "en", Seats: seats}}
		for k, l := range []string{"es", "vi", "zh"} {
			if pick([]float64{0.75, 0.3, 0.3}[k]) {
				v.Languages = append(v.Languages, catalog.LanguageSeats{Code: l, Seats: 1 + r.IntN(seats/2+1)})
			}
		}

		v.Capacity = catalog.Capacity{HoursPerDay: float64(6 + r.IntN(7)), RampUpDays: r.IntN(25)}
		for w := catalog.WeekStart(day("2026-10-05")); w <= day("2026-11-02"); w += 7 {
			if pick(0.3) {
				v.Capacity.Calendar = append(v.Capacity.Calendar, catalog.Week{WeekStart: w, SeatsAvailable: seats/3 + r.IntN(seats-seats/3+1)})
			}
		}

		for _, s := range v.Services {
			if pick(0.05) {
				continue // listed but never priced
			}
			rt := catalog.Rate{Service: s, Model: "per_agent_hour", AmountCents: int64(2200 + r.IntN(1800)), MinimumCents: int64(r.IntN(4)) * 250000}
			switch s {
			case "p2p_texting":
				rt.Model, rt.AmountCents = "per_message", int64(3+r.IntN(5))
			case "ivr_broadcast":
				rt.Model, rt.AmountCents = "per_contact", int64(4+r.IntN(6))
			case "polling":
				rt.Model, rt.AmountCents = "per_complete", int64(2500+r.IntN(2500))
			}
			v.Rates = append(v.Rates, rt)
		}

		for j, k := range []string{"soc2_type2", "pci_dss", "tcpa_audit"} {
			if !pick([]float64{0.85, 0.5, 0.5}[j]) {
				continue
			}
			c := catalog.Certification{Kind: k, Status: catalog.CertVerified, IssuedOn: day("2026-01-15"), ExpiresOn: day("2027-01-15")}
			switch r.IntN(8) {
			case 0:
				c.Status = catalog.CertPending
			case 1:
				c.ExpiresOn = day("2026-10-25") // lapses inside the window
			case 2:
				c.ExpiresOn = day("2026-12-10") // lapses soon after it
			}
			v.Certifications = append(v.Certifications, c)
		}

		for _, s := range []string{"TX", "AZ", "GA", "OH", "CA", "FL"} {
			if pick(0.4) {
				v.StateExperience = append(v.StateExperience, s)
			}
		}
		v.Metrics = catalog.Metrics{
			ContactRate: float64(5+r.IntN(20)) / 100,
			QAScore:     float64(70+r.IntN(29)) / 100,
			Verified:    pick(0.5),
		}
		vs[i] = v
	}
	return vs
}

// garcia is DOMAIN.md §4's intake as a request, without the union rule so
// that a 40-vendor catalog keeps a shortlist worth reading.
func garcia() Request {
	return Request{
		Affiliation:       "democratic",
		SponsorType:       "candidate",
		Services:          []string{"gotv"},
		TargetStates:      []string{"TX"},
		Records:           250000,
		AttemptsPerRecord: 2,
		StartDate:         day("2026-10-12"),
		EndDate:           day("2026-11-03"),
		Languages:         []LanguageShare{{Code: "en", Share: 0.7}, {Code: "es", Share: 0.3}},
		BudgetCents:       15000000,
		Requirements: Requirements{
			DomesticOnly:   true,
			CellShare:      0.6,
			Certifications: []string{"soc2_type2"},
		},
	}
}
