package matching_test

import (
	"testing"

	"callmatch/catalog"
	"callmatch/matching"
)

func TestHourlyCost(t *testing.T) {
	a := &matching.DefaultAssumptions
	predictive := &catalog.Vendor{DialingModes: []string{"manual", "predictive"}}
	manual := &catalog.Vendor{DialingModes: []string{"manual"}}
	for _, c := range []struct {
		v    *catalog.Vendor
		r    catalog.Rate
		want int64
	}{
		{manual, catalog.Rate{Service: "gotv", Model: "per_agent_hour", AmountCents: 2800}, 2800},
		// 220 dials an hour × 10% contacts × $0.90
		{predictive, catalog.Rate{Service: "gotv", Model: "per_contact", AmountCents: 90}, 1980},
		// 55 dials an hour × 10% × 40% cooperation × $31
		{manual, catalog.Rate{Service: "polling", Model: "per_complete", AmountCents: 3100}, 6820},
		// 1,000 texts an hour × $0.04
		{manual, catalog.Rate{Service: "p2p_texting", Model: "per_message", AmountCents: 4}, 4000},
		// 1,000 prerecorded calls an hour on one line × $0.02
		{manual, catalog.Rate{Service: "ivr_broadcast", Model: "per_message", AmountCents: 2}, 2000},
		// 12 calls an hour × 10% contacts × $1.50, as projected cost counts them
		{manual, catalog.Rate{Service: "inbound_hotline", Model: "per_contact", AmountCents: 150}, 180},
	} {
		if got := matching.HourlyCost(c.v, c.r, a); got != c.want {
			t.Errorf("%s %s %d¢ with %v: %d¢ an agent-hour, want %d¢", c.r.Service, c.r.Model, c.r.AmountCents, c.v.DialingModes, got, c.want)
		}
	}
}
