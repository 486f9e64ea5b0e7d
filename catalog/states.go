package catalog

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// StateName is a state's name in English and in Spanish, for pages and for
// reading what people type ("Texas", "Nuevo México", "tx").
type StateName struct{ EN, ES string }

// StateNames holds the name of every code in States.
var StateNames = map[string]StateName{
	"AL": {"Alabama", "Alabama"}, "AK": {"Alaska", "Alaska"}, "AZ": {"Arizona", "Arizona"},
	"AR": {"Arkansas", "Arkansas"}, "CA": {"California", "California"}, "CO": {"Colorado", "Colorado"},
	"CT": {"Connecticut", "Connecticut"}, "DE": {"Delaware", "Delaware"},
	"DC": {"District of Columbia", "Distrito de Columbia"}, "FL": {"Florida", "Florida"},
	"GA": {"Georgia", "Georgia"}, "HI": {"Hawaii", "Hawái"}, "ID": {"Idaho", "Idaho"},
	"IL": {"Illinois", "Illinois"}, "IN": {"Indiana", "Indiana"}, "IA": {"Iowa", "Iowa"},
	"KS": {"Kansas", "Kansas"}, "KY": {"Kentucky", "Kentucky"}, "LA": {"Louisiana", "Luisiana"},
	"ME": {"Maine", "Maine"}, "MD": {"Maryland", "Maryland"}, "MA": {"Massachusetts", "Massachusetts"},
	"MI": {"Michigan", "Míchigan"}, "MN": {"Minnesota", "Minnesota"}, "MS": {"Mississippi", "Misisipi"},
	"MO": {"Missouri", "Misuri"}, "MT": {"Montana", "Montana"}, "NE": {"Nebraska", "Nebraska"},
	"NV": {"Nevada", "Nevada"}, "NH": {"New Hampshire", "Nuevo Hampshire"}, "NJ": {"New Jersey", "Nueva Jersey"},
	"NM": {"New Mexico", "Nuevo México"}, "NY": {"New York", "Nueva York"},
	"NC": {"North Carolina", "Carolina del Norte"}, "ND": {"North Dakota", "Dakota del Norte"},
	"OH": {"Ohio", "Ohio"}, "OK": {"Oklahoma", "Oklahoma"}, "OR": {"Oregon", "Oregón"},
	"PA": {"Pennsylvania", "Pensilvania"}, "RI": {"Rhode Island", "Rhode Island"},
	"SC": {"South Carolina", "Carolina del Sur"}, "SD": {"South Dakota", "Dakota del Sur"},
	"TN": {"Tennessee", "Tennessee"}, "TX": {"Texas", "Texas"}, "UT": {"Utah", "Utah"},
	"VT": {"Vermont", "Vermont"}, "VA": {"Virginia", "Virginia"}, "WA": {"Washington", "Washington"},
	"WV": {"West Virginia", "Virginia Occidental"}, "WI": {"Wisconsin", "Wisconsin"}, "WY": {"Wyoming", "Wyoming"},
}

// stateByName maps every folded code and name (both languages) to its code.
var stateByName = func() map[string]string {
	m := make(map[string]string, 3*len(StateNames))
	for code, n := range StateNames {
		m[foldName(code)] = code
		m[foldName(n.EN)] = code
		m[foldName(n.ES)] = code
	}
	return m
}()

// ParseState reads a state as people write it: a USPS code or the name in
// English or Spanish, in any case, with or without accents ("tx", "Texas",
// "Nuevo Mexico"). It reports false for anything else; it never guesses at
// typos (search does that, not validation).
func ParseState(s string) (code string, ok bool) {
	code, ok = stateByName[foldName(s)]
	return code, ok
}

// foldName lowercases, strips accents and collapses spaces and dots, so
// "Nuevo  México", "nuevo mexico" and "N.Y." compare by their letters.
func foldName(s string) string {
	var b strings.Builder
	space := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r) || r == '.':
		case unicode.IsSpace(r) || r == '-':
			space = b.Len() > 0
		default:
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}
