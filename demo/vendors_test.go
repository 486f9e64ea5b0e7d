package demo

import (
	"crypto/sha256"
	"encoding/json"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // time zones must resolve even on a machine without zoneinfo

	"github.com/google/uuid"

	"callmatch"
	"callmatch/catalog"
)

func TestDateConstants(t *testing.T) {
	for _, c := range []struct {
		got  callmatch.Date
		want string
	}{
		{AsOf, "2026-12-01"},
		{PlayedBy, "2027-06-30"},
		{ElectionDay2027, "2027-11-02"},
		{ElectionDay2028, "2028-11-07"},
		{Season2027FirstWeek, "2027-08-30"},
		{Season2027LastWeek, "2027-11-01"},
		{Season2028FirstWeek, "2028-08-28"},
		{Season2028LastWeek, "2028-11-06"},
	} {
		if c.got.String() != c.want {
			t.Errorf("constant %d is %s, want %s", c.got, c.got, c.want)
		}
	}
	for _, d := range []callmatch.Date{ElectionDay2027, ElectionDay2028} {
		if d.Weekday() != time.Tuesday {
			t.Errorf("election day %s is a %s", d, d.Weekday())
		}
	}
}

func jsonHash(t *testing.T, vs []*catalog.Vendor) [32]byte {
	t.Helper()
	b, err := json.Marshal(vs)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func TestVendorsDeterministic(t *testing.T) {
	a, b := Vendors(DefaultVendorCount), Vendors(DefaultVendorCount)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two calls gave different vendors")
	}
	if jsonHash(t, a) != jsonHash(t, b) {
		t.Fatal("two calls gave different JSON")
	}
	if a[0] == b[0] {
		t.Fatal("two calls share vendor values; callers may mutate them")
	}
}

func TestVendorsPrefix(t *testing.T) {
	big := Vendors(2000)
	for _, k := range []int{0, 1, 7, DefaultVendorCount, 1999} {
		small := Vendors(k)
		if !reflect.DeepEqual(small, big[:k]) && k > 0 {
			t.Errorf("Vendors(%d) is not a prefix of Vendors(2000)", k)
		}
	}
	if VendorID(5) != big[5].ID {
		t.Errorf("VendorID(5) = %s, vendor 5 has %s", VendorID(5), big[5].ID)
	}
}

// TestVendorsValidAndConsistent checks each vendor beyond Validate: the
// invariants the matching engine and the demo story rely on.
func TestVendorsValidAndConsistent(t *testing.T) {
	uuidPattern := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	vs := Vendors(5000)
	slugs, ids, names := map[string]bool{}, map[string]bool{}, 0
	for i, v := range vs {
		if err := v.Validate(); err != nil {
			t.Fatalf("vendor %d (%s) is invalid: %v", i, v.Slug, err)
		}
		if slugs[v.Slug] || ids[v.ID] {
			t.Fatalf("vendor %d: slug %s or id %s repeats", i, v.Slug, v.ID)
		}
		slugs[v.Slug], ids[v.ID] = true, true
		if !uuidPattern.MatchString(v.ID) {
			t.Errorf("vendor %d: id %q is not a UUID v5", i, v.ID)
		}
		switch base := catalog.Slugify(v.Name); {
		case i < DefaultVendorCount && base != v.Slug:
			names++
		case !strings.Contains(v.Name, " of ") && base != v.Slug,
			!strings.HasPrefix(v.Slug, base):
			t.Errorf("vendor %d: slug %s does not follow name %q", i, v.Slug, v.Name)
		}
		if want := uuid.NewSHA1(uuid.MustParse(vendorNamespaceText), []byte(strconv.Itoa(i))).String(); v.ID != want {
			t.Fatalf("vendor %d: id %s, want the UUID v5 %s", i, v.ID, want)
		}
		total := v.TotalSeats()
		if len(v.Languages) == 0 || v.Languages[0].Code != "en" {
			t.Errorf("vendor %d: languages %v do not start with en", i, v.Languages)
		}
		for _, l := range v.Languages {
			if l.Seats < 1 || l.Seats > total {
				t.Errorf("vendor %d: %d %s seats of %d", i, l.Seats, l.Code, total)
			}
		}
		for _, s := range v.Sites {
			if _, err := time.LoadLocation(s.Timezone); err != nil {
				t.Errorf("vendor %d: site %s: %v", i, s.City, err)
			}
		}
		if v.UnionShop && v.Offshore() {
			t.Errorf("vendor %d: a union shop with an offshore floor", i)
		}
		if slices.Contains(v.Services, "fundraising") && v.Offshore() {
			t.Errorf("vendor %d: offshore fundraising", i)
		}
		if has(v.Services, "p2p_texting") != has(v.DialingModes, "p2p_sms") ||
			has(v.Services, "ivr_broadcast") != has(v.DialingModes, "prerecorded") {
			t.Errorf("vendor %d: services %v do not fit modes %v", i, v.Services, v.DialingModes)
		}
		if len(v.Rates) == 0 {
			t.Errorf("vendor %d has no rates", i)
		}
		c := v.Capacity
		if c.HoursPerDay < 6 || c.HoursPerDay > 12 || c.RampUpDays < 2 || c.RampUpDays > 30 {
			t.Errorf("vendor %d: capacity %v", i, c)
		}
		if len(c.Calendar) != 21 || c.Calendar[0].WeekStart != Season2027FirstWeek || c.Calendar[20].WeekStart != Season2028LastWeek {
			t.Errorf("vendor %d: calendar does not span both seasons", i)
		}
		for _, w := range c.Calendar {
			if w.SeatsAvailable > total {
				t.Errorf("vendor %d: %d seats available of %d", i, w.SeatsAvailable, total)
			}
		}
		m := v.Metrics
		if m.ContactRate < 0.05 || m.ContactRate > 0.25 || m.QAScore < 0.7 || m.QAScore > 0.98 {
			t.Errorf("vendor %d: metrics %v", i, m)
		}
	}
	if names > 0 {
		t.Errorf("%d of the first %d vendors have a slug that is not their slugified name", names, DefaultVendorCount)
	}
}

// vendorNamespaceText is vendorNamespace as computed by github.com/google/uuid.
var vendorNamespaceText = uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://demo.callmatch.test/vendors")).String()

func TestVendorNamespace(t *testing.T) {
	if got := uuid.UUID(vendorNamespace).String(); got != vendorNamespaceText {
		t.Errorf("namespace %s, want %s", got, vendorNamespaceText)
	}
}

func has(list []string, s string) bool { return slices.Contains(list, s) }

// TestVendorsVariety checks that the demo catalog shows every case the
// product has to handle.
func TestVendorsVariety(t *testing.T) {
	vs := Vendors(DefaultVendorCount)
	seen := map[string]int{}
	note := func(k string) { seen[k]++ }
	for _, v := range vs {
		note("status:" + v.Status)
		note("union:" + boolWord(v.UnionShop))
		note("against_incumbents:" + boolWord(v.WorksAgainstIncumbents))
		note("verified_metrics:" + boolWord(v.Metrics.Verified))
		for _, a := range v.Serves {
			note("serves:" + a)
		}
		if has(v.Serves, "democratic") && has(v.Serves, "republican") {
			note("serves:both sides")
		}
		for _, s := range v.Sites {
			note("country:" + s.Country)
			if s.Country == "US" {
				note("state:" + s.Region)
			}
		}
		for _, l := range v.Languages {
			note("language:" + l.Code)
		}
		for _, s := range v.Services {
			note("service:" + s)
		}
		for _, m := range v.DialingModes {
			note("mode:" + m)
		}
		for _, a := range v.IssueExperience {
			note("issue:" + a)
		}
		for _, a := range v.AudienceExperience {
			note("audience:" + a)
		}
		if l := v.Labor; l == nil {
			note("labor:none")
		} else {
			note("employment:" + l.Employment)
			note("benefits:" + boolWord(l.Benefits))
			if v.UnionShop && (l.Employment != "employed" || !l.Benefits || l.AgentWageFloorCents < 1650) {
				t.Errorf("%s: a union shop declares %+v", v.Slug, *l)
			}
			if l.AgentWageFloorCents < 250 || l.AgentWageFloorCents > 2650 {
				t.Errorf("%s: agent wage floor %d cents", v.Slug, l.AgentWageFloorCents)
			}
		}
		for _, r := range v.Rates {
			note("model:" + r.Model)
			checkRate(t, v.Slug, r)
		}
		for _, c := range v.Certifications {
			if c.IssuedOn > AsOf {
				t.Errorf("%s: %s issued on %s, after the demo's as-of day", v.Slug, c.Kind, c.IssuedOn)
			}
			note("cert:" + c.Kind + ":" + c.Status)
			switch {
			case c.Status != catalog.CertVerified:
			case c.ExpiresOn < AsOf:
				note("cert:" + c.Kind + ":expired")
			case c.ExpiresOn < AsOf.AddDays(60):
				note("cert:" + c.Kind + ":expiring")
			}
		}
	}
	want := []string{"status:draft", "status:pending_review", "status:suspended",
		"union:yes", "union:no", "against_incumbents:yes", "against_incumbents:no",
		"verified_metrics:yes", "verified_metrics:no", "serves:both sides", "labor:none", "benefits:yes", "benefits:no"}
	for _, a := range catalog.Affiliations {
		want = append(want, "serves:"+a)
	}
	for _, c := range []string{"PH", "MX", "DO", "IN", "JM"} {
		want = append(want, "country:"+c)
	}
	for _, l := range []string{"en", "es", "vi", "zh", "ko", "tl", "ht", "ar"} {
		want = append(want, "language:"+l)
	}
	for _, lists := range []struct {
		prefix string
		codes  catalog.Codes
	}{{"service:", catalog.Services}, {"mode:", catalog.DialingModes}, {"model:", catalog.PricingModels},
		{"issue:", catalog.IssueAreas}, {"audience:", catalog.Audiences}, {"employment:", catalog.AgentEmployment}} {
		for _, c := range lists.codes {
			want = append(want, lists.prefix+c)
		}
	}
	for _, k := range catalog.CertificationKinds {
		for _, s := range []string{"pending", "verified", "rejected", "expired", "expiring"} {
			want = append(want, "cert:"+k+":"+s)
		}
	}
	for _, w := range want {
		if seen[w] == 0 {
			t.Errorf("no demo vendor has %s", w)
		}
	}
	if n := seen["status:active"]; n < DefaultVendorCount*80/100 || n > DefaultVendorCount*90/100 {
		t.Errorf("%d of %d vendors are active, want about 85%%", n, DefaultVendorCount)
	}
	states := 0
	for k := range seen {
		if len(k) > 6 && k[:6] == "state:" {
			states++
		}
	}
	if states < 35 {
		t.Errorf("sites in only %d states", states)
	}
}

func boolWord(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// rateRanges are the market ranges (cents) the brief and the engine's tests
// assume.
var rateRanges = map[string][2]int64{
	"per_agent_hour": {1800, 4500},
	"per_contact":    {60, 250},
	"per_complete":   {300, 1500},
	"per_message":    {2, 8},
}

func checkRate(t *testing.T, slug string, r catalog.Rate) {
	t.Helper()
	lim := rateRanges[r.Model]
	if r.AmountCents < lim[0] || r.AmountCents > lim[1] {
		t.Errorf("%s: %s %s rate %d cents is outside %d-%d", slug, r.Service, r.Model, r.AmountCents, lim[0], lim[1])
	}
	if r.Model == "per_complete" && r.Service != "polling" {
		t.Errorf("%s: per_complete pricing for %s", slug, r.Service)
	}
}

func TestVendorsCalendarTightens(t *testing.T) {
	// Across the catalog, the last week before election day must be scarcer
	// than the first week of the season.
	first, last := 0, 0
	for _, v := range Vendors(DefaultVendorCount) {
		first += v.WeekSeats(Season2027FirstWeek)
		last += v.WeekSeats(Season2027LastWeek)
	}
	if last*2 > first {
		t.Errorf("seats left: %d in the first week, %d in the last", first, last)
	}
}

func TestVendorUserEmail(t *testing.T) {
	if got := VendorUserEmail("lone-star-contact"); got != "lone-star-contact@vendors.demo.callmatch.test" {
		t.Errorf("got %s", got)
	}
}

func BenchmarkVendors(b *testing.B) {
	for _, n := range []int{DefaultVendorCount, 10_000, 100_000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Vendors(n)
			}
		})
	}
}
