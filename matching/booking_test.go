package matching

import (
	"bytes"
	"errors"
	"reflect"
	"testing"

	"callmatch"
	"callmatch/catalog"
)

// bookedVendor is baseVendor with 10 Spanish seats: garcia() needs 21.2
// seats a week of it, 6.4 of them Spanish, in the weeks of 2026-10-12 to
// 2026-11-02.
func bookedVendor() *catalog.Vendor {
	v := baseVendor()
	v.Languages = []catalog.LanguageSeats{{Code: "en", Seats: 200}, {Code: "es", Seats: 10}}
	v.Capacity.Calendar = []catalog.Week{{WeekStart: day("2026-10-26"), SeatsAvailable: 30}}
	return v
}

func reasonOf(t *testing.T, res *Result, code string) string {
	t.Helper()
	for _, e := range res.Excluded {
		for _, r := range e.Reasons {
			if r.Code == code {
				return r.Detail
			}
		}
	}
	t.Fatalf("no %s in %+v (shortlist %d)", code, res.Excluded, len(res.Shortlist))
	return ""
}

func TestBookTheWholeProgram(t *testing.T) {
	cat := NewCatalog([]*catalog.Vendor{bookedVendor()}, "t")
	got, err := Book(cat, garcia(), Options{AsOf: asOf2026}, "in-1", "v-base", nil)
	if err != nil {
		t.Fatal(err)
	}
	// 4659.09 agent-hours over 22 days of 10 hours: 21.18 seats, en 14.83
	// and es 6.35, rounded up to a tenth, every week with calling days.
	var want []Booking
	for _, w := range []string{"2026-10-12", "2026-10-19", "2026-10-26", "2026-11-02"} {
		want = append(want, Booking{"v-base", "in-1", day(w), "en", 14.9}, Booking{"v-base", "in-1", day(w), "es", 6.4})
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}

	// A part books its shares of those seats only.
	got, err = Book(cat, garcia(), Options{AsOf: asOf2026}, "in-1", "v-base",
		[]PartShare{{day("2026-10-19"), "es", 0.5}, {day("2026-10-12"), "en", 0.25}})
	if err != nil {
		t.Fatal(err)
	}
	want = []Booking{{"v-base", "in-1", day("2026-10-12"), "en", 3.8}, {"v-base", "in-1", day("2026-10-19"), "es", 3.2}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("part: got %+v\nwant %+v", got, want)
	}
}

func TestBookBadInput(t *testing.T) {
	cat := NewCatalog([]*catalog.Vendor{bookedVendor()}, "t")
	for _, tc := range []struct {
		vendor string
		part   []PartShare
		field  string
	}{
		{"v-nope", nil, "vendor_id"},
		{"v-base", []PartShare{{day("2026-10-13"), "en", 0.5}}, "part[0].week_start"},
		{"v-base", []PartShare{{day("2026-11-09"), "en", 0.5}}, "part[0].week_start"},
		{"v-base", []PartShare{{day("2026-10-12"), "vi", 0.5}}, "part[0].language"},
		{"v-base", []PartShare{{day("2026-10-12"), "en", 1.5}}, "part[0].share"},
		{"v-base", []PartShare{{day("2026-10-12"), "en", 0.5}, {day("2026-10-12"), "en", 0.2}}, "part[1]"},
	} {
		_, err := Book(cat, garcia(), Options{AsOf: asOf2026}, "in-1", tc.vendor, tc.part)
		var e *callmatch.Error
		if !errors.As(err, &e) || e.Fields[tc.field] == "" {
			t.Errorf("%s %+v: %v, want an error on %s", tc.vendor, tc.part, err, tc.field)
		}
	}
}

// Free seats replace declared seats: another intake's bookings knock the
// vendor out naming the week and the seats declared, booked and free; the
// program's own bookings never count against it.
func TestBookingsKnockOut(t *testing.T) {
	base := NewCatalog([]*catalog.Vendor{bookedVendor()}, "t")
	if res := mustMatch(t, base, garcia(), Options{AsOf: asOf2026}); len(res.Shortlist) != 1 {
		t.Fatalf("without bookings the vendor fits: %+v", res.Excluded)
	}
	cases := []struct {
		name   string
		books  []Booking
		detail string
	}{
		{"a language in one week", []Booking{{"v-base", "other", day("2026-10-19"), "es", 5}},
			"week of 2026-10-19: 10 Spanish seats declared, 5 booked, 5 free; needs 6.4"},
		{"the week's total", []Booking{{"v-base", "other", day("2026-10-26"), "en", 12.5}},
			"week of 2026-10-26: 30 seats declared, 12.5 booked, 17.5 free; needs 21.2"},
		{"both, summed over intakes", []Booking{
			{"v-base", "other", day("2026-10-26"), "es", 4}, {"v-base", "third", day("2026-10-26"), "es", 0.5},
			{"v-base", "", day("2026-10-26"), "en", 5}},
			"week of 2026-10-26: 10 Spanish seats declared, 4.5 booked, 5.5 free; needs 6.4; " +
				"week of 2026-10-26: 30 seats declared, 9.5 booked, 20.5 free; needs 21.2"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cat := base.WithBookings(tc.books)
			res := mustMatch(t, cat, garcia(), Options{AsOf: asOf2026})
			if d := reasonOf(t, res, ReasonInsufficientCapacity); d != tc.detail {
				t.Errorf("detail %q\nwant   %q", d, tc.detail)
			}
			if res.ExclusionSummary[ReasonInsufficientCapacity] != 1 {
				t.Errorf("summary %v", res.ExclusionSummary)
			}
			// The same bookings held by the program itself are free to it.
			mine := make([]Booking, len(tc.books))
			for k, b := range tc.books {
				b.IntakeID = "mine"
				mine[k] = b
			}
			res = mustMatch(t, base.WithBookings(mine), garcia(), Options{AsOf: asOf2026, IntakeID: "mine"})
			if len(res.Shortlist) != 1 {
				t.Errorf("own bookings counted: %+v", res.Excluded)
			}
		})
	}
}

// Bookings outside the calling window, of other vendors or replaced by a
// later WithBookings change nothing; bookings that leave room lower the
// capacity criterion by the share of the free seats the program takes.
func TestBookingsThatFit(t *testing.T) {
	vs := genVendors(5, 60)
	base := NewCatalog(vs, "t")
	want := marshal(t, mustMatch(t, base, garcia(), Options{AsOf: asOf2026}))
	outside := []Booking{
		{vs[0].ID, "x", day("2026-09-28"), "en", 500}, {vs[1].ID, "x", day("2026-11-09"), "es", 500},
		{"v-unknown", "x", day("2026-10-19"), "en", 500},
	}
	if got := marshal(t, mustMatch(t, base.WithBookings(outside), garcia(), Options{AsOf: asOf2026})); !bytes.Equal(got, want) {
		t.Error("bookings outside the window changed the result")
	}
	replaced := base.WithBookings([]Booking{{vs[0].ID, "x", day("2026-10-19"), "en", 500}}).WithBookings(outside)
	if got := marshal(t, mustMatch(t, replaced, garcia(), Options{AsOf: asOf2026})); !bytes.Equal(got, want) {
		t.Error("WithBookings added to the bookings it replaces")
	}

	one := NewCatalog([]*catalog.Vendor{baseVendor()}, "t")
	free := mustMatch(t, one, garcia(), Options{AsOf: asOf2026}).Shortlist[0].Factors[critCapacity].Raw
	// 200 seats, 100 of them booked in one week: the program's 21.2 seats
	// are 10.6% of the free 100 instead of 21.2 / 200.
	booked := one.WithBookings([]Booking{{"v-base", "x", day("2026-10-19"), "en", 100}})
	got := mustMatch(t, booked, garcia(), Options{AsOf: asOf2026}).Shortlist[0].Factors[critCapacity].Raw
	if !(got < free) || !near(got, 1-(4659.090909090909/220)/100) {
		t.Errorf("capacity %v with bookings, %v without", got, free)
	}
}

func TestFreeSeats(t *testing.T) {
	cat := NewCatalog([]*catalog.Vendor{bookedVendor()}, "t").WithBookings([]Booking{
		{"v-base", "a", day("2026-10-26"), "es", 4}, {"v-base", "b", day("2026-10-26"), "en", 20},
		{"v-base", "b", day("2026-10-19"), "es", 2.5}, {"v-base", "a", day("2026-10-26"), "en", 10},
	})
	es := uint16(catalog.Languages.Index("es"))
	for _, tc := range []struct {
		week          string
		own           string
		total, inLang float64
	}{
		{"2026-10-26", "", 0, 6}, // 30 declared, 34 booked: none free
		{"2026-10-26", "b", 16, 6},
		{"2026-10-26", "a", 10, 10},
		{"2026-10-19", "", 197.5, 7.5}, // not in the calendar: 200 site seats
		{"2026-10-19", "b", 200, 10},
		{"2026-10-12", "", 200, 10},
	} {
		total, inLang := cat.freeSeats(0, day(tc.week), es, tc.own)
		if total != tc.total || inLang != tc.inLang {
			t.Errorf("%s own %q: %v, %v; want %v, %v", tc.week, tc.own, total, inLang, tc.total, tc.inLang)
		}
	}
}

func TestCheckFree(t *testing.T) {
	v := bookedVendor()
	other := []Booking{{"v-base", "a", day("2026-10-26"), "es", 4}, {"v-base", "a", day("2026-10-26"), "en", 20},
		{"v-other", "a", day("2026-10-26"), "es", 100}}
	want := func(lang string, seats float64) []Booking {
		return []Booking{{"v-base", "me", day("2026-10-19"), "es", 1}, {"v-base", "me", day("2026-10-26"), lang, seats}}
	}
	if o := CheckFree(v, other, want("es", 6)); o != nil {
		t.Errorf("the last 6 Spanish seats: %+v", o)
	}
	if o := CheckFree(v, other, want("es", 6.1)); !reflect.DeepEqual(o, &Overbooking{day("2026-10-26"), "es", 10, 4, 6, 6.1}) {
		t.Errorf("a tenth over the Spanish seats: %+v", o)
	}
	if o := CheckFree(v, other, want("en", 6.1)); !reflect.DeepEqual(o, &Overbooking{day("2026-10-26"), "", 30, 24, 6, 6.1}) {
		t.Errorf("a tenth over the week: %+v", o)
	}
	// Bookings of the intake that wants the seats are its own to replace.
	mine := append(other, Booking{"v-base", "me", day("2026-10-26"), "en", 6})
	if o := CheckFree(v, mine, want("en", 6)); o != nil {
		t.Errorf("own bookings counted: %+v", o)
	}
}

// A match over a catalog with bookings stays allocation-free per vendor,
// on the slow path for booked vendors too.
func TestScreenWithBookingsDoesNotAllocate(t *testing.T) {
	vs := genVendors(11, 300)
	var bs []Booking
	for k, v := range vs[:200] {
		bs = append(bs, Booking{v.ID, "x", day("2026-10-19"), []string{"en", "es"}[k%2], float64(k%7) + 0.5})
	}
	cat := NewCatalog(vs, "").WithBookings(bs)
	pl := newPlan(garcia(), Options{AsOf: asOf2026}, new(callmatch.FieldErrors))
	survivors, booked := 0, 0
	allocs := testing.AllocsPerRun(20, func() {
		for i := range cat.profiles {
			if cat.hasBookings(i) {
				booked++
			}
			if ko, util := pl.evaluate(cat, i, &cat.profiles[i]); ko == 0 {
				survivors++
				_ = pl.criteria(cat, i, util)
			}
		}
	})
	if allocs != 0 || survivors == 0 || booked == 0 {
		t.Errorf("%v allocations per pass (%d survivors, %d booked)", allocs, survivors, booked)
	}
}

// Leaving a program's own bookings out is the same as a snapshot without
// them: the same result byte for byte, over random bookings of several
// intakes, for every intake in turn.
func TestOwnBookingsAreAsIfAbsent(t *testing.T) {
	vs := genVendors(17, 80)
	base := NewCatalog(vs, "t")
	intakes := []string{"a", "b", "c", ""}
	var bs []Booking
	for k := range 600 {
		v := vs[(k*7)%len(vs)]
		bs = append(bs, Booking{v.ID, intakes[k%4], day("2026-10-05").AddDays(7 * (k % 5)), []string{"en", "es"}[k%3%2], float64(5 + k%40)})
	}
	for _, own := range intakes[:3] {
		var others []Booking
		for _, b := range bs {
			if b.IntakeID != own {
				others = append(others, b)
			}
		}
		for _, opt := range []Options{{AsOf: asOf2026}, {AsOf: asOf2026, Method: MethodTOPSIS}} {
			want := mustMatch(t, base.WithBookings(others), garcia(), opt)
			opt.IntakeID = own
			got := mustMatch(t, base.WithBookings(bs), garcia(), opt)
			if !bytes.Equal(marshal(t, got), marshal(t, want)) {
				t.Errorf("own %q %s: the result differs from a snapshot without its bookings", own, opt.Method)
			}
			if want.ExclusionSummary[ReasonInsufficientCapacity] == 0 || len(want.Shortlist) == 0 {
				t.Errorf("test setup: %v, %d shortlisted", want.ExclusionSummary, len(want.Shortlist))
			}
		}
	}
}

// The bounds that spare excluded vendors the scan of their weeks never
// change a knockout: evaluate agrees with the full scan for every vendor.
func TestMayBeShortIsConservative(t *testing.T) {
	vs := genVendors(23, 300)
	var bs []Booking
	for k := range 3000 {
		v := vs[(k*13)%len(vs)]
		bs = append(bs, Booking{v.ID, []string{"a", "b"}[k%2], day("2026-09-28").AddDays(7 * (k % 7)), []string{"en", "es", "vi"}[k%3], float64(1 + k%30)})
	}
	cat := NewCatalog(vs, "t").WithBookings(bs)
	for _, own := range []string{"", "a"} {
		pl := newPlan(garcia(), Options{AsOf: asOf2026}, new(callmatch.FieldErrors))
		pl.own = cat.intakeIndex(own)
		if pl.own != noIntake {
			pl.ownBooked = cat.byIntake[pl.own]
		}
		spared := 0
		for i := range cat.profiles {
			p := &cat.profiles[i]
			ko, _ := pl.evaluate(cat, i, p)
			l := pl.load(p)
			if !cat.hasBookings(i) || !l.sized() {
				continue
			}
			short, _ := pl.bookedCapacity(cat, i, p, l)
			if got := ko&(1<<koCapacity) != 0; got != short {
				t.Errorf("own %q, %s: capacity knockout %v, the full scan says %v", own, cat.id(i), got, short)
			}
			if !pl.mayBeShort(cat, i, p, l) {
				spared++
			}
		}
		if spared == 0 {
			t.Errorf("own %q: no vendor spared the scan; the test shows nothing", own)
		}
	}
}
