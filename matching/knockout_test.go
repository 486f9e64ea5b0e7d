package matching

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"callmatch/catalog"
)

// baseVendor can do garcia() on its own: every knockout test breaks one
// thing about it (or about the request) and expects exactly that reason.
func baseVendor() *catalog.Vendor {
	return &catalog.Vendor{
		ID: "v-base", Slug: "base-calls", Name: "Base Calls", Status: catalog.StatusActive,
		Serves:                 []string{"democratic", "nonpartisan"},
		WorksAgainstIncumbents: true,
		UnionShop:              true,
		Sites:                  []catalog.Site{{Country: "US", Region: "TX", City: "Austin", Timezone: "America/Chicago", Seats: 200}},
		Services:               []string{"gotv", "persuasion", "ivr_broadcast", "p2p_texting", "polling", "inbound_hotline"},
		DialingModes:           []string{"click_to_dial", "predictive", "prerecorded", "p2p_sms"},
		Languages:              []catalog.LanguageSeats{{Code: "en", Seats: 200}, {Code: "es", Seats: 80}},
		Capacity:               catalog.Capacity{HoursPerDay: 10, RampUpDays: 5},
		Rates: []catalog.Rate{
			{Service: "gotv", Model: "per_agent_hour", AmountCents: 3000},
			{Service: "persuasion", Model: "per_agent_hour", AmountCents: 3200},
			{Service: "ivr_broadcast", Model: "per_contact", AmountCents: 5},
			{Service: "p2p_texting", Model: "per_message", AmountCents: 4},
			{Service: "polling", Model: "per_complete", AmountCents: 3000},
			{Service: "inbound_hotline", Model: "per_agent_hour", AmountCents: 2500},
		},
		Certifications: []catalog.Certification{
			{Kind: "soc2_type2", Status: catalog.CertVerified, IssuedOn: day("2026-01-01"), ExpiresOn: day("2027-06-01")},
			{Kind: "pci_dss", Status: catalog.CertVerified, IssuedOn: day("2026-01-01"), ExpiresOn: day("2027-06-01")},
		},
		StateExperience: []string{"TX"},
		Metrics:         catalog.Metrics{ContactRate: 0.12, QAScore: 0.9, Verified: true},
	}
}

func TestBaseVendorValid(t *testing.T) {
	if err := baseVendor().Validate(); err != nil {
		t.Fatal(err)
	}
}

// matchOne matches one vendor and returns its reasons (nil if shortlisted).
func matchOne(t *testing.T, v *catalog.Vendor, req Request) []Reason {
	t.Helper()
	res, err := Match(NewCatalog([]*catalog.Vendor{v}, "t"), req, Options{AsOf: asOf2026})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Shortlist)+len(res.Excluded) != 1 {
		t.Fatalf("vendor appears %d times", len(res.Shortlist)+len(res.Excluded))
	}
	if len(res.Excluded) == 0 {
		return nil
	}
	rs := res.Excluded[0].Reasons
	for _, r := range rs {
		if res.ExclusionSummary[r.Code] != 1 {
			t.Errorf("summary %v does not count %s once", res.ExclusionSummary, r.Code)
		}
		if r.Detail == "" || strings.ContainsRune(r.Detail, '\n') {
			t.Errorf("%s: detail %q", r.Code, r.Detail)
		}
	}
	return rs
}

func codes(rs []Reason) []string {
	out := []string{}
	for _, r := range rs {
		out = append(out, r.Code)
	}
	return out
}

type knockoutCase struct {
	name   string
	vendor func(*catalog.Vendor)
	req    func(*Request)
	want   []string
	detail string // substring of the first reason's detail, when set
}

func TestKnockoutsAlone(t *testing.T) {
	cases := []knockoutCase{
		{name: "none", want: []string{}},
		{name: "not active", vendor: func(v *catalog.Vendor) { v.Status = catalog.StatusSuspended },
			want: []string{ReasonNotActive}, detail: "status is suspended"},
		{name: "affiliation", vendor: func(v *catalog.Vendor) { v.Serves = []string{"republican"} },
			want: []string{ReasonAffiliationNotServed}, detail: "serves republican; campaign is democratic"},
		{name: "service", req: func(r *Request) { r.Services = []string{"gotv", "fundraising"} },
			want: []string{ReasonServiceNotOffered}, detail: "does not offer fundraising"},
		{name: "language", vendor: func(v *catalog.Vendor) { v.Languages = v.Languages[:1] },
			want: []string{ReasonLanguageNotCovered}, detail: "no Spanish seats; needs 6.4"},
		{name: "language seats", vendor: func(v *catalog.Vendor) { v.Languages[1].Seats = 3 },
			want: []string{ReasonInsufficientCapacity}, detail: "only 3 Spanish seats; needs 6.4"},
		{name: "busy week", vendor: func(v *catalog.Vendor) {
			v.Capacity.Calendar = []catalog.Week{{WeekStart: day("2026-10-19"), SeatsAvailable: 10}}
		}, want: []string{ReasonInsufficientCapacity}, detail: "week of 2026-10-19: 10 seats bookable; needs 21.2"},
		{name: "week before the window does not count", vendor: func(v *catalog.Vendor) {
			v.Capacity.Calendar = []catalog.Week{{WeekStart: day("2026-10-05"), SeatsAvailable: 0}}
		}, want: []string{}},
		{name: "certification absent", vendor: func(v *catalog.Vendor) { v.Certifications = v.Certifications[1:] },
			want: []string{ReasonCertificationMissing}, detail: "soc2_type2 is not held"},
		{name: "certification pending", vendor: func(v *catalog.Vendor) { v.Certifications[0].Status = catalog.CertPending },
			want: []string{ReasonCertificationMissing}, detail: "soc2_type2 is pending verification"},
		{name: "certification issued late", vendor: func(v *catalog.Vendor) { v.Certifications[0].IssuedOn = day("2026-10-20") },
			want: []string{ReasonCertificationMissing}, detail: "soc2_type2 is valid only from 2026-10-20"},
		{name: "certification lapses in window", vendor: func(v *catalog.Vendor) { v.Certifications[0].ExpiresOn = day("2026-10-20") },
			want: []string{ReasonCertificationExpired}, detail: "soc2_type2 expires 2026-10-20, before the campaign ends 2026-11-03"},
		{name: "certification lapsed", vendor: func(v *catalog.Vendor) { v.Certifications[0].ExpiresOn = day("2026-03-01") },
			want: []string{ReasonCertificationExpired}, detail: "soc2_type2 expired 2026-03-01"},
		{name: "card payments need pci", vendor: func(v *catalog.Vendor) { v.Certifications = v.Certifications[:1] },
			req: func(r *Request) { r.Requirements.TakesCardPayments = true }, want: []string{ReasonCertificationMissing},
			detail: "pci_dss"},
		{name: "union", vendor: func(v *catalog.Vendor) { v.UnionShop = false },
			req: func(r *Request) { r.Requirements.UnionRequired = true }, want: []string{ReasonUnionRequired}},
		{name: "offshore", vendor: func(v *catalog.Vendor) {
			v.Sites = append(v.Sites, catalog.Site{Country: "PH", City: "Manila", Timezone: "Asia/Manila", Seats: 50})
		}, want: []string{ReasonOffshoreNotAllowed}, detail: "Manila (PH)"},
		{name: "fundraising is domestic only", vendor: func(v *catalog.Vendor) {
			v.Services = append(v.Services, "fundraising")
			v.Rates = append(v.Rates, catalog.Rate{Service: "fundraising", Model: "per_agent_hour", AmountCents: 3000})
			v.Sites = append(v.Sites, catalog.Site{Country: "MX", City: "Monterrey", Timezone: "America/Monterrey", Seats: 50})
		}, req: func(r *Request) { r.Services = []string{"fundraising"}; r.Requirements.DomesticOnly = false },
			want: []string{ReasonOffshoreNotAllowed}},
		{name: "ramp-up", vendor: func(v *catalog.Vendor) { v.Capacity.RampUpDays = 33 },
			want: []string{ReasonRampUpTooLong}, detail: "ready to call 2026-11-03"},
		{name: "no mode for cells without consent", vendor: func(v *catalog.Vendor) { v.DialingModes = []string{"predictive"} },
			want: []string{ReasonDialingModeNotAllowed}, detail: "60% of records that are cells without consent need manual or click_to_dial"},
		{name: "consented cells may be autodialed", vendor: func(v *catalog.Vendor) { v.DialingModes = []string{"predictive"} },
			req: func(r *Request) { r.Requirements.CellConsent = true }, want: []string{}},
		// ivr_broadcast to cells without consent is an invalid request
		// (TestProgramBounds), not a knockout of every vendor.
		{name: "prerecorded to landlines", req: func(r *Request) { r.Services = []string{"ivr_broadcast"}; r.Requirements.CellShare = 0 },
			want: []string{}},
		{name: "prerecorded banned in every target state", req: func(r *Request) {
			r.Services = []string{"ivr_broadcast"}
			r.Requirements.CellShare = 0
			r.TargetStates = []string{"AR", "WY"}
		}, want: []string{ReasonDialingModeNotAllowed}, detail: "banned in AR, WY"},
		{name: "texting needs p2p_sms", vendor: func(v *catalog.Vendor) { v.DialingModes = []string{"manual"} },
			req: func(r *Request) { r.Services = []string{"p2p_texting"} }, want: []string{ReasonDialingModeNotAllowed},
			detail: "p2p_texting: needs p2p_sms dialing"},
		{name: "inbound needs no mode", vendor: func(v *catalog.Vendor) { v.DialingModes = []string{"predictive"} },
			req: func(r *Request) { r.Services = []string{"inbound_hotline"}; r.Records = 2000 }, want: []string{}},
		{name: "against incumbent", vendor: func(v *catalog.Vendor) { v.WorksAgainstIncumbents = false },
			req: func(r *Request) { r.ChallengerInPrimary = true }, want: []string{ReasonAgainstIncumbent}},
		{name: "no rate", vendor: func(v *catalog.Vendor) { v.Rates = v.Rates[1:] },
			want: []string{ReasonNoRateForService}, detail: "no rate for gotv"},
		{name: "wage floor declared lower", vendor: func(v *catalog.Vendor) { v.Labor = &catalog.Labor{AgentWageFloorCents: 1550} },
			req: func(r *Request) { r.Requirements.MinAgentWageCents = 1800 }, want: []string{ReasonWageFloorNotMet},
			detail: "agents are paid from $15.50/h; the campaign requires at least $18/h"},
		{name: "wage floor not declared", req: func(r *Request) { r.Requirements.MinAgentWageCents = 1800 },
			want: []string{ReasonWageFloorNotMet}, detail: "declares no agent wage floor; the campaign requires at least $18/h"},
		{name: "wage floor met exactly", vendor: func(v *catalog.Vendor) { v.Labor = &catalog.Labor{AgentWageFloorCents: 1800} },
			req: func(r *Request) { r.Requirements.MinAgentWageCents = 1800 }, want: []string{}},
		{name: "wage floor far above", vendor: func(v *catalog.Vendor) { v.Labor = &catalog.Labor{AgentWageFloorCents: 1 << 20} },
			req: func(r *Request) { r.Requirements.MinAgentWageCents = MaxAgentWageCents }, want: []string{}},
		{name: "wage not required: a low floor is fine", vendor: func(v *catalog.Vendor) { v.Labor = &catalog.Labor{AgentWageFloorCents: 725} },
			want: []string{}},
		{name: "wage not required: none declared is fine", want: []string{}},
	}
	runKnockouts(t, cases)
}

func TestKnockoutsCombined(t *testing.T) {
	cases := []knockoutCase{
		{name: "thirteen at once", vendor: func(v *catalog.Vendor) {
			v.Status = catalog.StatusDraft
			v.Serves = []string{"republican"}
			v.Services = []string{"gotv"}
			v.Languages = v.Languages[:1]
			v.Certifications = []catalog.Certification{{Kind: "soc2_type2", Status: catalog.CertVerified, ExpiresOn: day("2026-10-20")}}
			v.UnionShop = false
			v.Sites[0].Country, v.Sites[0].Region = "PH", "NCR"
			v.Capacity.RampUpDays = 60
			v.DialingModes = []string{"predictive"}
			v.WorksAgainstIncumbents = false
			v.Rates = nil
		}, req: func(r *Request) {
			r.Services = []string{"gotv", "persuasion"}
			r.Requirements.UnionRequired = true
			r.Requirements.TakesCardPayments = true
			r.ChallengerInPrimary = true
			r.Requirements.MinAgentWageCents = 2000
		}, want: []string{ReasonNotActive, ReasonAffiliationNotServed, ReasonServiceNotOffered, ReasonLanguageNotCovered,
			ReasonCertificationMissing, ReasonCertificationExpired, ReasonUnionRequired, ReasonOffshoreNotAllowed,
			ReasonRampUpTooLong, ReasonDialingModeNotAllowed, ReasonAgainstIncumbent, ReasonNoRateForService,
			ReasonWageFloorNotMet}},
		{name: "seats and language and week", vendor: func(v *catalog.Vendor) {
			v.Languages = []catalog.LanguageSeats{{Code: "en", Seats: 10}}
			v.Capacity.Calendar = []catalog.Week{{WeekStart: day("2026-10-26"), SeatsAvailable: 4}}
		}, want: []string{ReasonLanguageNotCovered, ReasonInsufficientCapacity},
			detail: "no Spanish seats; needs 6.4"},
	}
	runKnockouts(t, cases)

	// Both capacity shortfalls are in one reason.
	v := baseVendor()
	v.Languages[1].Seats = 2
	v.Capacity.Calendar = []catalog.Week{{WeekStart: day("2026-10-26"), SeatsAvailable: 4}}
	rs := matchOne(t, v, garcia())
	if want := "only 2 Spanish seats; needs 6.4; week of 2026-10-26: 4 seats bookable; needs 21.2"; len(rs) != 1 || rs[0].Detail != want {
		t.Errorf("reasons %+v, want one with %q", rs, want)
	}
}

func runKnockouts(t *testing.T, cases []knockoutCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v, req := baseVendor(), garcia()
			if tc.vendor != nil {
				tc.vendor(v)
			}
			if tc.req != nil {
				tc.req(&req)
			}
			rs := matchOne(t, v, req)
			if got := codes(rs); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("codes %v, want %v (%+v)", got, tc.want, rs)
			}
			if tc.detail != "" && !strings.Contains(rs[0].Detail, tc.detail) {
				t.Errorf("detail %q, want it to contain %q", rs[0].Detail, tc.detail)
			}
		})
	}
}

// TestKnockoutsCoverEveryCode keeps the table honest when a code is added.
func TestKnockoutsCoverEveryCode(t *testing.T) {
	if len(ReasonCodes) != numKnockouts {
		t.Fatalf("%d codes, %d knockout bits", len(ReasonCodes), numKnockouts)
	}
	for i, c := range ReasonCodes {
		if slices.Index(ReasonCodes, c) != i {
			t.Errorf("%s listed twice", c)
		}
	}
}
