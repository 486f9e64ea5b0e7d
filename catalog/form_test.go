package catalog_test

import (
	"net/url"
	"strings"
	"testing"

	"callmatch"
	"callmatch/catalog"
)

func fieldErr(t *testing.T, err error, field string) string {
	t.Helper()
	e, ok := err.(*callmatch.Error)
	if !ok || e.Code != callmatch.EINVALID {
		t.Fatalf("error %v, want invalid", err)
	}
	return e.Fields[field]
}

func TestProfileFromFormStaffFieldsOnlyWhenNamed(t *testing.T) {
	base := url.Values{"name": {"Lone Star"}, "website": {" https://x.example "}, "serves": {"democratic", ""},
		"state_experience": {"tx, az;nm"}, "union_shop": {"on"}}
	u, err := catalog.ProfileFromForm(base)
	if err != nil {
		t.Fatal(err)
	}
	if u.Slug != nil || u.Metrics != nil || u.Status != nil {
		t.Errorf("a vendor's form asks for slug %v metrics %v status %v", u.Slug, u.Metrics, u.Status)
	}
	if *u.Website != "https://x.example" || len(*u.Serves) != 1 || len(*u.StateExperience) != 3 || (*u.StateExperience)[2] != "NM" || !*u.UnionShop {
		t.Errorf("profile read as %+v", u)
	}
	staff := url.Values{"slug": {"lone-star"}, "metrics.contact_rate": {"0.2"}, "metrics.qa_score": {"0.9"}}
	for k, v := range base {
		staff[k] = v
	}
	u, err = catalog.ProfileFromForm(staff)
	if err != nil {
		t.Fatal(err)
	}
	if *u.Slug != "lone-star" || *u.Metrics != (catalog.Metrics{ContactRate: 0.2, QAScore: 0.9}) {
		t.Errorf("staff fields read as %v %+v", *u.Slug, *u.Metrics)
	}
	staff.Set("metrics.qa_score", "high")
	if _, err := catalog.ProfileFromForm(staff); fieldErr(t, err, "metrics.qa_score") == "" {
		t.Error("a bad metric is not named")
	}
}

func TestProfileFromFormExperienceAndLabor(t *testing.T) {
	base := url.Values{"name": {"Lone Star"}, "issue_experience": {"healthcare", "", "economy"},
		"audience_experience": {"seniors"}, "labor.agent_wage": {" $17.50 "}, "labor.employment": {"employed"},
		"labor.benefits": {"on"}}
	u, err := catalog.ProfileFromForm(base)
	if err != nil {
		t.Fatal(err)
	}
	if len(*u.IssueExperience) != 2 || (*u.IssueExperience)[1] != "economy" || len(*u.AudienceExperience) != 1 ||
		*u.Labor != (catalog.Labor{AgentWageFloorCents: 1750, Employment: "employed", Benefits: true}) {
		t.Errorf("read as issues %v audiences %v labor %+v", *u.IssueExperience, *u.AudienceExperience, *u.Labor)
	}

	// Nothing typed withdraws the declaration; a stored vendor loses it.
	u, err = catalog.ProfileFromForm(url.Values{"name": {"Lone Star"}, "labor.agent_wage": {""}, "labor.employment": {""}})
	if err != nil {
		t.Fatal(err)
	}
	v := &catalog.Vendor{Labor: &catalog.Labor{AgentWageFloorCents: 1500, Employment: "mixed"}, IssueExperience: []string{"taxes"}}
	u.Apply(v)
	if v.Labor != nil || len(v.IssueExperience) != 0 {
		t.Errorf("an empty form leaves labor %+v, issues %v", v.Labor, v.IssueExperience)
	}
	// A wage of 0 is a declaration, so it needs its employment.
	_, err = catalog.ProfileFromForm(url.Values{"name": {"X"}, "labor.agent_wage": {"0"}, "labor.employment": {""}})
	if msg := fieldErr(t, err, "labor.employment"); msg != "must be one of employed, contracted, mixed when you give a wage" {
		t.Errorf("a wage of 0 without employment: %v", err)
	}

	for _, tt := range []struct{ wage, employment, want string }{
		{"seventeen", "employed", "must be an hourly wage in dollars, like 17.50"},
		{"17.505", "employed", "must be an hourly wage in dollars"},
		{"", "contracted", "is required when you declare how agents are employed"},
	} {
		f := url.Values{"name": {"X"}, "labor.agent_wage": {tt.wage}, "labor.employment": {tt.employment}}
		if _, err := catalog.ProfileFromForm(f); fieldErr(t, err, "labor.agent_wage_floor_cents") != tt.want &&
			!strings.HasPrefix(fieldErr(t, err, "labor.agent_wage_floor_cents"), tt.want) {
			t.Errorf("wage %q employment %q: %v, want %q", tt.wage, tt.employment, err, tt.want)
		}
	}
}

func TestSectionsFromForm(t *testing.T) {
	u, err := catalog.SitesFromForm(url.Values{"city": {"Austin", "", "Cebu"}, "region": {"tx", "", ""},
		"country": {"", "", "ph"}, "timezone": {"America/Chicago", "", "Asia/Manila"}, "seats": {"1,200", "", "40"}})
	if err != nil {
		t.Fatal(err)
	}
	if s := *u.Sites; len(s) != 2 || s[0].Country != "US" || s[0].Region != "TX" || s[0].Seats != 1200 || s[1].Country != "PH" {
		t.Errorf("sites read as %+v", s)
	}
	_, err = catalog.LanguagesFromForm(url.Values{"lang": {"en", "", "es"}, "lang_seats": {"10", "", "lots"}})
	if fieldErr(t, err, "languages[1].seats") != "must be a whole number" {
		t.Errorf("bad seats: %v", err)
	}
	u, err = catalog.RatesFromForm(url.Values{"service": {"", "gotv"}, "model": {"", "per_agent_hour"}, "amount": {"", "$28.5"}, "minimum": {"", "1,000"}})
	if err != nil {
		t.Fatal(err)
	}
	if r := *u.Rates; len(r) != 1 || r[0].AmountCents != 2850 || r[0].MinimumCents != 100000 {
		t.Errorf("rates read as %+v", r)
	}
	_, err = catalog.RatesFromForm(url.Values{"service": {"gotv"}, "amount": {"28.505"}})
	if fieldErr(t, err, "rates[0].amount_cents") == "" {
		t.Error("three decimals accepted")
	}
}

func TestCapacityFromForm(t *testing.T) {
	d := callmatch.MustParseDate
	v := &catalog.Vendor{Sites: []catalog.Site{{Seats: 100}}, Capacity: catalog.Capacity{Calendar: []catalog.Week{
		{WeekStart: d("2026-11-23"), SeatsAvailable: 10}, // past: dropped
		{WeekStart: d("2026-12-07"), SeatsAvailable: 20}, // in the grid: replaced by what was typed
		{WeekStart: d("2027-03-01"), SeatsAvailable: 30}, // beyond the grid: kept
	}}}
	grid := []callmatch.Date{d("2026-11-30"), d("2026-12-07"), d("2026-12-14")}
	f := url.Values{"hours_per_day": {"9.5"}, "ramp_up_days": {"3"}, "w_2026-11-30": {"100"}, "w_2026-12-07": {""}, "w_2026-12-14": {"60"}}
	c, err := catalog.CapacityFromForm(f, v, grid, d("2026-12-02"))
	if err != nil {
		t.Fatal(err)
	}
	want := []catalog.Week{{WeekStart: d("2026-12-14"), SeatsAvailable: 60}, {WeekStart: d("2027-03-01"), SeatsAvailable: 30}}
	if c.HoursPerDay != 9.5 || c.RampUpDays != 3 || len(c.Calendar) != 2 || c.Calendar[0] != want[0] || c.Calendar[1] != want[1] {
		t.Errorf("capacity read as %+v", c)
	}
	f.Set("w_2026-12-14", "many")
	if _, err := catalog.CapacityFromForm(f, v, grid, d("2026-12-02")); fieldErr(t, err, "calendar[2].seats_available") == "" {
		t.Errorf("a bad week is not named by its place in the grid: %v", err)
	}
}
