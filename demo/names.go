package demo

import (
	"math/rand/v2"
	"strconv"
	"strings"

	"callmatch/catalog"
)

// Word lists for company names. Combining them gives tens of thousands of
// distinct names, enough that the 300-vendor demo rarely needs a
// disambiguating suffix while the million-vendor benchmark still gets
// readable, mostly unique names.
var (
	namePrefixes = []string{
		"Lone Star", "Keystone", "Granite State", "Buckeye", "Peach State", "Sunshine", "Golden Gate",
		"Bluegrass", "Prairie", "Cascade", "Great Lakes", "Heartland", "Mountain West", "Gulf Coast",
		"Tidewater", "Piedmont", "Palmetto", "Magnolia", "Hoosier", "Badger", "Wolverine", "Evergreen",
		"Liberty", "Patriot", "Frontier", "Pioneer", "Summit", "Beacon", "Capitol", "Main Street",
		"Red Rock", "Desert Sun", "Big Sky", "Old Dominion", "First State", "Empire", "Bay State",
		"Ocean State", "Green Mountain", "Pine Tree", "Sooner", "Cornhusker", "Hawkeye", "Show Me",
		"Volunteer", "Tar Heel", "Mile High", "Silver State", "Northstar", "Gateway", "Crossroads",
		"Riverbend", "Harbor", "Lakeshore", "Ridgeline", "Bluebonnet", "Sagebrush", "Cardinal",
		"Eagle", "Union Square", "Town Hall", "Commonwealth", "Federal Hill", "Constitution",
		"Independence", "Canal Street", "Hill Country", "Blue Ridge", "Ozark", "Delta", "Rio Grande",
		"Sierra", "Coastal", "Midwest", "Northern Lights", "Three Rivers", "Twin Cities", "Bayou",
		"High Plains", "Copper State", "Sandhills", "Allegheny", "Chesapeake", "Hudson Valley",
		"Mesa", "Saguaro", "Pacific", "Atlantic", "Meridian", "Keel", "Lighthouse", "Civic",
		"Ballot Box", "Precinct", "Grassroots", "Front Porch", "Doorstep", "Ward", "Caucus",
	}
	nameSurnames = []string{
		"Whitfield", "Delgado", "Okafor", "Nguyen", "Harper", "Castillo", "Brennan", "Kowalski",
		"Abernathy", "Reyes", "Sullivan", "Park", "Hollis", "Moreno", "Lindqvist", "Baptiste",
		"Carver", "Duarte", "Fitzgerald", "Haddad", "Ingram", "Jaramillo", "Kincaid", "Lam",
		"McAllister", "Navarro", "Ortega", "Pruitt", "Quinlan", "Rinaldi", "Santos", "Tran",
		"Underwood", "Vasquez", "Wexler", "Yoon", "Zamora", "Ashby", "Bellamy", "Crowder",
	}
	nameCores = []string{
		"Contact", "Voter Outreach", "Call Center", "Phone Bank", "Dialing", "Connect", "Outreach",
		"Voter Contact", "Civic Calling", "Teleservices", "Communications", "Engagement",
		"Field Calls", "Calling Solutions", "Voice", "Reach", "Voter Services",
		"Public Affairs Calling", "Constituent Contact",
	}
	// The empty suffixes make "Lone Star Contact" as common as
	// "Lone Star Contact Group".
	nameSuffixes = []string{"", "", "", "", "Group", "Partners", "LLC", "Inc.", "Co.", "Associates",
		"Strategies", "Services", "Collective", "Network"}
)

// slugged pairs each word with its slug, so that a generated name's slug is
// its parts' slugs joined by hyphens, which equals catalog.Slugify(name)
// (a test holds the two together) without slugifying a million names.
type slugged struct{ words, slugs []string }

func slugAll(words []string) slugged {
	s := slugged{words: words, slugs: make([]string, len(words))}
	for i, w := range words {
		s.slugs[i] = catalog.Slugify(w)
	}
	return s
}

var (
	prefixWords  = slugAll(namePrefixes)
	surnameWords = slugAll(nameSurnames)
	coreWords    = slugAll(nameCores)
	suffixWords  = slugAll(nameSuffixes)
)

// nameParts is a drawn company name before it is spelled out, so that a
// name whose slug is taken costs a hash, not two strings.
type nameParts struct {
	n     int
	lists [4]*slugged
	index [4]int
	seps  [4]string // what precedes each part in the name
}

func drawName(r *rand.Rand) nameParts {
	var p nameParts
	add := func(sep string, list *slugged, k int) {
		if list.words[k] != "" {
			p.lists[p.n], p.index[p.n], p.seps[p.n] = list, k, sep
			p.n++
		}
	}
	if r.IntN(100) < 15 {
		add("", &surnameWords, r.IntN(len(nameSurnames)))
		if r.IntN(3) == 0 {
			add(" & ", &surnameWords, r.IntN(len(nameSurnames)))
		}
	} else {
		add("", &prefixWords, r.IntN(len(namePrefixes)))
	}
	add(" ", &coreWords, r.IntN(len(nameCores)))
	add(" ", &suffixWords, r.IntN(len(nameSuffixes)))
	return p
}

// slugHash is slugHashString of the slug, computed from the parts' slugs.
func (p *nameParts) slugHash() uint64 {
	h := uint64(fnvOffset)
	for k := range p.n {
		if k > 0 {
			h = fnvAdd(h, "-")
		}
		h = fnvAdd(h, p.lists[k].slugs[p.index[k]])
	}
	return h
}

func (p *nameParts) spell() (name, slug string) {
	var nb, sb strings.Builder
	nb.Grow(48)
	sb.Grow(48)
	for k := range p.n {
		nb.WriteString(p.seps[k])
		nb.WriteString(p.lists[k].words[p.index[k]])
		if k > 0 {
			sb.WriteByte('-')
		}
		sb.WriteString(p.lists[k].slugs[p.index[k]])
	}
	return nb.String(), sb.String()
}

// FNV-1a, written out because the namer hashes a slug or two per vendor and
// the result must be the same in every process (maphash is seeded randomly).
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func fnvAdd(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

func slugHashString(s string) uint64 { return fnvAdd(fnvOffset, s) }

// serviceNouns phrase services the way a vendor's own brochure would.
var serviceNouns = map[string]string{
	"gotv": "GOTV", "persuasion": "persuasion", "voter_id": "voter ID", "fundraising": "fundraising",
	"polling": "survey", "advocacy": "advocacy", "voter_registration": "voter registration",
	"tele_town_hall": "tele-town hall", "p2p_texting": "peer-to-peer texting",
	"ivr_broadcast": "IVR broadcast", "inbound_hotline": "inbound hotline",
}

// floorNouns come in pairs: how a sentence starts, and how it continues.
var floorNouns = [][2]string{{"Phone bank", "phone bank"}, {"Call center", "call center"},
	{"Contact center", "contact center"}, {"Calling shop", "calling shop"}, {"Call floor", "call floor"}}

var specialties = []string{
	"Scripts are tested with live A/B splits before a program goes wide.",
	"Every caller completes election-law and TCPA training before dialing.",
	"Supervisors monitor at least one in ten calls in real time.",
	"Daily dispositions are delivered to VAN, Data Trust or the client's CRM by 7 a.m.",
	"Callers are recruited from the communities they call.",
	"Weekend and evening shifts scale up in the final two weeks.",
	"Runs multilingual programs with native-speaker quality assurance.",
	"Specializes in low-propensity and first-time voters.",
	"Ballot-chase programs for vote-by-mail states are a core offering.",
	"Keeps a bench of experienced callers on call for rapid-response programs.",
	"",
	"",
}

// rejectionReasons are what an advisor writes when a certification document
// does not hold up.
var rejectionReasons = []string{
	"Report covers a different legal entity than the vendor.",
	"Attestation of compliance is unsigned.",
	"Audit scope excludes the call floor that would run the program.",
	"Document is a readiness assessment, not an audit report.",
	"Report period ended more than a year ago.",
	"Certificate number could not be confirmed with the issuing body.",
}

// namer gives each vendor a company name and a slug no earlier vendor has.
// It runs on its own random stream so that a collision, which depends on
// earlier vendors, never changes anything else about the vendor. Taken
// slugs are remembered by a 64-bit hash: a false match could only make the
// namer skip a free slug, never reuse a taken one.
type namer struct {
	pcg  *rand.PCG
	r    *rand.Rand
	seen map[uint64]struct{}
	next map[string]int // next numeric suffix to try for a slug
}

func newNamer(n int) *namer {
	pcg := rand.NewPCG(0, 0)
	return &namer{pcg: pcg, r: rand.New(pcg), seen: make(map[uint64]struct{}, n), next: map[string]int{}}
}

// assign tries two fresh names, then the name "of" the home city, then
// numbered slugs. The demo's 300 vendors practically never get past the
// first draw; a million-vendor catalog needs the rest.
func (nm *namer) assign(v *catalog.Vendor, i int, t traits) {
	nm.pcg.Seed(nameSeed, mix(uint64(i)))
	var (
		parts nameParts
		name  string
		slug  string
		h     uint64
	)
	for range 2 {
		parts = drawName(nm.r)
		if h = parts.slugHash(); !nm.taken(h) {
			break
		}
	}
	if name, slug = parts.spell(); nm.taken(h) {
		name += " of " + t.homeCity
		slug = catalog.Slugify(name)
		if h = slugHashString(slug); nm.taken(h) {
			base := slug
			k := max(nm.next[base], 2)
			for {
				slug = base + "-" + strconv.Itoa(k)
				if h = slugHashString(slug); !nm.taken(h) {
					break
				}
				k++
			}
			nm.next[base] = k + 1
		}
	}
	nm.seen[h] = struct{}{}
	v.Name, v.Slug = name, slug
	if t.hasWebsite {
		v.Website = "https://www." + slug + ".example"
	}
}

func (nm *namer) taken(h uint64) bool {
	_, ok := nm.seen[h]
	return ok
}
