package demo

import "callmatch/intake"

// ShareUpdate is what an advisor did with a campaign's shared shortlist
// after sharing it: more pins, drops and notes, shared again as an update
// (the campaign reads "updated on …, what changed") or not yet (the desk
// offers to share the changes).
type ShareUpdate struct {
	Events  []EventPlan // on the latest shared shortlist, after the plan's own
	Reshare bool
}

// ShareUpdates are the demo's updates by campaign key: the featured
// Villarreal campaign got update 2 (a vendor dropped, another pinned, a
// note), and the Seo campaign has a note its advisor has not shared yet.
// The drop is far enough down the list that the invitations to quote,
// which name the first four undropped places, stay where they are.
func ShareUpdates() map[string]ShareUpdate {
	return map[string]ShareUpdate{
		"demo-2027-villarreal": {Reshare: true, Events: []EventPlan{
			{Type: intake.EventDrop, Rank: 6, Reason: "Their Spanish floor was sold to another campaign in the district last week."},
			{Type: intake.EventPin, Rank: 5, Reason: "Strong Rio Grande Valley references; a good second vendor if you split the program."},
			{Type: intake.EventNote, Reason: "Updated after this week's calls: one vendor is no longer available."},
		}},
		"demo-2027-seo-assembly": {Events: []EventPlan{
			{Type: intake.EventNote, Reason: "Two of the Korean-speaking floors can start on Sep 28; the third only in October."},
		}},
	}
}

// CampaignMessage is a message a campaign wrote to its advisor from its
// status page. Key is the form key it was sent with, which makes seeding
// it again a no-op.
type CampaignMessage struct {
	Key, Lang, Body string
}

// CampaignMessages are the demo's messages by campaign key.
func CampaignMessages() map[string][]CampaignMessage {
	return map[string][]CampaignMessage{
		"demo-2027-villarreal": {
			{Key: "demo-message-villarreal-1", Lang: "es", Body: "¿Podemos empezar las llamadas en español el 5 de octubre en lugar del 12? La votación anticipada empieza el 18."},
		},
		"demo-2027-commonwealth-forward": {
			{Key: "demo-message-commonwealth-1", Lang: "en", Body: "Our finance director asks whether the vendor can send a weekly invoice instead of a monthly one."},
		},
	}
}
