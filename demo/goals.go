package demo

// Goals are the messaging goals a campaign names on its form: the issue
// areas its program is about and the audiences it must reach
// (catalog.IssueAreas, catalog.Audiences).
type Goals struct {
	IssueAreas []string
	Audiences  []string
}

// MessagingGoals returns the goals of the demo campaigns that name any, by
// Campaign.Key; Campaigns puts them on the forms. Each names goals its
// story implies, so that the ranking the demo shows explains them. Campaigns already engaged name
// none: their shortlists, and so whom they engaged, stay as the seed's
// story tells. Each call returns fresh values.
func MessagingGoals() map[string]Goals {
	return map[string]Goals{
		// Spanish-language GOTV for a county judge in the Rio Grande Valley.
		"demo-2027-villarreal": {IssueAreas: []string{"healthcare", "economy"},
			Audiences: []string{"latino", "seniors", "low_propensity"}},
		// A local measure argued to Vietnamese and Chinese speakers.
		"demo-2027-measure-k": {IssueAreas: []string{"local_ballot_measure", "housing"},
			Audiences: []string{"aapi", "seniors"}},
		// A registration drive for new citizens and young voters.
		"demo-2027-florida-civic-access": {IssueAreas: []string{"voting_access"},
			Audiences: []string{"first_time_voters", "latino", "black"}},
		// A conservative governor's race across rural Louisiana.
		"demo-2027-boudreaux": {IssueAreas: []string{"economy", "taxes"},
			Audiences: []string{"seniors", "faith_communities", "rural"}},
	}
}
