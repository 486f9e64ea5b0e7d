package matching

import (
	"math"
	"testing"

	"callmatch"
	"callmatch/catalog"
)

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

func TestDemandResultLevel(t *testing.T) {
	res, err := Match(NewCatalog(nil, ""), garcia(), Options{AsOf: asOf2026})
	if err != nil {
		t.Fatal(err)
	}
	d := res.Demand
	// 2026-10-12 → 2026-11-03 is 22 days; as of 2026-10-01 nothing shortens it.
	if d.CallingDays != 22 || d.Dials != 500000 {
		t.Errorf("calling days %d, dials %v; want 22, 500000", d.CallingDays, d.Dials)
	}
	// 60% cells without consent at click_to_dial (80/h), 40% predictive (220/h).
	wantHours := 300000.0/80 + 200000.0/220
	if !near(d.AgentHours, wantHours) {
		t.Errorf("agent hours %v, want %v", d.AgentHours, wantHours)
	}
	es := d.ByLanguage[1]
	if es.Code != "es" || !near(es.SeatsNeeded, wantHours*0.3/(22*10)) {
		t.Errorf("es demand %+v", es)
	}
	if d.Assumptions["contact_rate"] != 0.1 || d.Assumptions["dials_per_agent_hour"] == nil {
		t.Errorf("assumptions not echoed: %v", d.Assumptions)
	}
}

func TestCallingDays(t *testing.T) {
	cases := []struct {
		asOf string
		ramp int
		want int // per vendor
	}{
		{"2026-10-01", 5, 22},  // ready before the start
		{"2026-10-01", 11, 22}, // ready on the start day
		{"2026-10-01", 18, 15}, // ready 2026-10-19
		{"2026-10-20", 0, 14},  // as-of inside the window
		{"2026-10-20", 14, 0},  // ready on the last day: nothing left
	}
	for _, tc := range cases {
		v := baseVendor()
		v.Capacity.RampUpDays = tc.ramp
		pl := newPlan(garcia(), Options{AsOf: day(tc.asOf)}, new(callmatch.FieldErrors))
		cat := NewCatalog([]*catalog.Vendor{v}, "")
		if got := pl.load(&cat.profiles[0]).days; got != tc.want {
			t.Errorf("as of %s, ramp %d: %d calling days, want %d", tc.asOf, tc.ramp, got, tc.want)
		}
	}
	pl := newPlan(garcia(), Options{AsOf: day("2026-10-20")}, new(callmatch.FieldErrors))
	if pl.windowDays != 14 {
		t.Errorf("result-level calling days %d, want 14 (no ramp-up)", pl.windowDays)
	}
}

func TestVendorHoursUseBestAllowedMode(t *testing.T) {
	cases := []struct {
		modes []string
		want  float64
	}{
		{[]string{"manual", "click_to_dial", "preview", "predictive"}, 300000.0/80 + 200000.0/220},
		{[]string{"manual", "preview"}, 300000.0/55 + 200000.0/90},
		{[]string{"click_to_dial", "prerecorded", "p2p_sms"}, 500000.0 / 80}, // neither counts for live calls
	}
	for _, tc := range cases {
		pl := newPlan(garcia(), Options{AsOf: asOf2026}, new(callmatch.FieldErrors))
		m := uint8(codeBits(tc.modes, catalog.DialingModes))
		if !near(pl.hours[m], tc.want) {
			t.Errorf("%v: %v agent-hours, want %v", tc.modes, pl.hours[m], tc.want)
		}
	}
}

func TestPollingDialsFromCompletes(t *testing.T) {
	req := garcia()
	req.Services = []string{"polling"}
	req.CompletesTarget = 1200
	pl := newPlan(req, Options{AsOf: asOf2026}, new(callmatch.FieldErrors))
	if want := 1200 / (0.1 * 0.4); !near(pl.dials, want) {
		t.Errorf("dials %v, want %v", pl.dials, want)
	}
}

func TestServicesShareTheList(t *testing.T) {
	req := garcia()
	req.Services = []string{"gotv", "persuasion"}
	pl := newPlan(req, Options{AsOf: asOf2026}, new(callmatch.FieldErrors))
	if pl.svcDials[0] != 250000 || pl.svcDials[1] != 250000 || pl.dials != 500000 {
		t.Errorf("dials %v (total %v), want an equal split of 500000", pl.svcDials, pl.dials)
	}
}

func TestProjectedCost(t *testing.T) {
	hours := 300000.0/80 + 200000.0/220 // base vendor: click_to_dial and predictive
	cases := []struct {
		name string
		edit func(*catalog.Vendor, *Request)
		want int64
	}{
		{"per agent hour", func(*catalog.Vendor, *Request) {}, int64(math.Round(3000 * hours))},
		{"minimum applies", func(v *catalog.Vendor, _ *Request) { v.Rates[0].MinimumCents = 50_000_000 }, 50_000_000},
		{"per contact", func(v *catalog.Vendor, _ *Request) { v.Rates[0].Model = "per_contact" }, 3000 * 500000 / 10},
		{"per complete", func(v *catalog.Vendor, _ *Request) { v.Rates[0].Model = "per_complete" }, 3000 * 500000 * 4 / 100},
		{"per message", func(v *catalog.Vendor, r *Request) { r.Services = []string{"p2p_texting"} }, 4 * 500000},
		{"two services", func(v *catalog.Vendor, r *Request) { r.Services = []string{"gotv", "persuasion"} },
			int64(math.Round(3000*hours/2)) + int64(math.Round(3200*hours/2))},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v, req := baseVendor(), garcia()
			tc.edit(v, &req)
			res, err := Match(NewCatalog([]*catalog.Vendor{v}, ""), req, Options{AsOf: asOf2026})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Shortlist) != 1 {
				t.Fatalf("not shortlisted: %+v", res.Excluded)
			}
			if got := res.Shortlist[0].ProjectedCostCents; got != tc.want {
				t.Errorf("cost %d, want %d", got, tc.want)
			}
		})
	}
}

func TestWarnings(t *testing.T) {
	v := baseVendor()
	v.Certifications[0].ExpiresOn = day("2026-12-01")
	v.Metrics.Verified = false
	v.Rates[0].MinimumCents = 20_000_000
	v.Capacity.RampUpDays = 18
	req := garcia()
	req.Services = []string{"gotv", "ivr_broadcast"}
	req.Requirements.CellShare = 0
	req.TargetStates = []string{"TX", "AR", "CA"}
	res, err := Match(NewCatalog([]*catalog.Vendor{v}, ""), req, Options{AsOf: asOf2026})
	if err != nil || len(res.Shortlist) != 1 {
		t.Fatalf("%v %+v", err, res.Excluded)
	}
	want := []string{
		"ramp-up ends 2026-10-19, 7 days after start_date; 15 of 22 calling days remain",
		"projected cost $201,250 exceeds the budget of $150,000", // with $1,250 of ivr_broadcast
		"minimum order of $200,000 for gotv applies",
		"certification soc2_type2 expires 2026-12-01, 28 days after the campaign ends",
		"metrics are self-reported; quality counted at 80%",
		"prerecorded political calls are banned in AR: call those records live or leave them out",
		"CA require a live operator before a recorded message: confirm the script",
	}
	got := res.Shortlist[0].Warnings
	if len(got) != len(want) {
		t.Fatalf("warnings %q", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("warning %d: %q, want %q", i, got[i], want[i])
		}
	}
}

func TestDollars(t *testing.T) {
	for cents, want := range map[int64]string{0: "$0", 5: "$0.05", 100: "$1", 123456789: "$1,234,567.89", 100000000: "$1,000,000"} {
		if got := dollars(cents); got != want {
			t.Errorf("dollars(%d) = %q, want %q", cents, got, want)
		}
	}
}
