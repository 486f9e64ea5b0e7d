package matching

import (
	"errors"
	"math"
	"reflect"
	"testing"

	"callmatch"
	"callmatch/catalog"
)

// The defects a differential test found (issue 13, item 6), one test each.

func fieldsOf(t *testing.T, err error) map[string]string {
	t.Helper()
	var e *callmatch.Error
	if !errors.As(err, &e) {
		t.Fatalf("want field errors, got %v", err)
	}
	return e.Fields
}

// The largest program the form allows, priced with large rates, must not
// wrap around int64: before, it printed the vendor's minimum, and two
// per-contact services summed to a negative cost.
func TestProjectedCostDoesNotOverflow(t *testing.T) {
	req := garcia()
	req.Records, req.AttemptsPerRecord = MaxRecords, 20
	req.Services = []string{"gotv", "persuasion"}
	v := baseVendor()
	v.Rates = []catalog.Rate{
		{Service: "gotv", Model: "per_contact", AmountCents: math.MaxInt64 / 4, MinimumCents: 500_000},
		{Service: "persuasion", Model: "per_contact", AmountCents: math.MaxInt64 / 4, MinimumCents: 500_000},
	}
	// No vendor has the seats for it; the cost is what is at stake.
	cost := func() int64 {
		cat := NewCatalog([]*catalog.Vendor{v}, "t")
		return newPlan(req, Options{AsOf: asOf2026}, new(callmatch.FieldErrors)).projectedCost(cat, &cat.profiles[0])
	}
	if got := cost(); got != MaxCostCents {
		t.Errorf("projected cost %d, want the ceiling %d", got, MaxCostCents)
	}

	// Rates the catalog allows on the largest program are exact.
	v.Rates[0].AmountCents, v.Rates[1].AmountCents = catalog.MaxRateCents, catalog.MaxRateCents
	// 2e10 dials, half per service, 10% of them contacts, at the highest rate.
	want := int64(2 * 1e10 * 0.1 * catalog.MaxRateCents)
	if got := cost(); got != want || got >= MaxCostCents {
		t.Errorf("projected cost %d, want %d", got, want)
	}

	req.Records = MaxRecords + 1
	if _, err := Match(NewCatalog(nil, ""), req, Options{AsOf: asOf2026}); fieldsOf(t, err)["records"] == "" {
		t.Errorf("records over %d accepted", MaxRecords)
	}
	bad := baseVendor()
	bad.Rates[0].AmountCents = catalog.MaxRateCents + 1
	if err := bad.Validate(); fieldsOf(t, err)["rates[0].amount_cents"] == "" {
		t.Errorf("amount_cents over %d accepted: %v", catalog.MaxRateCents, err)
	}
}

// A tie group is measured from its highest score (DOMAIN.md §7): 1,
// 1 − 6e-10 and 1 − 1.2e-9 are one tie of the first two and a next rank.
func TestTiesAreNotChained(t *testing.T) {
	order, ranks, ties := rankOrder([]float64{1 - 1.2e-9, 1, 1 - 6e-10}, func(a, b int) int { return a - b })
	if !reflect.DeepEqual(order, []int{1, 2, 0}) || !reflect.DeepEqual(ranks, []int{1, 1, 3}) ||
		!reflect.DeepEqual(ties, [][]int{{0, 1}}) {
		t.Errorf("order %v ranks %v ties %v; want [1 2 0] [1 1 3] [[0 1]]", order, ranks, ties)
	}
	// A long chain of steps each within the tolerance breaks into groups
	// each no wider than the tolerance.
	sc := []float64{1, 1 - 6e-10, 1 - 1.2e-9, 1 - 1.8e-9, 1 - 2.4e-9}
	_, ranks, _ = rankOrder(sc, func(a, b int) int { return a - b })
	if !reflect.DeepEqual(ranks, []int{1, 1, 3, 3, 5}) {
		t.Errorf("ranks %v, want [1 1 3 3 5]", ranks)
	}
}

// Two certifications of one kind, one lapsing during the campaign and one
// issued after it starts: the detail names the one that lapses, with its
// own date, and why the other does not cover the campaign either.
func TestCertificationDetailNamesTheFailingCertificate(t *testing.T) {
	for _, tc := range []struct {
		lapses string
		detail string
	}{
		{"2026-10-20", "soc2_type2 expires 2026-10-20, before the campaign ends 2026-11-03; " +
			"another is valid only from 2026-10-25, after the campaign starts 2026-10-12"},
		{"2026-09-15", "soc2_type2 expired 2026-09-15; another is valid only from 2026-10-25, after the campaign starts 2026-10-12"},
	} {
		v := baseVendor()
		v.Certifications = []catalog.Certification{
			{Kind: "soc2_type2", Status: catalog.CertVerified, IssuedOn: day("2025-06-01"), ExpiresOn: day(tc.lapses)},
			{Kind: "soc2_type2", Status: catalog.CertVerified, IssuedOn: day("2026-10-25"), ExpiresOn: day("2027-06-01")},
		}
		res := mustMatch(t, NewCatalog([]*catalog.Vendor{v}, "t"), garcia(), Options{AsOf: asOf2026})
		if d := reasonOf(t, res, ReasonCertificationExpired); d != tc.detail {
			t.Errorf("detail %q\nwant   %q", d, tc.detail)
		}
	}
}

// DOMAIN.md §4: attempts_per_record 1–20 (0 is no longer taken as 1) and
// end_date at most 366 days after start_date.
func TestProgramBounds(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(*Request)
		field string
	}{
		{"attempts 0", func(r *Request) { r.AttemptsPerRecord = 0 }, "attempts_per_record"},
		{"attempts 21", func(r *Request) { r.AttemptsPerRecord = 21 }, "attempts_per_record"},
		{"a year and two days", func(r *Request) { r.EndDate = r.StartDate.AddDays(MaxProgramDays + 1) }, "end_date"},
		{"the end of time", func(r *Request) { r.EndDate = day("9999-12-31") }, "end_date"},
		{"ivr to cells without consent", func(r *Request) { r.Services = []string{"gotv", "ivr_broadcast"} }, "requirements.cell_consent"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := garcia()
			tc.edit(&req)
			_, err := Match(NewCatalog(nil, ""), req, Options{AsOf: asOf2026})
			if fieldsOf(t, err)[tc.field] == "" {
				t.Errorf("no error on %s: %v", tc.field, err)
			}
		})
	}
	ok := []func(*Request){
		func(r *Request) { r.EndDate = r.StartDate.AddDays(MaxProgramDays) },
		// Polling by a completes target has no list to attempt.
		func(r *Request) {
			r.Services, r.Records, r.AttemptsPerRecord, r.CompletesTarget = []string{"polling"}, 0, 0, 1000
		},
		func(r *Request) { r.Services = []string{"ivr_broadcast"}; r.Requirements.CellConsent = true },
		func(r *Request) { r.Services = []string{"ivr_broadcast"}; r.Requirements.CellShare = 0 },
	}
	for k, edit := range ok {
		req := garcia()
		edit(&req)
		if _, err := Match(NewCatalog(nil, ""), req, Options{AsOf: asOf2026}); err != nil {
			t.Errorf("case %d: %v", k, err)
		}
	}
}

// The tightest week is found from the calendar's weeks alone; it agrees
// with walking every week of the window, on windows of any length.
func TestTightestWeekAgreesWithWalkingTheWindow(t *testing.T) {
	vs := genVendors(21, 200)
	cat := NewCatalog(vs, "t")
	walk := func(p *profile, from, to callmatch.Date) (int32, callmatch.Date) {
		best, bestWeek := int32(math.MaxInt32), catalog.WeekStart(from)
		for d := catalog.WeekStart(from); d <= catalog.WeekStart(to); d += 7 {
			if s := cat.weekSeats(p, d); s < best {
				best, bestWeek = s, d
			}
		}
		return best, bestWeek
	}
	for i := range cat.profiles {
		p := &cat.profiles[i]
		for _, w := range [][2]string{{"2026-10-01", "2026-11-02"}, {"2026-10-14", "2026-10-20"}, {"2026-10-07", "2026-10-27"}, {"2026-09-01", "2027-08-31"}} {
			s1, w1 := cat.tightestWeek(p, day(w[0]), day(w[1]))
			s2, w2 := walk(p, day(w[0]), day(w[1]))
			if s1 != s2 || w1 != w2 {
				t.Fatalf("%s %v: %d %s, walking %d %s", cat.id(i), w, s1, w1, s2, w2)
			}
		}
	}
}
