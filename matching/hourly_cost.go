package matching

import (
	"math"
	"slices"

	"callmatch/catalog"
)

// HourlyCost converts a rate into what an hour of one seat costs on it,
// so that rates priced per contact, per complete or per message compare
// with hourly ones (the directory's "cost per agent-hour"). It uses the
// demand model's own figures, as projected cost does:
//
//	per_agent_hour  amount
//	per_contact     amount × dials per agent-hour × contact_rate
//	per_complete    amount × dials per agent-hour × contact_rate × cooperation_rate
//	per_message     amount × dials per agent-hour (a message is a dial)
//
// Dials per agent-hour are those of the mode the service is dialed in:
// p2p_sms for p2p_texting, prerecorded for ivr_broadcast (a "seat" is one
// supervised line), inbound calls per agent-hour for inbound_hotline, and
// the vendor's fastest live mode for every other service, as for
// landlines and consented cells. It is a comparison, not a quote: a
// program's projected cost depends on its list and its dates.
func HourlyCost(v *catalog.Vendor, r catalog.Rate, a *Assumptions) int64 {
	amount := float64(r.AmountCents)
	var x float64
	switch r.Model {
	case "per_contact":
		x = amount * dialsPerAgentHour(v, r.Service, a) * a.ContactRate
	case "per_complete":
		x = amount * dialsPerAgentHour(v, r.Service, a) * a.ContactRate * a.CooperationRate
	case "per_message":
		x = amount * dialsPerAgentHour(v, r.Service, a)
	default:
		x = amount
	}
	if x >= float64(MaxCostCents) {
		return MaxCostCents
	}
	return int64(math.Round(x))
}

// liveModesFastestFirst are the live-voice modes, fastest first.
var liveModesFastestFirst = []string{"predictive", "preview", "click_to_dial", "manual"}

func dialsPerAgentHour(v *catalog.Vendor, service string, a *Assumptions) float64 {
	rates := a.DialsPerAgentHour.byIndex()
	rate := func(mode string) float64 { return rates[catalog.DialingModes.Index(mode)] }
	switch service {
	case "p2p_texting":
		return rate("p2p_sms")
	case "ivr_broadcast":
		return rate("prerecorded")
	case "inbound_hotline":
		return a.InboundCallsPerAgentHour
	}
	for _, m := range liveModesFastestFirst {
		if slices.Contains(v.DialingModes, m) {
			return rate(m)
		}
	}
	return rate("manual")
}

// HourlyRates lists v's rates, each with its cost per agent-hour.
func HourlyRates(v *catalog.Vendor, a *Assumptions) []catalog.RateCost {
	out := make([]catalog.RateCost, len(v.Rates))
	for i, r := range v.Rates {
		out[i] = catalog.RateCost{Rate: r, HourlyCents: HourlyCost(v, r, a)}
	}
	return out
}
