package meili

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
	stateNames = map[string]string{
		"AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
		"CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
		"FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
		"IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
		"ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
		"MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
		"NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
		"NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
		"PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
		"TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
		"WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
	}
)
