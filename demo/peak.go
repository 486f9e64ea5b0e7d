package demo

import (
	"callmatch"
	"callmatch/billing"
	"callmatch/intake"
	"callmatch/matching"
)

// peakCampaigns are the campaigns that show capacity running out
// (issue 13): the demo market has tens of thousands of English seats but
// about twenty Armenian and a few hundred Korean ones, which is where an
// October crunch bites first.
//
//   - Measure G in Glendale is engaged with the one Armenian floor that can
//     carry it, whose bookings take most of the market's Armenian seats
//     for October.
//   - Avetisyan's council race, in review, wants Armenian seats the same
//     weeks: the peak-season board marks those weeks tight.
//   - Seo's Assembly race needs more Korean callers than any one vendor
//     that serves independents has: every candidate fails on capacity
//     alone, and only a team plan of two or three vendors can take it. Its
//     shortlist, shared empty with a note, is what an advisor meets before
//     splitting the program on the desk.
func peakCampaigns() []Campaign {
	d := callmatch.MustParseDate
	saw := func(limit int) intake.GenerateOptions {
		return intake.GenerateOptions{Limit: limit, Method: matching.MethodSAW}
	}
	glendale := func(name, contact, email string) intake.Form {
		return intake.Form{
			Campaign: intake.Campaign{Name: name, SponsorType: "ballot_measure", Affiliation: "nonpartisan", OfficeLevel: "local",
				Race: "Glendale Unified School District Measure G"},
			Contact:  intake.Contact{Name: contact, Email: email, Phone: "+1 818 555 0126"},
			Services: []string{"advocacy"}, TargetStates: []string{"CA"},
			Records: 230_000, AttemptsPerRecord: 2,
			StartDate: d("2027-10-04"), EndDate: ElectionDay2027,
			Languages:    []matching.LanguageShare{{Code: "en", Share: 0.4}, {Code: "hy", Share: 0.6}},
			BudgetCents:  20_000_000,
			Requirements: matching.Requirements{CellShare: 0.5},
		}
	}
	measureG := glendale("Glendale Families for Measure G", "Anahit Sarkissian", "anahit.sarkissian@example.org")
	measureG.Message = "Most of our voters prefer Armenian; callers must read Eastern and Western Armenian scripts."

	council := glendale("Avetisyan for Glendale City Council", "Hovik Avetisyan", "hovik.avetisyan@example.org")
	council.Campaign.SponsorType, council.Campaign.Race = "candidate", "Glendale City Council"
	council.Records, council.StartDate, council.BudgetCents = 340_000, d("2027-09-20"), 25_000_000
	council.Contact.Phone = "+1 818 555 0182"
	council.Message = "Same voters as Measure G, a week earlier. Armenian-speaking callers are the whole point."

	seo := intake.Form{
		Campaign: intake.Campaign{Name: "Minji Seo for Assembly", SponsorType: "candidate", Affiliation: "independent",
			OfficeLevel: "state", Race: "New Jersey Legislative District 37 (Assembly)"},
		Contact:  intake.Contact{Name: "Jae-won Lim", Email: "jaewon.lim@example.org", Phone: "+1 201 555 0148"},
		Services: []string{"gotv"}, TargetStates: []string{"NJ"},
		Records: 200_000, AttemptsPerRecord: 2,
		StartDate: d("2027-10-04"), EndDate: ElectionDay2027,
		Languages:    []matching.LanguageShare{{Code: "en", Share: 0.35}, {Code: "ko", Share: 0.65}},
		BudgetCents:  17_500_000,
		Requirements: matching.Requirements{DomesticOnly: true, CellShare: 0.7},
		Message:      "Korean-speaking callers for Palisades Park and Fort Lee; most of our list is cell phones without consent.",
	}
	return []Campaign{
		{
			Key: "demo-2027-glendale-measure-g", Form: measureG, Status: intake.StatusEngaged, Review: true,
			Shortlists:  []ShortlistPlan{{Options: saw(5), Share: true}},
			Engagements: []EngagementPlan{{Rank: 1, ContractValueCents: 15_500_000, Invoice: InvoicePlan{Status: billing.StatusOpen}}},
		},
		{Key: "demo-2027-avetisyan", Form: council, Status: intake.StatusInReview, Review: true},
		{
			Key: "demo-2027-seo-assembly", Form: seo, Status: intake.StatusShared, Review: true,
			Shortlists: []ShortlistPlan{{Options: saw(10), Share: true, Events: []EventPlan{
				{Type: intake.EventNote, Reason: "No single call center that works for independents has enough Korean-speaking callers; we are splitting the program across two or three of them."},
			}}},
		},
	}
}
