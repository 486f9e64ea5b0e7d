package matching

import (
	"math"

	"callmatch"
)

// Knockout reason codes (DOMAIN.md §6). Reasons are listed in this order.
const (
	ReasonNotActive             = "not_active"
	ReasonAffiliationNotServed  = "affiliation_not_served"
	ReasonServiceNotOffered     = "service_not_offered"
	ReasonLanguageNotCovered    = "language_not_covered"
	ReasonInsufficientCapacity  = "insufficient_capacity"
	ReasonCertificationMissing  = "certification_missing"
	ReasonCertificationExpired  = "certification_expired"
	ReasonUnionRequired         = "union_required"
	ReasonOffshoreNotAllowed    = "offshore_not_allowed"
	ReasonRampUpTooLong         = "ramp_up_too_long"
	ReasonDialingModeNotAllowed = "dialing_mode_not_allowed"
	ReasonAgainstIncumbent      = "against_incumbent"
	ReasonNoRateForService      = "no_rate_for_service"
	ReasonWageFloorNotMet       = "wage_floor_not_met"
)

// ReasonCodes lists every knockout code in listing order.
var ReasonCodes = []string{
	ReasonNotActive, ReasonAffiliationNotServed, ReasonServiceNotOffered,
	ReasonLanguageNotCovered, ReasonInsufficientCapacity, ReasonCertificationMissing,
	ReasonCertificationExpired, ReasonUnionRequired, ReasonOffshoreNotAllowed,
	ReasonRampUpTooLong, ReasonDialingModeNotAllowed, ReasonAgainstIncumbent,
	ReasonNoRateForService, ReasonWageFloorNotMet,
}

// Knockout bits, parallel to ReasonCodes. A vendor's knockouts are one
// uint16 in the hot loop; words are made only for the result.
const (
	koNotActive = iota
	koAffiliation
	koService
	koLanguage
	koCapacity
	koCertMissing
	koCertExpired
	koUnion
	koOffshore
	koRampUp
	koDialingMode
	koAgainstIncumbent
	koNoRate
	koWageFloor
	numKnockouts
)

// load is one vendor's share of the program's work.
type load struct {
	callStart callmatch.Date // first calling day after ramp-up
	days      int            // calling days; ≤ 0 means none
	hpd       float64        // calling hours per day, capped
	hours     float64        // agent-hours; +Inf when a slice has no allowed mode
	seats     float64        // seats needed on every calling day, all languages
}

func (pl *plan) load(p *profile) load {
	cs := max(pl.start, pl.asOf.AddDays(int(p.rampUp)))
	l := load{
		callStart: cs,
		days:      int(pl.end - cs),
		hpd:       min(p.hoursPerDay, pl.a.MaxCallingHoursPerDay),
		hours:     pl.hours[p.modes],
		seats:     math.Inf(1),
	}
	if l.days > 0 && l.hpd > 0 {
		l.seats = l.hours / (float64(l.days) * l.hpd)
	}
	return l
}

// sized reports whether the vendor's seats can be checked: it has calling
// days and a lawful mode for every slice.
func (l load) sized() bool { return l.days > 0 && !math.IsInf(l.hours, 1) }

// evaluate returns vendor i's knockouts and, when it has none, the share
// of its tightest constraint the program would take. It must not allocate:
// it runs once per vendor per match.
func (pl *plan) evaluate(c *Catalog, i int, p *profile) (ko uint16, util float64) {
	if p.flags&flagActive == 0 {
		ko |= 1 << koNotActive
	}
	if p.serves&pl.affBit == 0 {
		ko |= 1 << koAffiliation
	}
	if pl.svcMask&^p.services != 0 {
		ko |= 1 << koService
	}
	// Modes and rates are judged only for services the vendor offers: a
	// service it does not offer is already the reason.
	offered := pl.svcMask & p.services
	if pl.modeFail[p.modes]&offered != 0 {
		ko |= 1 << koDialingMode
	}
	if offered&^p.rated != 0 {
		ko |= 1 << koNoRate
	}
	if pl.union && p.flags&flagUnion == 0 {
		ko |= 1 << koUnion
	}
	if pl.domestic && p.flags&flagOffshore != 0 {
		ko |= 1 << koOffshore
	}
	if pl.challenger && p.flags&flagAgainstIncumbents == 0 {
		ko |= 1 << koAgainstIncumbent
	}
	if pl.minWage > 0 && (p.flags&flagWageDeclared == 0 || int64(p.wageFloor) < pl.minWage) {
		ko |= 1 << koWageFloor
	}
	for _, k := range pl.certs {
		switch c.certState(p, k, pl.start, pl.end) {
		case certMissing:
			ko |= 1 << koCertMissing
		case certExpired:
			ko |= 1 << koCertExpired
		}
	}
	l := pl.load(p)
	if l.days <= 0 {
		ko |= 1 << koRampUp
	}
	sized := l.sized()
	booked := sized && c.hasBookings(i)
	for _, lg := range pl.langs {
		seats := c.seatsIn(p, lg.code)
		if seats <= 0 {
			ko |= 1 << koLanguage
		} else if sized && !booked {
			need := l.seats * lg.share
			if float64(seats) < need {
				ko |= 1 << koCapacity
			}
			util = max(util, need/float64(seats))
		}
	}
	switch {
	case !sized:
		if l.days > 0 && l.hpd <= 0 {
			ko |= 1 << koCapacity
		}
	case booked:
		// Free seats differ week by week: the slow path, for booked
		// vendors only, so that the others cost what they always did. A
		// vendor excluded anyway needs it only when it may be short too;
		// a survivor needs it for its exact share of the free seats.
		if ko == 0 || pl.mayBeShort(c, i, p, l) {
			short, u := pl.bookedCapacity(c, i, p, l)
			if short {
				ko |= 1 << koCapacity
			}
			util = u
		}
	default:
		wk := c.minWeekSeats(p, l.callStart, pl.end-1)
		if float64(wk) < l.seats {
			ko |= 1 << koCapacity
		} else {
			util = max(util, l.seats/float64(wk))
		}
	}
	return ko, util
}

// Certification states for a required kind over the campaign window.
const (
	certValid = iota
	certMissing
	certExpired
)

// certState judges a required kind: valid when one verified certification
// covers [start, end]; expired when a verified one lapses before end;
// missing otherwise (none, none verified, or issued after start).
func (c *Catalog) certState(p *profile, kind int, start, end callmatch.Date) int {
	if p.certKinds&(1<<kind) == 0 {
		return certMissing
	}
	state := certMissing
	for _, t := range c.certs[p.certOff : p.certOff+uint32(p.certLen)] {
		if int(t.kind) != kind || !t.verified {
			continue
		}
		if (t.issued.IsZero() || t.issued <= start) && t.expires >= end {
			return certValid
		}
		if t.expires < end {
			state = certExpired
		}
	}
	return state
}

// Classes of words about one required certification.
const (
	factValid = iota
	factAbsent
	factPending
	factRejected
	factLate    // verified, issued after start: date is issued_on
	factExpired // verified, lapses before end: date is the latest expires_on
)

// certFact is what decides the explanation for one required kind. An
// expired kind may also hold a verified certificate that lasts but starts
// too late: late is its issued_on.
type certFact struct {
	class uint8
	date  callmatch.Date
	late  callmatch.Date
}

func (c *Catalog) certFact(p *profile, kind int, start, end callmatch.Date) certFact {
	switch c.certState(p, kind, start, end) {
	case certValid:
		return certFact{class: factValid}
	case certExpired:
		// The certificate that fails is the last to lapse before end, not
		// the last to expire: that one may well outlast the campaign and
		// fail because it starts after it.
		f := certFact{class: factExpired}
		for _, t := range c.certs[p.certOff : p.certOff+uint32(p.certLen)] {
			switch {
			case int(t.kind) != kind || !t.verified:
			case t.expires < end:
				f.date = max(f.date, t.expires)
			case f.late == 0 || t.issued < f.late:
				f.late = t.issued
			}
		}
		return f
	}
	f := certFact{class: factAbsent}
	for _, t := range c.certs[p.certOff : p.certOff+uint32(p.certLen)] {
		switch {
		case int(t.kind) != kind:
		case t.verified:
			return certFact{class: factLate, date: t.issued}
		case t.rejected:
			if f.class == factAbsent {
				f.class = factRejected
			}
		default:
			f.class = factPending
		}
	}
	return f
}
