package demo

import (
	"callmatch"
	"callmatch/intake"
	"callmatch/matching"
)

// QueueProgram is a demo program placed in time relative to today, so
// that the advisor's queue shows what a season's queue does whatever day
// the demo runs: a program calling without a vendor (most urgent, at the
// top) and one whose calling days ended without an engagement (after
// every open one, "calling days ended"). Submitted is the day the
// campaign sent the form (the seed plays the plan as of then).
type QueueProgram struct {
	Campaign  Campaign
	Submitted callmatch.Date
}

// QueuePrograms are the programs the queue's order and words need, with
// an advisor's pin, drop and undo on the late program's shortlist (the
// intake page offers to undo the pin). Keys carry the start, which moves
// with today: a seed on a later day plays programs of its own rather than
// refusing an earlier one's changed form.
func QueuePrograms(today callmatch.Date) []QueueProgram {
	form := func(name, race, state, contact string, start, end callmatch.Date) intake.Form {
		return intake.Form{
			Campaign: intake.Campaign{Name: name, SponsorType: "candidate", Affiliation: "democratic",
				OfficeLevel: "local", Race: race},
			Contact:  intake.Contact{Name: contact, Email: slugEmail(contact), Phone: "+1 614 555 0172"},
			Services: []string{"gotv"}, TargetStates: []string{state},
			Records: 30_000, AttemptsPerRecord: 2, StartDate: start, EndDate: end,
			Languages:    []matching.LanguageShare{{Code: "en", Share: 1}},
			BudgetCents:  2_400_000,
			Requirements: matching.Requirements{CellShare: 0.6},
			Message:      "Special election; the county moved the date up.",
		}
	}
	saw := intake.GenerateOptions{Limit: 6, Method: matching.MethodSAW}
	lateStart, endedStart := today.AddDays(-3), today.AddDays(-45)
	return []QueueProgram{
		{
			Submitted: lateStart.AddDays(-6),
			Campaign: Campaign{Key: "demo-queue-late-" + lateStart.String(), Status: intake.StatusShortlisted, Review: true,
				Form: form("Priya Raman for Columbus Council", "Columbus City Council special election", "OH", "Priya Raman",
					lateStart, today.AddDays(25)),
				Shortlists: []ShortlistPlan{{Options: saw, Events: []EventPlan{
					{Type: intake.EventDrop, Rank: -1, Reason: "No Ohio calling experience on record."},
					{Type: intake.EventPin, Rank: 2, Reason: "Can start within three days; the campaign is already late."},
					{Type: intake.EventDrop, Rank: 3, Reason: "Dropped by mistake: wrong row."},
					{Type: intake.EventUndo, Rank: 3, Reason: "Takes back the drop made on the wrong row."},
				}}}},
		},
		{
			Submitted: endedStart.AddDays(-20),
			Campaign: Campaign{Key: "demo-queue-ended-" + endedStart.String(), Status: intake.StatusShared, Review: true,
				Form: form("Luis Ortega for School Board", "Dayton school board recall", "OH", "Luis Ortega",
					endedStart, today.AddDays(-12)),
				Shortlists: []ShortlistPlan{{Options: saw, Share: true}}},
		},
	}
}
