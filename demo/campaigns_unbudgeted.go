package demo

import (
	"callmatch"
	"callmatch/intake"
	"callmatch/matching"
)

// unbudgetedCampaigns show issue 17 §1 in the demo: a request sent in
// Spanish with no budget yet (the form's budget is optional) and its
// states typed by name, as the form now accepts; it waits in the queue,
// and its status page says when an advisor will look and "not set yet"
// for the budget.
func unbudgetedCampaigns() []Campaign {
	d := callmatch.MustParseDate
	return []Campaign{{
		Key: "demo-2027-nm-voces", Status: intake.StatusSubmitted,
		Form: intake.Form{
			Campaign: intake.Campaign{Name: "Voces del Valle", SponsorType: "c3", Affiliation: "nonpartisan",
				Race: "Registro de votantes en el sur de Nuevo México"},
			Contact:  intake.Contact{Name: "Lucía Montoya", Email: "lucia.montoya@example.org", Phone: "+1 575 555 0133"},
			Services: []string{"advocacy"}, TargetStates: []string{"Nuevo México", "Texas"},
			Records: 40_000, AttemptsPerRecord: 3,
			StartDate: d("2027-09-13"), EndDate: d("2027-10-15"),
			Languages: []matching.LanguageShare{{Code: "es", Share: 0.7}, {Code: "en", Share: 0.3}},
			Message:   "Somos voluntarios; aún no sabemos cuánto podemos gastar.\nQueremos llamadas en español sobre todo.",
			Lang:      "es",
		},
	}}
}
