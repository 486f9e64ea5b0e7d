package matching

import (
	"fmt"
	"strings"

	"callmatch"
	"callmatch/catalog"
)

// Small formatters for explanations and warnings.

// appendDate writes d as YYYY-MM-DD without going through time.Time: it
// runs for thousands of explanations per match. The civil-from-days
// algorithm is Howard Hinnant's.
func appendDate(b []byte, d callmatch.Date) []byte {
	z := int64(d) + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	if y < 0 || y > 9999 {
		return append(b, d.String()...)
	}
	return append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10), byte('0'+m%10), '-', byte('0'+day/10), byte('0'+day%10))
}

// offshoreDetail names a vendor's sites outside the US. It depends on the
// vendor alone, so the catalog makes it once.
func offshoreDetail(v *catalog.Vendor) string {
	var b strings.Builder
	b.WriteString("sites outside the US: ")
	n := 0
	for _, s := range v.Sites {
		if s.Country != "US" {
			if n > 0 {
				b.WriteString(", ")
			}
			b.WriteString(s.City + " (" + s.Country + ")")
			n++
		}
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// dollars formats cents as $1,234 or $1,234.56.
func dollars(cents int64) string {
	neg := cents < 0
	if neg {
		cents = -cents
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	b.WriteByte('$')
	b.WriteString(groupThousands(cents / 100))
	if cents%100 != 0 {
		fmt.Fprintf(&b, ".%02d", cents%100)
	}
	return b.String()
}

// hourly formats a wage in cents as $18/h or $17.50/h.
func hourly(cents int64) string { return dollars(cents) + "/h" }

// goalWords names the messaging-goal codes (catalog.IssueAreas,
// catalog.Audiences) in explanations: "on healthcare", "with seniors".
var goalWords = map[string]string{
	"economy": "the economy", "healthcare": "healthcare", "education": "education", "immigration": "immigration",
	"public_safety": "public safety", "environment": "the environment", "housing": "housing",
	"veterans_affairs": "veterans' affairs", "reproductive_rights": "reproductive rights", "gun_policy": "gun policy",
	"taxes": "taxes", "labor": "labor", "voting_access": "voting access", "local_ballot_measure": "local ballot measures",

	"seniors": "seniors", "young_voters": "young voters", "first_time_voters": "first-time voters",
	"veterans": "veterans", "rural": "rural voters", "union_households": "union households",
	"faith_communities": "faith communities", "latino": "Latino voters", "black": "Black voters",
	"aapi": "AAPI voters", "native_american": "Native American voters", "small_donors": "small donors",
	"major_donors": "major donors", "low_propensity": "low-propensity voters",
}

// GoalWords returns a messaging-goal code in words, or the code.
func GoalWords(code string) string {
	if w, ok := goalWords[code]; ok {
		return w
	}
	return code
}

// experienceDetail explains the experience criterion of a vendor for a
// request with messaging goals: what of the target states, issue areas
// and audiences it has worked, and what it lists nothing for, like
// "has worked in TX, on healthcare and with seniors; lists no work in AZ
// or with young voters".
func (pl *plan) experienceDetail(p *profile) string {
	var did, not [3][]string
	sort := func(i int, ok bool, word string) {
		if ok {
			did[i] = append(did[i], word)
		} else {
			not[i] = append(not[i], word)
		}
	}
	for k, st := range catalog.States {
		if pl.states&(1<<k) != 0 {
			sort(0, p.states&(1<<k) != 0, st)
		}
	}
	for k, c := range catalog.IssueAreas {
		if pl.issues&(1<<k) != 0 {
			sort(1, p.issues&(1<<k) != 0, GoalWords(c))
		}
	}
	for k, c := range catalog.Audiences {
		if pl.audiences&(1<<k) != 0 {
			sort(2, p.audiences&(1<<k) != 0, GoalWords(c))
		}
	}
	var parts []string
	if s := goalPhrase(did, "and"); s != "" {
		parts = append(parts, "has worked "+s)
	}
	if s := goalPhrase(not, "or"); s != "" {
		parts = append(parts, "lists no work "+s)
	}
	return strings.Join(parts, "; ")
}

// goalPhrase joins states, issue areas and audiences as "in TX and AZ, on
// healthcare and with seniors", the last item joined by conj.
func goalPhrase(words [3][]string, conj string) string {
	var groups []string
	for i, prep := range [3]string{"in ", "on ", "with "} {
		if len(words[i]) > 0 {
			groups = append(groups, prep+joinWords(words[i], conj))
		}
	}
	return joinWords(groups, conj)
}

// joinWords writes "a", "a and b", "a, b and c".
func joinWords(ws []string, conj string) string {
	if len(ws) <= 1 {
		return strings.Join(ws, "")
	}
	return strings.Join(ws[:len(ws)-1], ", ") + " " + conj + " " + ws[len(ws)-1]
}
