package demo

import (
	"math"
	"strconv"
	"strings"

	"callmatch"
	"callmatch/catalog"
)

// What happened to a certification, relative to AsOf.
const (
	certCurrent  = iota // verified, good for a while
	certExpiring        // verified, expires within 60 days of AsOf
	certExpired         // verified once, expired before AsOf
	certPending         // submitted, not yet reviewed
	certRejected        // reviewed and turned down
	certScenarios
)

// showcaseVendors get one forced certification each, walking through every
// kind × scenario, so even a small demo shows every case an advisor meets.
var showcaseVendors = len(catalog.CertificationKinds) * certScenarios

func (g *generator) certifications(i int, services []string, offshore bool) []catalog.Certification {
	r := g.r
	odds := [...]int{45, 15, 35, 15, 40, 10} // in catalog.CertificationKinds order
	for _, s := range services {
		if s == "fundraising" { // card payments over the phone need PCI DSS
			odds[0] = 90
		}
	}
	if offshore { // offshore BPOs sell on ISO 27001 and GDPR paperwork
		odds[3] += 25
		odds[5] += 20
	}
	forced := -1
	if i < showcaseVendors {
		forced = i % len(catalog.CertificationKinds)
	}
	var has [8]bool
	n := 0
	for k := range catalog.CertificationKinds {
		if has[k] = k == forced || r.IntN(100) < odds[k]; has[k] {
			n++
		}
	}
	out := g.mem.certs.take(n)
	n = 0
	for k, kind := range catalog.CertificationKinds {
		if !has[k] {
			continue
		}
		scenario := pickCertScenario(r.IntN(100))
		if k == forced {
			scenario = i / len(catalog.CertificationKinds)
		}
		out[n] = g.certification(kind, scenario)
		n++
	}
	return out
}

func pickCertScenario(x int) int {
	switch {
	case x < 58:
		return certCurrent
	case x < 70:
		return certExpiring
	case x < 80:
		return certExpired
	case x < 92:
		return certPending
	default:
		return certRejected
	}
}

// certification dates a certification relative to AsOf. Vendors file what
// their auditors issued: annual or two-year attestations, three-year ISO
// certificates. Nothing is issued after AsOf except what is still pending.
func (g *generator) certification(kind string, scenario int) catalog.Certification {
	r := g.r
	years := 1 + r.IntN(2)
	switch kind {
	case "iso27001":
		years = 3
	case "gdpr_dpa":
		years = 2 + r.IntN(2)
	}
	term := 365 * years
	c := catalog.Certification{Kind: kind, Status: catalog.CertVerified}
	switch scenario {
	case certCurrent: // at least 60 days left, since issued at most 300 days ago
		c.IssuedOn = AsOf.AddDays(-1 - r.IntN(300))
		c.ExpiresOn = c.IssuedOn.AddDays(term)
	case certExpiring:
		c.ExpiresOn = AsOf.AddDays(r.IntN(60))
		c.IssuedOn = c.ExpiresOn.AddDays(-term)
	case certExpired:
		c.ExpiresOn = AsOf.AddDays(-1 - r.IntN(400))
		c.IssuedOn = c.ExpiresOn.AddDays(-term)
	case certPending:
		c.Status = catalog.CertPending
		c.IssuedOn = AsOf.AddDays(-r.IntN(60))
		c.ExpiresOn = c.IssuedOn.AddDays(term)
	default:
		c.Status = catalog.CertRejected
		c.IssuedOn = AsOf.AddDays(-r.IntN(400))
		c.ExpiresOn = c.IssuedOn.AddDays(term)
		c.Reason = rejectionReasons[r.IntN(len(rejectionReasons))]
	}
	return c
}

var hoursPerDay = []float64{6, 7, 8, 8, 8.5, 9, 10, 10, 11, 12}

// capacity lists every week of both fall seasons. Seats left shrink as
// election day nears, more for shops the season fills up.
func (g *generator) capacity(total int, offshore bool) catalog.Capacity {
	r := g.r
	c := catalog.Capacity{HoursPerDay: hoursPerDay[r.IntN(len(hoursPerDay))], RampUpDays: 2 + r.IntN(29)}
	if offshore { // new floors abroad need longer to train on US scripts
		c.RampUpDays = max(c.RampUpDays, 7+r.IntN(24))
	}
	weeks := int(Season2027LastWeek-Season2027FirstWeek)/7 + 1 + int(Season2028LastWeek-Season2028FirstWeek)/7 + 1
	c.Calendar = g.mem.weeks.take(weeks)
	base := 0.05 + 0.30*r.Float64()  // booked regardless of season
	surge := 0.25 + 0.35*r.Float64() // booked by the election rush
	n := 0
	for _, season := range [...][3]callmatch.Date{
		{Season2027FirstWeek, Season2027LastWeek, ElectionDay2027},
		{Season2028FirstWeek, Season2028LastWeek, ElectionDay2028},
	} {
		for wk := season[0]; wk <= season[1]; wk = wk.AddDays(7) {
			weeksLeft := float64(season[2]-wk) / 7
			closeness := min(max(1-weeksLeft/10, 0), 1)
			booked := min(max(base+surge*closeness*closeness+0.1*(r.Float64()-0.5), 0), 1)
			seats := min(max(int(float64(total)*(1-booked)+0.5), 0), total)
			c.Calendar[n] = catalog.Week{WeekStart: wk, SeatsAvailable: seats}
			n++
		}
	}
	return c
}

// metrics correlate quality loosely with price: premium shops tend to score
// better, but not always.
func (g *generator) metrics(level float64) catalog.Metrics {
	r := g.r
	return catalog.Metrics{
		ContactRate: round3(0.05 + 0.20*r.Float64()),
		QAScore:     round3(0.70 + 0.28*(0.4*level+0.6*r.Float64())),
		Verified:    r.IntN(100) < 35,
	}
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// foundedYears are preformatted: formatting a year per vendor would be one
// more allocation for each of a million vendors.
var foundedYears = func() []string {
	ys := make([]string, 0, 33)
	for y := 1988; y <= 2020; y++ {
		ys = append(ys, strconv.Itoa(y))
	}
	return ys
}()

var sidePhrases = [...]string{
	sideDemocratic:  "Democratic and progressive campaigns",
	sideRepublican:  "Republican and conservative campaigns",
	sideNonpartisan: "nonpartisan and issue campaigns",
	sideBoth:        "candidates of both parties and issue campaigns",
}

// description reads like the blurb a vendor writes about itself.
func (g *generator) description(v *catalog.Vendor, home *place, side int) string {
	r := g.r
	var b strings.Builder
	b.Grow(320)
	floor := floorNouns[r.IntN(len(floorNouns))]
	if v.UnionShop {
		b.WriteString("Union ")
		b.WriteString(floor[1])
	} else {
		b.WriteString(floor[0])
	}
	b.WriteString(" in ")
	writePlace(&b, home)
	b.WriteString(" running ")
	g.strBuf = g.strBuf[:0]
	for _, s := range v.Services[:min(3, len(v.Services))] {
		g.strBuf = append(g.strBuf, serviceNouns[s])
	}
	writeList(&b, g.strBuf)
	b.WriteString(" programs for ")
	b.WriteString(sidePhrases[side])
	b.WriteString(" since ")
	b.WriteString(foundedYears[r.IntN(len(foundedYears))])
	b.WriteString(".")
	if others := g.placeBuf[1:]; len(others) > 0 {
		b.WriteString(" Also calls from ")
		for k, pl := range others {
			b.WriteString(separator(k, len(others)))
			writePlace(&b, pl)
		}
		b.WriteString(".")
	}
	g.strBuf = g.strBuf[:0]
	for _, l := range v.Languages[1:min(4, len(v.Languages))] {
		g.strBuf = append(g.strBuf, catalog.LanguageName(l.Code))
	}
	if len(g.strBuf) > 0 {
		b.WriteString(" Staffs ")
		writeList(&b, g.strBuf)
		b.WriteString(" callers.")
	}
	if s := specialties[r.IntN(len(specialties))]; s != "" {
		b.WriteByte(' ')
		b.WriteString(s)
	}
	return b.String()
}

// writePlace writes "Austin, TX" for a US floor and "Cebu City, PH" abroad.
func writePlace(b *strings.Builder, p *place) {
	b.WriteString(p.city)
	b.WriteString(", ")
	if p.country == "US" {
		b.WriteString(p.region)
	} else {
		b.WriteString(p.country)
	}
}

// writeList writes "a", "a and b" or "a, b and c".
func writeList(b *strings.Builder, items []string) {
	for k, s := range items {
		b.WriteString(separator(k, len(items)))
		b.WriteString(s)
	}
}

func separator(k, n int) string {
	switch {
	case k == 0:
		return ""
	case k == n-1:
		return " and "
	default:
		return ", "
	}
}
