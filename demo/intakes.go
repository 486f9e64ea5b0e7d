package demo

import (
	"callmatch"
	"callmatch/intake"
	"callmatch/matching"
)

// Intakes returns the demo consultation forms: one per kind of program an
// advisor meets most, each set in the 2027 fall season so that the demo
// catalog's calendars and certifications bite. Contacts are obviously fake
// (example.org addresses, 555 numbers). Each call returns fresh values.
func Intakes() []intake.Form {
	d := callmatch.MustParseDate
	return []intake.Form{
		{
			// Spanish-heavy GOTV in South Texas: domestic callers, mostly cell phones.
			Campaign: intake.Campaign{Name: "Ana Villarreal for County Judge", SponsorType: "candidate",
				Affiliation: "democratic", OfficeLevel: "local", Race: "Hidalgo County Judge"},
			Contact:  intake.Contact{Name: "Rosa Elizondo", Email: "rosa.elizondo@example.org", Phone: "+1 956 555 0142"},
			Services: []string{"gotv", "voter_id"}, TargetStates: []string{"TX"},
			Records: 240_000, AttemptsPerRecord: 2,
			StartDate: d("2027-10-04"), EndDate: ElectionDay2027,
			Languages:    []matching.LanguageShare{{Code: "es", Share: 0.55}, {Code: "en", Share: 0.45}},
			BudgetCents:  18_000_000,
			Requirements: matching.Requirements{DomesticOnly: true, CellShare: 0.7, CellConsent: false},
			Priorities:   &matching.Weights{Cost: 0.25, Quality: 0.3, Capacity: 0.25, Experience: 0.15, Readiness: 0.05},
			Message:      "Early vote starts Oct 18. Callers must be native Spanish speakers comfortable with Rio Grande Valley usage.",
		},
		{
			// Phone fundraising that takes cards: PCI DSS and domestic only follow by law.
			Campaign: intake.Campaign{Name: "Commonwealth Forward PAC", SponsorType: "pac",
				Affiliation: "republican", OfficeLevel: "state", Race: "Virginia House of Delegates"},
			Contact:  intake.Contact{Name: "Daniel Whitaker", Email: "finance@commonwealth-forward.example.org", Phone: "(804) 555-0187"},
			Services: []string{"fundraising"}, TargetStates: []string{"VA"},
			Records: 60_000, AttemptsPerRecord: 3,
			StartDate: d("2027-09-07"), EndDate: d("2027-10-29"),
			Languages:    []matching.LanguageShare{{Code: "en", Share: 1}},
			BudgetCents:  9_500_000,
			Requirements: matching.Requirements{TakesCardPayments: true, CellShare: 0.4, CellConsent: true},
			Message:      "Prior donors only, $50-$500 asks. Card numbers must never be spoken to or stored by callers.",
		},
		{
			// Polling sized by completes rather than records.
			Campaign: intake.Campaign{Name: "Garden State Civic Survey", SponsorType: "c3",
				Affiliation: "nonpartisan", OfficeLevel: "state", Race: "NJ statewide issue poll"},
			Contact:  intake.Contact{Name: "Priya Raman", Email: "priya.raman@example.org", Phone: "+1 609 555 0110"},
			Services: []string{"polling"}, TargetStates: []string{"NJ"},
			Records: 80_000, AttemptsPerRecord: 4, CompletesTarget: 1_200,
			StartDate: d("2027-09-13"), EndDate: d("2027-09-27"),
			Languages:    []matching.LanguageShare{{Code: "en", Share: 0.85}, {Code: "es", Share: 0.15}},
			BudgetCents:  4_000_000,
			Requirements: matching.Requirements{CellShare: 0.65, CellConsent: false},
			Priorities:   &matching.Weights{Cost: 0.2, Quality: 0.45, Capacity: 0.1, Experience: 0.15, Readiness: 0.1},
			Message:      "Live-interviewer poll, 14-minute instrument, weighted to 2025 turnout. Spanish interviews by native speakers.",
		},
		{
			// Asian-language persuasion in Orange County and San Jose.
			Campaign: intake.Campaign{Name: "Yes on Measure K", SponsorType: "ballot_measure",
				Affiliation: "nonpartisan", OfficeLevel: "local", Race: "Orange County Measure K"},
			Contact:  intake.Contact{Name: "Linh Tran", Email: "linh.tran@example.org", Phone: "+1 714 555 0199"},
			Services: []string{"persuasion"}, TargetStates: []string{"CA"},
			Records: 150_000, AttemptsPerRecord: 2,
			StartDate: d("2027-09-20"), EndDate: ElectionDay2027,
			Languages: []matching.LanguageShare{{Code: "en", Share: 0.6}, {Code: "vi", Share: 0.25},
				{Code: "zh", Share: 0.15}},
			BudgetCents:  12_000_000,
			Requirements: matching.Requirements{DomesticOnly: true, CellShare: 0.5},
			Message:      "Vietnamese and Mandarin/Cantonese callers; scripts translated by us, callers must follow them closely.",
		},
		{
			// Party coordinated program that must use a union shop.
			Campaign: intake.Campaign{Name: "Pennsylvania Democratic Coordinated Campaign", SponsorType: "party",
				Affiliation: "democratic", OfficeLevel: "state", Race: "PA Supreme Court retention"},
			Contact:  intake.Contact{Name: "Marcus Bell", Email: "marcus.bell@example.org", Phone: "+1 215 555 0163"},
			Services: []string{"gotv", "persuasion"}, TargetStates: []string{"PA"},
			Records: 450_000, AttemptsPerRecord: 2,
			StartDate: d("2027-09-27"), EndDate: ElectionDay2027,
			Languages:    []matching.LanguageShare{{Code: "en", Share: 0.92}, {Code: "es", Share: 0.08}},
			BudgetCents:  30_000_000,
			Requirements: matching.Requirements{UnionRequired: true, DomesticOnly: true, CellShare: 0.55},
			Message:      "Union shop required by the party's labor agreement. Daily results into VAN.",
		},
		{
			// A primary challenger: vendors that will not work against incumbents drop out.
			Campaign: intake.Campaign{Name: "Boudreaux for Governor", SponsorType: "candidate",
				Affiliation: "republican", OfficeLevel: "state", Race: "Louisiana governor", ChallengerInPrimary: true},
			Contact:  intake.Contact{Name: "Claire Thibodeaux", Email: "claire.thibodeaux@example.org", Phone: "+1 225 555 0121"},
			Services: []string{"voter_id", "gotv"}, TargetStates: []string{"LA"},
			Records: 500_000, AttemptsPerRecord: 1,
			StartDate: d("2027-08-30"), EndDate: d("2027-10-09"),
			Languages:    []matching.LanguageShare{{Code: "en", Share: 1}},
			BudgetCents:  7_500_000,
			Requirements: matching.Requirements{CellShare: 0.6, CellConsent: false, Certifications: []string{"soc2_type2"}},
			Message:      "Open primary Oct 9. Live ID calls, then GOTV to identified supporters; most targets are on cells.",
		},
		{
			// Voter registration in Haitian Creole and Spanish by a 501(c)(3).
			Campaign: intake.Campaign{Name: "Florida Civic Access Fund", SponsorType: "c3",
				Affiliation: "nonpartisan", OfficeLevel: "local", Race: "Miami-Dade registration drive"},
			Contact:  intake.Contact{Name: "Jean-Baptiste Morency", Email: "jb.morency@example.org", Phone: "+1 305 555 0134"},
			Services: []string{"voter_registration"}, TargetStates: []string{"FL"},
			Records: 120_000, AttemptsPerRecord: 2,
			StartDate: d("2027-09-06"), EndDate: d("2027-10-04"),
			Languages: []matching.LanguageShare{{Code: "en", Share: 0.6}, {Code: "es", Share: 0.3},
				{Code: "ht", Share: 0.1}},
			BudgetCents:  3_000_000,
			Requirements: matching.Requirements{CellShare: 0.8, CellConsent: true},
			Priorities:   &matching.Weights{Cost: 0.4, Quality: 0.2, Capacity: 0.15, Experience: 0.15, Readiness: 0.1},
			Message:      "Strictly nonpartisan scripts. Registration deadline is 29 days before the election.",
		},
	}
}
