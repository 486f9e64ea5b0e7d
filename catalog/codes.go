// Package catalog is the vendor domain: the vocabulary of DOMAIN.md §2, the
// vendor shape of §3, its validation, and the storage interfaces the adapters
// implement. It imports no web, database or SDK code.
package catalog

import (
	"slices"
	"strings"
)

// Codes is an ordered list of allowed values; its order is the order in which
// they are shown to people.
type Codes []string

// Has reports whether c is an allowed value.
func (cs Codes) Has(c string) bool { return slices.Contains(cs, c) }

// Allowed returns the values for an error message: "one of a, b, c".
func (cs Codes) Allowed() string { return "one of " + strings.Join(cs, ", ") }

// Index returns the position of c, or -1. Positions are stable and are used
// by the matching engine for bitsets.
func (cs Codes) Index(c string) int { return slices.Index(cs, c) }

var (
	Services = Codes{"gotv", "persuasion", "voter_id", "fundraising", "polling", "advocacy",
		"voter_registration", "tele_town_hall", "p2p_texting", "ivr_broadcast", "inbound_hotline"}
	DialingModes          = Codes{"manual", "click_to_dial", "preview", "predictive", "prerecorded", "p2p_sms"}
	Affiliations          = Codes{"democratic", "republican", "independent", "nonpartisan"}
	SponsorTypes          = Codes{"candidate", "party", "pac", "super_pac", "c4", "c3", "ballot_measure"}
	CertificationKinds    = Codes{"pci_dss", "soc2_type1", "soc2_type2", "iso27001", "tcpa_audit", "gdpr_dpa"}
	CertificationStatuses = Codes{"pending", "verified", "rejected"}
	PricingModels         = Codes{"per_agent_hour", "per_contact", "per_complete", "per_message"}
	VendorStatuses        = Codes{"draft", "pending_review", "active", "suspended"}
	// IssueAreas and Audiences are the messaging goals a campaign names and
	// the experience a vendor declares (DOMAIN.md §2).
	IssueAreas = Codes{"economy", "healthcare", "education", "immigration", "public_safety", "environment",
		"housing", "veterans_affairs", "reproductive_rights", "gun_policy", "taxes", "labor", "voting_access",
		"local_ballot_measure"}
	Audiences = Codes{"seniors", "young_voters", "first_time_voters", "veterans", "rural", "union_households",
		"faith_communities", "latino", "black", "aapi", "native_american", "small_donors", "major_donors",
		"low_propensity"}
	// AgentEmployment is how a vendor's agents are engaged.
	AgentEmployment = Codes{"employed", "contracted", "mixed"}
)

// Vendor statuses and certification statuses used in code.
const (
	StatusDraft         = "draft"
	StatusPendingReview = "pending_review"
	StatusActive        = "active"
	StatusSuspended     = "suspended"

	CertPending  = "pending"
	CertVerified = "verified"
	CertRejected = "rejected"
)

// States are USPS codes for the 50 states and DC.
var States = Codes{"AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL",
	"IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH",
	"NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT",
	"VA", "WA", "WV", "WI", "WY"}

// Languages are the ISO 639-1 codes.
var Languages = Codes(strings.Fields(`aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs
ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv
ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku
kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny
oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv
sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu`))

// Countries are the ISO 3166-1 alpha-2 codes.
var Countries = Codes(strings.Fields(`AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF
BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX
CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP
GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN
KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT
MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY
QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ
TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW`))

// LanguageNames gives English names for the languages campaigns ask for most,
// used in human explanations ("no Spanish seats").
var LanguageNames = map[string]string{
	"en": "English", "es": "Spanish", "zh": "Chinese", "vi": "Vietnamese", "ko": "Korean",
	"tl": "Tagalog", "ar": "Arabic", "ht": "Haitian Creole", "ru": "Russian", "pt": "Portuguese",
	"fr": "French", "hi": "Hindi", "ja": "Japanese", "pl": "Polish", "de": "German", "it": "Italian",
	"so": "Somali", "am": "Amharic", "bn": "Bengali", "ur": "Urdu", "pa": "Punjabi", "fa": "Persian",
	"hy": "Armenian", "km": "Khmer", "lo": "Lao", "th": "Thai", "uk": "Ukrainian", "el": "Greek",
}

// LanguageName returns the English name of a language code, or the code.
func LanguageName(code string) string {
	if n, ok := LanguageNames[code]; ok {
		return n
	}
	return code
}
