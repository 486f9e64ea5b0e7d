package catalog_test

import (
	"net/url"
	"testing"

	"callmatch"
	"callmatch/catalog"
)

// Rates are typed in dollars the way people write prices; the problems
// name the field in dollars, never in cents.
func TestRatesFromFormReadsMoneyAsTyped(t *testing.T) {
	for typed, want := range map[string]int64{"32": 3200, "$32": 3200, "32.50": 3250, "32/hr": 3200, "$1,250": 125_000, "32 per hour": 3200} {
		u, err := catalog.RatesFromForm(url.Values{"service": {"gotv"}, "model": {"per_agent_hour"}, "amount": {typed}, "minimum": {""}})
		if err != nil || (*u.Rates)[0].AmountCents != want {
			t.Errorf("%q read as %+v, %v; want %d cents", typed, u.Rates, err, want)
		}
	}
	for typed, want := range map[string]string{
		"32/contact": `says per contact, but the pricing is per hour; got "32/contact"`,
		"lots":       `must be an amount in dollars, like 32.50, $1,250 or 32/hr; got "lots"`,
		"0":          "must be more than $0: the price in dollars, like 32.50",
		"":           "must be more than $0: the price in dollars, like 32.50",
		"250000":     "must be at most $100,000; got $250,000",
	} {
		_, err := catalog.RatesFromForm(url.Values{"service": {"gotv"}, "model": {"per_agent_hour"}, "amount": {typed}})
		if got := fieldErr(t, err, "rates[0].amount_cents"); got != want {
			t.Errorf("%q: %q, want %q", typed, got, want)
		}
	}
	_, err := catalog.RatesFromForm(url.Values{"service": {"gotv"}, "model": {"per_agent_hour"}, "amount": {"32"}, "minimum": {"500/hr"}})
	if got := fieldErr(t, err, "rates[0].minimum_cents"); got != `is an amount in dollars without a unit, like 500; got "500/hr"` {
		t.Errorf("a minimum per hour: %q", got)
	}
}

// The one form of the portal saves every section it names at once, and
// leaves the sections it does not name alone.
func TestVendorFromFormReadsEveryNamedSection(t *testing.T) {
	d := callmatch.MustParseDate
	v := &catalog.Vendor{Sites: []catalog.Site{{Seats: 100}}}
	grid := []callmatch.Date{d("2026-11-30"), d("2026-12-07"), d("2026-12-14"), d("2026-12-21")}
	f := url.Values{"section": {"sites", "languages", "rates", "capacity"},
		"city": {"Austin"}, "region": {"TX"}, "country": {"US"}, "timezone": {"America/Chicago"}, "seats": {"300"},
		"lang": {"es"}, "lang_seats": {"250"},
		"service": {"gotv"}, "model": {"per_agent_hour"}, "amount": {"$32/hr"},
		"hours_per_day": {"8"}, "w_2026-11-30": {"90"}, "w_2026-12-21": {"70"},
		"fill_from": {"2026-12-07"}, "fill_to": {"2026-12-21"}, "fill_seats": {"40"}}
	u, err := catalog.VendorFromForm(f, v, grid, d("2026-12-01"))
	if err != nil {
		t.Fatal(err)
	}
	if u.Name != nil || u.Services != nil {
		t.Error("the profile was not posted but is changed")
	}
	if (*u.Sites)[0].Seats != 300 || (*u.Languages)[0].Seats != 250 || (*u.Rates)[0].AmountCents != 3200 {
		t.Errorf("sections read as %+v %+v %+v", *u.Sites, *u.Languages, *u.Rates)
	}
	want := []catalog.Week{{WeekStart: grid[0], SeatsAvailable: 90}, {WeekStart: grid[1], SeatsAvailable: 40},
		{WeekStart: grid[2], SeatsAvailable: 40}, {WeekStart: grid[3], SeatsAvailable: 40}}
	if c := u.Capacity.Calendar; len(c) != 4 || c[0] != want[0] || c[1] != want[1] || c[2] != want[2] || c[3] != want[3] {
		t.Errorf("the range fill gave %+v, want %+v", c, want)
	}

	// Problems of two sections come back together.
	f.Set("lang_seats", "many")
	f.Set("amount", "32/contact")
	f.Set("fill_to", "2026-11-30")
	_, err = catalog.VendorFromForm(f, v, grid, d("2026-12-01"))
	for _, field := range []string{"languages[0].seats", "rates[0].amount_cents", "fill_to"} {
		if fieldErr(t, err, field) == "" {
			t.Errorf("no problem for %s: %v", field, err)
		}
	}
	// What could be read is judged too, in the same round.
	f.Set("lang_seats", "400")
	f.Set("fill_to", "2026-12-21")
	_, err = catalog.VendorFromForm(f, v, grid, d("2026-12-01"))
	if got := fieldErr(t, err, "languages[0].seats"); got != "400 Spanish seats are more than the 300 seats across all sites; give at most 300" ||
		fieldErr(t, err, "rates[0].amount_cents") == "" {
		t.Errorf("an unreadable rate hides the language seats' problem: %v", err)
	}
	f.Set("fill_to", "2027-01-04")
	if _, err = catalog.VendorFromForm(f, v, grid, d("2026-12-01")); fieldErr(t, err, "fill_to") != "must be one of the weeks shown, from 2026-11-30 to 2026-12-21" {
		t.Errorf("a week beyond the grid: %v", err)
	}
}

// A quote's prices are read like the rate lines: in dollars, with a unit
// that must fit the pricing model when one is typed.
func TestPriceField(t *testing.T) {
	var fe callmatch.FieldErrors
	if got := catalog.PriceField("$24.50/hr", "p", "per_agent_hour", &fe); got != 2450 || fe != nil {
		t.Errorf("$24.50/hr: %d %v", got, fe)
	}
	if got := catalog.PriceField("0.95 per contact", "p", "per_contact", &fe); got != 95 || fe != nil {
		t.Errorf("0.95 per contact: %d %v", got, fe)
	}
	catalog.PriceField("24/contact", "p", "per_agent_hour", &fe)
	if fe["p"] != `says per contact, but the pricing is per hour; got "24/contact"` {
		t.Errorf("a price per contact on an hourly line: %v", fe)
	}
}
