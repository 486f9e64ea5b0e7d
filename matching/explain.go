package matching

import (
	"math"
	"math/bits"
	"strconv"
	"strings"

	"callmatch"
	"callmatch/catalog"
)

// explainer turns knockout bits into sentences. It runs only for vendors in
// the result, after the hot loop, and reuses one buffer for every detail.
type explainer struct {
	pl  *plan
	c   *Catalog
	buf []byte
}

// reasons fills dst (len = popcount(ko)) with one reason per knockout, in
// ReasonCodes order.
func (e *explainer) reasons(i int, ko uint16, dst []Reason) {
	v, p := e.c.vendors[i], &e.c.profiles[i]
	n := 0
	for rest := ko; rest != 0; rest &= rest - 1 {
		k := bits.TrailingZeros16(rest)
		e.buf = e.buf[:0]
		e.detail(k, v, p)
		dst[n] = Reason{Code: ReasonCodes[k], Detail: string(e.buf)}
		n++
	}
}

func (e *explainer) str(s string) { e.buf = append(e.buf, s...) }

// sep starts a new item of a multi-item detail.
func (e *explainer) sep() {
	if len(e.buf) > 0 {
		e.buf = append(e.buf, "; "...)
	}
}

// seats writes a seat figure rounded up to one decimal: a campaign needs
// whole people, and rounding down would understate the gap.
func (e *explainer) seats(x float64) {
	e.buf = strconv.AppendFloat(e.buf, math.Ceil(x*10-1e-9)/10, 'f', 1, 64)
}

func (e *explainer) int(n int) { e.buf = strconv.AppendInt(e.buf, int64(n), 10) }

func (e *explainer) date(d callmatch.Date) { e.buf = append(e.buf, d.String()...) }

func (e *explainer) detail(k int, v *catalog.Vendor, p *profile) {
	pl := e.pl
	switch k {
	case koNotActive:
		e.str("status is ")
		e.str(v.Status)
	case koAffiliation:
		if len(v.Serves) == 0 {
			e.str("lists no affiliations it serves")
		} else {
			e.str("serves ")
			e.str(strings.Join(v.Serves, ", "))
		}
		e.str("; campaign is ")
		e.str(catalog.Affiliations[bits.TrailingZeros8(pl.affBit)])
	case koService:
		e.str("does not offer ")
		e.list(pl.services, func(s int) bool { return p.services&(1<<s) == 0 }, catalog.Services)
	case koLanguage, koCapacity:
		e.seatsDetail(k, p)
	case koCertMissing, koCertExpired:
		e.certDetail(k, v, p)
	case koUnion:
		e.str("not a union shop")
	case koOffshore:
		e.str("sites outside the US: ")
		n := 0
		for _, s := range v.Sites {
			if s.Country != "US" {
				if n > 0 {
					e.str(", ")
				}
				e.str(s.City)
				e.str(" (")
				e.str(s.Country)
				e.str(")")
				n++
			}
		}
	case koRampUp:
		e.str("ready to call ")
		e.date(pl.asOf.AddDays(int(p.rampUp)))
		e.str(" (ramp-up of ")
		e.int(int(p.rampUp))
		e.str(" days from ")
		e.date(pl.asOf)
		e.str("); the campaign ends ")
		e.date(pl.end)
	case koDialingMode:
		e.modeDetail(p)
	case koAgainstIncumbent:
		e.str("does not work for challengers to incumbents in primaries")
	case koNoRate:
		e.str("no rate for ")
		e.list(pl.services, func(s int) bool { return p.services&(1<<s) != 0 && p.rated&(1<<s) == 0 }, catalog.Services)
	}
}

// list writes the codes of the services that match, comma separated.
func (e *explainer) list(idx []int, match func(int) bool, codes catalog.Codes) {
	n := 0
	for _, s := range idx {
		if match(s) {
			if n > 0 {
				e.str(", ")
			}
			e.str(codes[s])
			n++
		}
	}
}

func (e *explainer) seatsDetail(k int, p *profile) {
	pl, c := e.pl, e.c
	l := pl.load(p)
	for _, lg := range pl.langs {
		seats := c.seatsIn(p, lg.code)
		name := catalog.LanguageName(lg.str)
		switch {
		case k == koLanguage && seats <= 0:
			e.sep()
			e.str("no ")
			e.str(name)
			e.str(" seats")
			if l.sized() {
				e.str("; needs ")
				e.seats(l.seats * lg.share)
			}
		case k == koCapacity && seats > 0 && l.sized() && float64(seats) < l.seats*lg.share:
			e.sep()
			e.str("only ")
			e.int(int(seats))
			e.str(" ")
			e.str(name)
			e.str(plural(int(seats), " seat", " seats"))
			e.str("; needs ")
			e.seats(l.seats * lg.share)
		}
	}
	if k != koCapacity {
		return
	}
	if l.days > 0 && l.hpd <= 0 {
		e.sep()
		e.str("no calling hours per day")
	}
	if l.sized() {
		wk, week := c.tightestWeek(p, l.callStart, pl.end-1)
		if float64(wk) < l.seats {
			e.sep()
			e.str("week of ")
			e.date(week)
			e.str(": ")
			e.int(int(wk))
			e.str(plural(int(wk), " seat", " seats"))
			e.str(" bookable; needs ")
			e.seats(l.seats)
		}
	}
}

func (e *explainer) certDetail(k int, v *catalog.Vendor, p *profile) {
	pl := e.pl
	for _, kind := range pl.certs {
		state := e.c.certState(p, kind, pl.start, pl.end)
		name := catalog.CertificationKinds[kind]
		switch {
		case k == koCertMissing && state == certMissing:
			e.sep()
			e.missingCert(v, name)
		case k == koCertExpired && state == certExpired:
			e.sep()
			var exp callmatch.Date
			for _, ct := range v.Certifications {
				if ct.Kind == name && ct.Status == catalog.CertVerified && ct.ExpiresOn > exp {
					exp = ct.ExpiresOn
				}
			}
			e.str(name)
			if exp < pl.asOf {
				e.str(" expired ")
				e.date(exp)
			} else {
				e.str(" expires ")
				e.date(exp)
				e.str(", before the campaign ends ")
				e.date(pl.end)
			}
		}
	}
}

// missingCert says why a kind does not count: absent, not yet verified,
// rejected, or verified but issued after the campaign starts.
func (e *explainer) missingCert(v *catalog.Vendor, name string) {
	status := ""
	var issued callmatch.Date
	for _, ct := range v.Certifications {
		if ct.Kind != name {
			continue
		}
		if ct.Status == catalog.CertVerified {
			status, issued = ct.Status, ct.IssuedOn
		} else if status == "" || status == catalog.CertRejected {
			status = ct.Status
		}
	}
	e.str(name)
	switch status {
	case catalog.CertVerified:
		e.str(" is valid only from ")
		e.date(issued)
		e.str(", after the campaign starts ")
		e.date(e.pl.start)
	case catalog.CertPending:
		e.str(" is pending verification")
	case catalog.CertRejected:
		e.str(" was rejected")
	default:
		e.str(" is not held")
	}
}

func (e *explainer) modeDetail(p *profile) {
	pl := e.pl
	rates := pl.a.DialsPerAgentHour.byIndex()
	for _, s := range pl.services {
		if p.services&(1<<s) == 0 || pl.modeFail[p.modes]&(1<<s) == 0 {
			continue
		}
		e.sep()
		e.str(catalog.Services[s])
		open, noConsent := pl.allowed(s)
		switch {
		case open == 0:
			e.str(": prerecorded political calls are banned in ")
			e.str(strings.Join(pl.bannedStates, ", "))
		case bestMode(p.modes&open, &rates) < 0:
			e.str(": needs ")
			e.modeNames(open)
			e.str(" dialing")
		case noConsent == 0:
			e.str(": prerecorded calls may not reach the ")
			e.int(int(math.Round(pl.restricted * 100)))
			e.str("% of records that are cells without consent (TCPA)")
		default:
			e.str(": the ")
			e.int(int(math.Round(pl.restricted * 100)))
			e.str("% of records that are cells without consent need ")
			e.modeNames(noConsent)
			e.str(" dialing (TCPA)")
		}
	}
}

func (e *explainer) modeNames(m uint8) {
	n := 0
	for i := range numModes {
		if m&(1<<i) != 0 {
			if n > 0 {
				e.str(" or ")
			}
			e.str(catalog.DialingModes[i])
			n++
		}
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
