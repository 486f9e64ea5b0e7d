package meili

import "callmatch/catalog"

// The words people type for our codes. Only keywords, never filters: a
// filter is built from a validated code, a keyword just helps ranking.
var (
	serviceWords = map[string]string{
		"gotv":               "gotv get out the vote",
		"persuasion":         "persuasion",
		"voter_id":           "voter id identification",
		"fundraising":        "fundraising",
		"polling":            "polling survey",
		"advocacy":           "advocacy",
		"voter_registration": "voter registration",
		"tele_town_hall":     "tele town hall",
		"p2p_texting":        "p2p peer to peer texting sms",
		"ivr_broadcast":      "ivr broadcast robocall",
		"inbound_hotline":    "inbound hotline",
	}
	dialingWords = map[string]string{
		"manual":        "manual dialing",
		"click_to_dial": "click to dial",
		"preview":       "preview dialing",
		"predictive":    "predictive dialer",
		"prerecorded":   "prerecorded",
		"p2p_sms":       "p2p sms",
	}
	// The messaging-goal codes, spelled so that "veterans healthcare"
	// or "latino" find the vendors that list them.
	issueWords = map[string]string{
		"economy": "economy jobs", "healthcare": "healthcare health care", "education": "education schools",
		"immigration": "immigration", "public_safety": "public safety", "environment": "environment climate",
		"housing": "housing", "veterans_affairs": "veterans affairs", "reproductive_rights": "reproductive rights",
		"gun_policy": "gun policy", "taxes": "taxes", "labor": "labor unions workers", "voting_access": "voting access",
		"local_ballot_measure": "local ballot measure",
	}
	audienceWords = map[string]string{
		"seniors": "seniors older voters", "young_voters": "young voters youth", "first_time_voters": "first-time voters",
		"veterans": "veterans", "rural": "rural", "union_households": "union households",
		"faith_communities": "faith communities church", "latino": "Latino Hispanic", "black": "Black African American",
		"aapi": "AAPI Asian American Pacific Islander", "native_american": "Native American tribal",
		"small_donors": "small donors", "major_donors": "major donors", "low_propensity": "low-propensity voters",
	}
)

// stateNames spells each state as people type it, in English and Spanish.
var stateNames = func() map[string]string {
	m := make(map[string]string, len(catalog.StateNames))
	for code, n := range catalog.StateNames {
		m[code] = n.EN
		if n.ES != n.EN {
			m[code] += " " + n.ES
		}
	}
	return m
}()
