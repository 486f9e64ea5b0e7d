package demo

import (
	"callmatch"
	"callmatch/billing"
	"callmatch/intake"
	"callmatch/matching"
)

// PlayedBy is the latest day the campaigns are played as of. Their 2027
// programs need vendors with seats free and time to ramp up, so a seed run
// later than this (the demo outliving its season) acts as of this day:
// the shortlists stay the ones the plan was written for.
const PlayedBy callmatch.Date = 20999 // 2027-06-30

// Campaign is one demo intake and the story the demo seed plays out on it:
// what an advisor did with it and where it ended. It is a plan only; the
// package demo/seed applies it through the real services, so that every
// row it leaves is one the product could have written itself.
type Campaign struct {
	// Key is the submission's Idempotency-Key. Submitting again under it
	// finds the intake of an earlier run, which is what makes seeding
	// idempotent without any id being known in advance.
	Key  string
	Form intake.Form
	// Status is the intake status the story ends in.
	Status string
	// Review marks the intake in review before anything else happens.
	Review bool
	// Shortlists are the versions an advisor generated, oldest first.
	Shortlists []ShortlistPlan
	// Engagements are made from the latest shared shortlist, in order.
	Engagements []EngagementPlan
	// Featured is the campaign whose private link the seed hands out, for
	// the status page in the dev banner and the screenshots.
	Featured bool
}

// ShortlistPlan is one shortlist version and what the advisor did with it.
type ShortlistPlan struct {
	Options intake.GenerateOptions
	Events  []EventPlan
	Share   bool
}

// EventPlan is an advisor's pin, drop or note. The vendor is named by its
// place on the shortlist, since vendor ids are only known once the engine
// has run: Rank 1 is the first candidate, -1 the last, 0 (notes only) is
// the list as a whole.
type EventPlan struct {
	Type   string
	Rank   int
	Reason string
}

// EngagementPlan is a vendor the campaign signed with: the Rank-th vendor
// of the latest shared shortlist that the advisor did not drop. Of a
// campaign with several, each signed for its part of a team plan.
type EngagementPlan struct {
	Rank               int
	ContractValueCents int64
	Invoice            InvoicePlan
}

// InvoicePlan is where the engagement's referral-fee invoice ends up on
// Stripe. Every status is one Stripe has issued (open or later): an
// issued invoice is never sent to Stripe again, so a billing job that
// later finds the engagement in the outbox completes it without a call.
type InvoicePlan struct {
	Status        billing.Status // open, paid, uncollectible or void
	PaymentFailed bool           // a card payment was declined (open only)
}

// Campaigns returns the demo's campaigns: at least one in every intake
// status, with saved and shared shortlists, pins, drops and notes,
// engagements (one campaign split between two vendors) and invoices that
// are open, paid and failing. The Hill Country vendor is engaged twice, so
// its portal shows more than one invoice. Each call returns fresh values.
func Campaigns() []Campaign {
	f := Intakes()
	more := moreIntakes()
	saw := func(limit int) intake.GenerateOptions {
		return intake.GenerateOptions{Limit: limit, Method: matching.MethodSAW}
	}
	cs := []Campaign{
		{
			Key: "demo-2027-villarreal", Form: f[0], Status: intake.StatusShared, Review: true, Featured: true,
			Shortlists: []ShortlistPlan{{Options: saw(8), Share: true, Events: []EventPlan{
				{Type: intake.EventPin, Rank: 1, Reason: "Native Spanish speakers on the Rio Grande Valley floor; we have worked with them before."},
				{Type: intake.EventNote, Reason: "Call the top three this week: early voting starts Oct 18."},
				{Type: intake.EventDrop, Rank: -1, Reason: "Missed two deadlines for another campaign this cycle."},
			}}},
		},
		{
			Key: "demo-2027-commonwealth-forward", Form: f[1], Status: intake.StatusEngaged,
			Shortlists: []ShortlistPlan{{Options: saw(10), Share: true, Events: []EventPlan{
				{Type: intake.EventNote, Rank: 1, Reason: "PCI DSS report on file and checked; card numbers go to a pay-by-link flow, never to callers."},
			}}},
			Engagements: []EngagementPlan{{Rank: 1, ContractValueCents: 8_250_000,
				Invoice: InvoicePlan{Status: billing.StatusOpen}}},
		},
		{
			Key: "demo-2027-garden-state-survey", Form: f[2], Status: intake.StatusClosed, Review: true,
			Shortlists: []ShortlistPlan{{Options: saw(10), Share: true}},
			Engagements: []EngagementPlan{{Rank: 1, ContractValueCents: 3_840_000,
				Invoice: InvoicePlan{Status: billing.StatusPaid}}},
		},
		{
			// Two saved versions, neither shared yet: the advisor is still
			// weighing cost against quality.
			Key: "demo-2027-measure-k", Form: f[3], Status: intake.StatusShortlisted,
			Shortlists: []ShortlistPlan{
				{Options: saw(10)},
				{Options: intake.GenerateOptions{Limit: 10, Method: matching.MethodTOPSIS,
					Weights: &matching.Weights{Cost: 0.15, Quality: 0.4, Capacity: 0.2, Experience: 0.2, Readiness: 0.05}},
					Events: []EventPlan{{Type: intake.EventNote, Reason: "Asked two vendors for sample Vietnamese call recordings before sharing."}}},
			},
		},
		{
			// A split program: GOTV to one union shop, persuasion to another.
			Key: "demo-2027-pa-coordinated", Form: f[4], Status: intake.StatusEngaged, Review: true,
			Shortlists: []ShortlistPlan{{Options: saw(8), Share: true, Events: []EventPlan{
				{Type: intake.EventPin, Rank: 2, Reason: "Union shop with a Virginia floor big enough for the persuasion half."},
			}}},
			Engagements: []EngagementPlan{
				{Rank: 1, ContractValueCents: 18_000_000, Invoice: InvoicePlan{Status: billing.StatusOpen, PaymentFailed: true}},
				{Rank: 2, ContractValueCents: 9_500_000, Invoice: InvoicePlan{Status: billing.StatusOpen}},
			},
		},
		{Key: "demo-2027-boudreaux", Form: f[5], Status: intake.StatusInReview, Review: true},
		{Key: "demo-2027-florida-civic-access", Form: f[6], Status: intake.StatusSubmitted},
		{
			Key: "demo-2027-san-antonio-prop-b", Form: more[0], Status: intake.StatusClosed, Review: true,
			Shortlists: []ShortlistPlan{{Options: saw(6), Share: true}},
			Engagements: []EngagementPlan{{Rank: 1, ContractValueCents: 5_200_000,
				Invoice: InvoicePlan{Status: billing.StatusPaid}}},
		},
		{
			// The candidate left the race after seeing the shortlist.
			Key: "demo-2027-okafor", Form: more[1], Status: intake.StatusWithdrawn,
			Shortlists: []ShortlistPlan{{Options: saw(6), Share: true}},
		},
	}
	cs = append(cs, peakCampaigns()...)
	cs = append(cs, unbudgetedCampaigns()...)
	goals := MessagingGoals()
	for i, c := range cs {
		g := goals[c.Key]
		cs[i].Form.IssueAreas, cs[i].Form.Audiences = g.IssueAreas, g.Audiences
	}
	return cs
}

// moreIntakes are forms only the seeded campaigns use; Intakes stays the
// set that tests and benchmarks rank. Each is a cousin of one of those,
// which keeps it realistic for the demo catalog.
func moreIntakes() []intake.Form {
	f := Intakes()

	// A city ballot measure in San Antonio: bilingual, and a union shop
	// like the Pennsylvania party program, on the same calendar.
	propB := f[4]
	propB.Campaign = intake.Campaign{Name: "Neighbors for Proposition B", SponsorType: "ballot_measure",
		Affiliation: "nonpartisan", OfficeLevel: "local", Race: "San Antonio Proposition B (transit bond)"}
	propB.Contact = intake.Contact{Name: "Esteban Garza", Email: "esteban.garza@example.org", Phone: "+1 210 555 0177"}
	propB.TargetStates = []string{"TX"}
	propB.Records, propB.BudgetCents = 90_000, 6_000_000
	propB.Languages = []matching.LanguageShare{{Code: "en", Share: 0.6}, {Code: "es", Share: 0.4}}
	propB.Requirements.CellShare = 0.6
	propB.Message = "Our coalition includes two labor councils, so the floor must be a union shop."

	// A council race in Atlanta, withdrawn when the candidate left it.
	okafor := f[0]
	okafor.Campaign = intake.Campaign{Name: "Dana Okafor for Council", SponsorType: "candidate",
		Affiliation: "democratic", OfficeLevel: "local", Race: "Atlanta City Council District 5"}
	okafor.Contact = intake.Contact{Name: "Dana Okafor", Email: "dana.okafor@example.org", Phone: "+1 404 555 0158"}
	okafor.Services, okafor.TargetStates = []string{"gotv"}, []string{"GA"}
	okafor.Records, okafor.BudgetCents = 35_000, 2_500_000
	okafor.StartDate = callmatch.MustParseDate("2027-10-11")
	okafor.Languages = []matching.LanguageShare{{Code: "en", Share: 1}}
	okafor.Requirements, okafor.Priorities = matching.Requirements{CellShare: 0.65}, nil
	okafor.Message = "Small budget, first-time candidate; we need someone who can start fast."

	return []intake.Form{propB, okafor}
}
