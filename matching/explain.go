package matching

import (
	"math"
	"math/bits"
	"strconv"
	"strings"

	"callmatch"
	"callmatch/catalog"
)

// explainer turns knockout bits into sentences. It runs only for excluded
// vendors, after the hot loop. Most details are the same for many vendors
// ("not a union shop", "does not offer voter_id"), so each is made once per
// match: keyed by the few facts that decide it where there are such, else
// by its text. That keeps a match over a large catalog from allocating a
// string per reason.
type explainer struct {
	pl  *plan
	c   *Catalog
	buf []byte
	// Details by knockout and key: small keys index an array, the rest a
	// map per knockout; details without a key are shared by their text.
	small  [numKnockouts][16]string
	byKey  [numKnockouts]map[[2]uint64]string
	byText map[string]string
}

func newExplainer(pl *plan, c *Catalog) *explainer {
	return &explainer{pl: pl, c: c, buf: make([]byte, 0, 256), byText: map[string]string{}}
}

// reasons fills dst (len = popcount(ko)) with one reason per knockout, in
// ReasonCodes order.
func (e *explainer) reasons(i int, ko uint16, dst []Reason) {
	p := &e.c.profiles[i]
	n := 0
	for rest := ko; rest != 0; rest &= rest - 1 {
		k := bits.TrailingZeros16(rest)
		dst[n] = Reason{Code: ReasonCodes[k], Detail: e.cached(k, i, p)}
		n++
	}
}

func (e *explainer) cached(k, i int, p *profile) string {
	switch k {
	case koOffshore:
		return e.c.offshore[int32(i)]
	case koCapacity:
		// Shortfalls are seat counts of the vendor's own: nearly every
		// detail is different, so caching would only cost.
		return e.format(k, i, p)
	}
	a, b, keyed := e.key(k, i, p)
	switch {
	case keyed && a < 16 && b == 0:
		if s := e.small[k][a]; s != "" {
			return s
		}
		s := e.format(k, i, p)
		e.small[k][a] = s
		return s
	case keyed:
		if s, ok := e.byKey[k][[2]uint64{a, b}]; ok {
			return s
		}
		s := e.format(k, i, p)
		if e.byKey[k] == nil {
			e.byKey[k] = map[[2]uint64]string{}
		}
		e.byKey[k][[2]uint64{a, b}] = s
		return s
	}
	e.buf = e.buf[:0]
	e.detail(k, i, p)
	s, ok := e.byText[string(e.buf)] // no allocation for the lookup
	if !ok {
		s = string(e.buf)
		e.byText[s] = s
	}
	return s
}

func (e *explainer) format(k, i int, p *profile) string {
	e.buf = e.buf[:0]
	e.detail(k, i, p)
	return string(e.buf)
}

// key returns the facts that decide a detail, when they are few.
func (e *explainer) key(k, i int, p *profile) (uint64, uint64, bool) {
	pl := e.pl
	var key struct{ a, b uint64 }
	switch k {
	case koNotActive:
		if p.status == statusUnknown {
			return 0, 0, false
		}
		key.a = uint64(p.status)
	case koAffiliation:
		key.a = uint64(p.serves)
	case koService:
		key.a = uint64(pl.svcMask &^ p.services)
	case koLanguage:
		l := pl.load(p)
		for j, lg := range pl.langs {
			if j < 63 && e.c.seatsIn(p, lg.code) <= 0 {
				key.a |= 1 << j
			}
		}
		if l.sized() {
			key.a |= 1 << 63
			key.b = math.Float64bits(l.seats)
		}
	case koCertMissing, koCertExpired:
		dated := 0
		for j, kind := range pl.certs {
			f := e.c.certFact(p, kind, pl.start, pl.end)
			key.a |= uint64(f.class) << (3 * j)
			for _, d := range [2]callmatch.Date{f.date, f.late} {
				if d == 0 {
					continue
				}
				if dated == 3 || d < 0 || d >= 1<<21 {
					return 0, 0, false
				}
				key.b |= uint64(uint32(d)) << (21 * dated)
				dated++
			}
		}
	case koUnion, koAgainstIncumbent:
	case koRampUp:
		key.a = uint64(p.rampUp)
	case koDialingMode:
		key.a = uint64(p.modes) | uint64(pl.svcMask&p.services)<<8
	case koNoRate:
		key.a = uint64(pl.svcMask & p.services &^ p.rated)
	case koWageFloor:
		key.a = uint64(p.wageFloor) | uint64(p.flags&flagWageDeclared)<<16
	default:
		return 0, 0, false
	}
	return key.a, key.b, true
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

func (e *explainer) date(d callmatch.Date) { e.buf = appendDate(e.buf, d) }

func (e *explainer) detail(k, i int, p *profile) {
	pl := e.pl
	switch k {
	case koNotActive:
		e.str("status is ")
		e.str(e.c.status(i, p))
	case koAffiliation:
		if p.serves == 0 {
			e.str("lists no affiliations it serves")
		} else {
			e.str("serves ")
			n := 0
			for i, a := range catalog.Affiliations {
				if p.serves&(1<<i) != 0 {
					if n > 0 {
						e.str(", ")
					}
					e.str(a)
					n++
				}
			}
		}
		e.str("; campaign is ")
		e.str(catalog.Affiliations[bits.TrailingZeros8(pl.affBit)])
	case koService:
		e.str("does not offer ")
		e.list(pl.services, func(s int) bool { return p.services&(1<<s) == 0 }, catalog.Services)
	case koLanguage, koCapacity:
		e.seatsDetail(k, i, p)
	case koCertMissing, koCertExpired:
		e.certDetail(k, p)
	case koUnion:
		e.str("not a union shop")
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
	case koWageFloor:
		if p.flags&flagWageDeclared == 0 {
			e.str("declares no agent wage floor")
		} else {
			e.str("agents are paid from ")
			e.str(hourly(int64(p.wageFloor)))
		}
		e.str("; the campaign requires at least ")
		e.str(hourly(pl.minWage))
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

func (e *explainer) certDetail(k int, p *profile) {
	pl := e.pl
	for _, kind := range pl.certs {
		f := e.c.certFact(p, kind, pl.start, pl.end)
		if f.class == factValid || (k == koCertExpired) != (f.class == factExpired) {
			continue
		}
		e.sep()
		e.str(catalog.CertificationKinds[kind])
		switch f.class {
		case factExpired:
			if f.date < pl.asOf {
				e.str(" expired ")
				e.date(f.date)
			} else {
				e.str(" expires ")
				e.date(f.date)
				e.str(", before the campaign ends ")
				e.date(pl.end)
			}
			if f.late != 0 {
				e.str("; another is valid only from ")
				e.date(f.late)
				e.str(", after the campaign starts ")
				e.date(pl.start)
			}
		case factLate:
			e.str(" is valid only from ")
			e.date(f.date)
			e.str(", after the campaign starts ")
			e.date(pl.start)
		case factPending:
			e.str(" is pending verification")
		case factRejected:
			e.str(" was rejected")
		default:
			e.str(" is not held")
		}
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
