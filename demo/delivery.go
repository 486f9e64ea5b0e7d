package demo

import (
	"math"

	"callmatch"
	"callmatch/billing"
	"callmatch/intake"
	"callmatch/matching"
)

// DeliveredProgram is a demo program that has run (MARKETPLACE.md §4):
// signed two weeks before its start, reported day by day by its vendor at
// Pace (the share of the planned dials delivered) and ContactRate, and,
// once ended, rated by its campaign. Its Campaign is engaged with the top
// vendor of its shared shortlist.
type DeliveredProgram struct {
	Campaign    Campaign
	Pace        float64
	ContactRate float64
	Scorecard   *intake.Scorecard // nil: not rated (still calling)
}

// SignedBefore is how many days before its start a delivered program was
// shortlisted, shared and signed: the demo's vendors ramp up in 3–14 days.
const SignedBefore = 14

// DeliveredPrograms are the demo's track record: three Texas programs of
// the 2026 midterms, the same shape so that one vendor tops all three and
// ranks on verified figures, delivered well and rated well; and a Georgia
// runoff program calling now, well behind pace with under a week to go.
// The runoff's window moves with today, so its key carries its start: a
// seed on a later day plays a runoff of its own rather than refusing the
// earlier one's changed form.
func DeliveredPrograms(today callmatch.Date) []DeliveredProgram {
	d := callmatch.MustParseDate
	texas := func(key, name, race, contact string, start, end callmatch.Date) Campaign {
		return Campaign{Key: key, Status: intake.StatusClosed,
			Form: intake.Form{
				Campaign: intake.Campaign{Name: name, SponsorType: "candidate", Affiliation: "democratic",
					OfficeLevel: "state", Race: race},
				Contact:  intake.Contact{Name: contact, Email: slugEmail(contact), Phone: "+1 512 555 0190"},
				Services: []string{"gotv"}, TargetStates: []string{"TX"},
				Records: 60_000, AttemptsPerRecord: 2, StartDate: start, EndDate: end,
				Languages:    []matching.LanguageShare{{Code: "en", Share: 0.6}, {Code: "es", Share: 0.4}},
				BudgetCents:  6_000_000,
				Requirements: matching.Requirements{CellShare: 0.6},
				Message:      "Midterm GOTV; bilingual callers from Texas.",
			},
			Shortlists:  []ShortlistPlan{{Options: intake.GenerateOptions{Limit: 6, Method: matching.MethodSAW}, Share: true}},
			Engagements: []EngagementPlan{{Rank: 1, ContractValueCents: 4_800_000, Invoice: InvoicePlan{Status: billing.StatusPaid}}},
		}
	}
	score := func(s, dh, r, o int, comment string) *intake.Scorecard {
		return &intake.Scorecard{ScriptAdherence: s, DataHandling: dh, Responsiveness: r, Overall: o, Comment: comment}
	}
	runoffStart := today.AddDays(-24)
	runoff := Campaign{Key: "demo-2026-runoff-" + runoffStart.String(), Status: intake.StatusEngaged,
		Form: intake.Form{
			Campaign: intake.Campaign{Name: "Marcus Bell for Public Service Commission", SponsorType: "candidate",
				Affiliation: "democratic", OfficeLevel: "state", Race: "Georgia PSC runoff"},
			Contact:  intake.Contact{Name: "Tasha Greene", Email: "tasha.greene@example.org", Phone: "+1 404 555 0163"},
			Services: []string{"gotv"}, TargetStates: []string{"GA"},
			Records: 90_000, AttemptsPerRecord: 2, StartDate: runoffStart, EndDate: today.AddDays(4),
			Languages:    []matching.LanguageShare{{Code: "en", Share: 1}},
			BudgetCents:  5_000_000,
			Requirements: matching.Requirements{CellShare: 0.6},
			Message:      "Runoff turnout collapses; every call counts.",
		},
		Shortlists:  []ShortlistPlan{{Options: intake.GenerateOptions{Limit: 6, Method: matching.MethodSAW}, Share: true}},
		Engagements: []EngagementPlan{{Rank: 1, ContractValueCents: 3_900_000, Invoice: InvoicePlan{Status: billing.StatusOpen}}},
	}
	return []DeliveredProgram{
		{Campaign: texas("demo-2026-tx-hd-46", "Lena Ortiz for State House", "Texas House District 46", "Marisol Vega",
			d("2026-08-10"), d("2026-09-06")), Pace: 1.03, ContactRate: 0.17,
			Scorecard: score(5, 5, 4, 5, "Hit every daily target; scripts followed to the word.")},
		{Campaign: texas("demo-2026-tx-sd-14", "Ray Castillo for State Senate", "Texas Senate District 14", "Jordan Pike",
			d("2026-09-07"), d("2026-10-04")), Pace: 0.99, ContactRate: 0.16,
			Scorecard: score(5, 4, 5, 5, "Quick to fix a list problem on day two.")},
		{Campaign: texas("demo-2026-tx-hd-51", "Ana Flores for State House", "Texas House District 51", "Celia Ramos",
			d("2026-10-05"), d("2026-11-02")), Pace: 1.0, ContactRate: 0.18,
			Scorecard: score(4, 5, 5, 5, "Strong Spanish-language floor.")},
		{Campaign: runoff, Pace: 0.7, ContactRate: 0.11},
	}
}

// DailyReports are the rows the vendor of p reports: each day from the
// start through through (or the end), in each language, at p's pace with
// a small weekly wobble, so the chart looks like calling rather than a
// ruler. plannedDials is the engagement's plan (intake.PlannedDials).
func DailyReports(p DeliveredProgram, plannedDials int64, through callmatch.Date) []intake.Report {
	f := p.Campaign.Form
	days := int(f.EndDate-f.StartDate) + 1
	perDay := float64(plannedDials) / float64(days)
	wobble := []float64{0.94, 1.06, 1.02, 0.97, 1.08, 0.91, 1.02} // sums to 7
	var out []intake.Report
	for i, day := 0, f.StartDate; i < days && day <= through; i, day = i+1, day.AddDays(1) {
		for _, l := range f.Languages {
			dials := int64(math.Round(perDay * l.Share * p.Pace * wobble[i%len(wobble)]))
			contacts := int64(math.Round(float64(dials) * p.ContactRate))
			out = append(out, intake.Report{Day: day, Language: l.Code, Dials: dials, Contacts: contacts,
				Completes: contacts * 2 / 5, AgentHours: math.Round(float64(dials)/55*4) / 4,
				OptOuts: dials / 400, Complaints: int64(i % 9 / 8)})
		}
	}
	return out
}

// slugEmail is a contact's example.org address: "Marisol Vega" →
// marisol.vega@example.org.
func slugEmail(name string) string {
	b := []byte(name)
	for i, c := range b {
		switch {
		case c == ' ':
			b[i] = '.'
		case c >= 'A' && c <= 'Z':
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b) + "@example.org"
}
