package catalog

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"callmatch"
)

// The vendor profile's HTML forms, one per section, read into the change
// they ask for. Their problems are named by the API's field paths
// ("sites[0].seats"), so the pages and the API report them alike; the
// meaning is checked once, by the store's Validate, when the change is
// applied.

// ProfileFromForm reads the profile section: what the vendor says about
// itself and, from staff on the desk, its slug and metrics. A form naming
// the slug or any metric asks to change them, which the service allows
// staff only.
func ProfileFromForm(f url.Values) (VendorUpdate, error) {
	var fe callmatch.FieldErrors
	name, website, desc := f.Get("name"), strings.TrimSpace(f.Get("website")), f.Get("description")
	serves, services, modes := nonEmpty(f["serves"]), nonEmpty(f["services"]), nonEmpty(f["dialing_modes"])
	against, union, states := f.Get("works_against_incumbents") != "", f.Get("union_shop") != "", splitCodes(f.Get("state_experience"))
	issues, audiences := nonEmpty(f["issue_experience"]), nonEmpty(f["audience_experience"])
	labor := laborFromForm(f, &fe)
	u := VendorUpdate{Name: &name, Website: &website, Description: &desc, Serves: &serves,
		Services: &services, DialingModes: &modes, WorksAgainstIncumbents: &against, UnionShop: &union,
		StateExperience: &states, IssueExperience: &issues, AudienceExperience: &audiences, Labor: &labor}
	if _, ok := f["slug"]; ok {
		slug := strings.TrimSpace(f.Get("slug"))
		u.Slug = &slug
	}
	if f.Has("metrics.contact_rate") || f.Has("metrics.qa_score") || f.Has("metrics.verified") {
		u.Metrics = &Metrics{
			ContactRate: floatField(f.Get("metrics.contact_rate"), "metrics.contact_rate", &fe),
			QAScore:     floatField(f.Get("metrics.qa_score"), "metrics.qa_score", &fe),
			Verified:    f.Get("metrics.verified") != "",
		}
	}
	return u, fe.Err()
}

// laborFromForm reads the fair-labor declaration: the lowest hourly wage
// in dollars ("$17.50"), how agents are employed, and benefits. A form
// left entirely empty withdraws the declaration (the zero Labor); a wage
// without employment, or the reverse, is refused naming the missing one.
func laborFromForm(f url.Values, fe *callmatch.FieldErrors) Labor {
	wage, employment := strings.TrimSpace(f.Get("labor.agent_wage")), strings.TrimSpace(f.Get("labor.employment"))
	l := Labor{Employment: employment, Benefits: f.Get("labor.benefits") != ""}
	if wage == "" {
		if l != (Labor{}) {
			fe.Add("labor.agent_wage_floor_cents", "is required when you declare how agents are employed or paid; give the lowest hourly wage in dollars, like 17.50")
		}
		return l
	}
	cents, unit, ok := callmatch.ParseMoney(wage)
	if !ok || (unit != "" && unit != "hour") {
		fe.Addf("labor.agent_wage_floor_cents", "must be an hourly wage in dollars, like 17.50 or $17.50/hr; got %q", wage)
	} else if cents > MaxAgentWageFloorCents {
		fe.Addf("labor.agent_wage_floor_cents", "must be at most %s an hour; got %s", dollarText(MaxAgentWageFloorCents), dollarText(cents))
	}
	if employment == "" {
		// Said here rather than by Validate: a wage of 0 without it would
		// read as the empty form that withdraws the declaration.
		fe.Add("labor.employment", "must be "+AgentEmployment.Allowed()+" when you give a wage")
	}
	l.AgentWageFloorCents = cents
	return l
}

// SitesFromForm reads the call floors. A line left without a city and
// seats is no site: that is how a site is removed. The country defaults
// to US.
func SitesFromForm(f url.Values) (VendorUpdate, error) {
	var fe callmatch.FieldErrors
	sites := []Site{}
	for i := range f["city"] {
		s := Site{Country: strings.ToUpper(at(f["country"], i)), Region: strings.ToUpper(at(f["region"], i)),
			City: at(f["city"], i), Timezone: at(f["timezone"], i)}
		seats := at(f["seats"], i)
		if s.City == "" && (seats == "" || seats == "0") {
			continue
		}
		s.Seats = intField(seats, fmt.Sprintf("sites[%d].seats", len(sites)), &fe)
		if s.Country == "" {
			s.Country = "US"
		}
		sites = append(sites, s)
	}
	return VendorUpdate{Sites: &sites}, fe.Err()
}

// LanguagesFromForm reads the seats per language. A line without a
// language is ignored; a language with 0 seats is kept, which says "not
// now" without losing the line.
func LanguagesFromForm(f url.Values) (VendorUpdate, error) {
	var fe callmatch.FieldErrors
	langs := []LanguageSeats{}
	for i := range f["lang"] {
		code := at(f["lang"], i)
		if code == "" {
			continue
		}
		seats := intField(at(f["lang_seats"], i), fmt.Sprintf("languages[%d].seats", len(langs)), &fe)
		langs = append(langs, LanguageSeats{Code: code, Seats: seats})
	}
	return VendorUpdate{Languages: &langs}, fe.Err()
}

// RatesFromForm reads the prices, typed in dollars. A line without a
// service is ignored, which is how a rate is removed.
func RatesFromForm(f url.Values) (VendorUpdate, error) {
	var fe callmatch.FieldErrors
	rates := []Rate{}
	for i := range f["service"] {
		service := at(f["service"], i)
		if service == "" {
			continue
		}
		n, model := len(rates), at(f["model"], i)
		amount := fmt.Sprintf("rates[%d].amount_cents", n)
		r := Rate{Service: service, Model: model,
			AmountCents:  moneyField(at(f["amount"], i), amount, modelUnits[model], MaxRateCents, &fe),
			MinimumCents: moneyField(at(f["minimum"], i), fmt.Sprintf("rates[%d].minimum_cents", n), "", MaxMinimumCents, &fe)}
		if _, bad := fe[amount]; r.AmountCents == 0 && !bad {
			fe.Add(amount, "must be more than $0: the price in dollars, like 32.50")
		}
		rates = append(rates, r)
	}
	return VendorUpdate{Rates: &rates}, fe.Err()
}

// CapacityFromForm reads calling hours, ramp-up and the weekly grid, one
// field w_YYYY-MM-DD per week of grid, into v's new capacity. A week left
// empty or at the sum of site seats is not stored, so it keeps following
// the sites; weeks outside the grid are kept as they are, unless already
// past on today: they say nothing any more and would only crowd out the
// calendar's bounded length.
//
// The form shows a week that follows the sites with their total in its
// box, so "at the sum of site seats" is judged against capacity_total, the
// total the form was rendered with, when it carries one, as well as
// against v's: when the total changes between rendering and saving (the
// same form's sites, or anyone's save), the untouched boxes still show
// the old total, and must keep following the sites rather than freeze at
// it as stored weeks. Only a box typed to another number is stored.
func CapacityFromForm(f url.Values, v *Vendor, grid []callmatch.Date, today callmatch.Date) (Capacity, error) {
	var fe callmatch.FieldErrors
	capacity := Capacity{
		HoursPerDay: floatField(f.Get("hours_per_day"), "hours_per_day", &fe),
		RampUpDays:  intField(f.Get("ramp_up_days"), "ramp_up_days", &fe),
		Calendar:    []Week{},
	}
	follows := []int{v.TotalSeats()}
	if shown := strings.TrimSpace(f.Get("capacity_total")); shown != "" {
		if n, err := strconv.Atoi(shown); err != nil || n < 0 {
			fe.Addf("capacity_total", "must be the sites' total of seats the form showed, a whole number; got %q: reload the page", shown)
		} else {
			follows = append(follows, n)
		}
	}
	from, to, fill, filling := fillRange(f, grid, &fe)
	for i, start := range grid {
		typed := strings.TrimSpace(f.Get("w_" + start.String()))
		if filling && start >= from && start <= to {
			typed = fill // the range wins over the boxes it covers
		}
		if typed == "" {
			continue // an empty week follows the sites
		}
		field := fmt.Sprintf("calendar[%d].seats_available", i)
		seats := intField(typed, field, &fe)
		checkSeats(&fe, field, seats)
		if !slices.Contains(follows, seats) {
			capacity.Calendar = append(capacity.Calendar, Week{WeekStart: start, SeatsAvailable: seats})
		}
	}
	thisWeek := WeekStart(today)
	for _, w := range v.Capacity.Calendar {
		if !slices.Contains(grid, w.WeekStart) && w.WeekStart >= thisWeek {
			capacity.Calendar = append(capacity.Calendar, w)
		}
	}
	slices.SortFunc(capacity.Calendar, func(a, b Week) int { return int(a.WeekStart - b.WeekStart) })
	return capacity, fe.Err()
}

// fillRange reads "these seats from week … to week …": fill_seats for
// the weeks fill_from to fill_to of grid. Without seats there is nothing
// to fill (the two week lists always post their defaults); with seats,
// both weeks must be weeks of grid, in order.
func fillRange(f url.Values, grid []callmatch.Date, fe *callmatch.FieldErrors) (from, to callmatch.Date, seats string, ok bool) {
	if seats = strings.TrimSpace(f.Get("fill_seats")); seats == "" {
		return 0, 0, "", false
	}
	week := func(field string) callmatch.Date {
		d, err := callmatch.ParseDate(strings.TrimSpace(f.Get(field)))
		if err != nil || !slices.Contains(grid, d) {
			fe.Addf(field, "must be one of the weeks shown, from %s to %s", grid[0], grid[len(grid)-1])
		}
		return d
	}
	if len(grid) == 0 {
		fe.Add("fill_seats", "has no weeks to fill before election day")
		return 0, 0, "", false
	}
	from, to = week("fill_from"), week("fill_to")
	if from > to {
		fe.Addf("fill_to", "must be on or after the first week, %s", from)
	}
	if _, err := strconv.Atoi(strings.ReplaceAll(seats, ",", "")); err != nil {
		fe.Addf("fill_seats", "must be a whole number of seats; got %q", seats)
	}
	return from, to, seats, true
}

// FormSections are the sections of the vendor profile's one form, in the
// order the page shows them.
var FormSections = []string{"profile", "sites", "languages", "rates", "capacity"}

// VendorFromForm reads the sections of the profile form that f names in
// its "section" fields into one change, so that one save stores all of
// them together and is validated as a whole (400 Spanish seats against 300
// site seats is refused whichever of the two was edited). A section the
// form does not name is left as it is, never emptied. Capacity needs the
// vendor, its grid and today (see CapacityFromForm); its weeks at the
// sites' total, as the form saves them, follow the sites. The version, when
// the form carries one, is the vendor's as the form was rendered: the
// change is made against it (VendorUpdate.IfVersion). The problems of
// every section come back together.
func VendorFromForm(f url.Values, v *Vendor, grid []callmatch.Date, today callmatch.Date) (VendorUpdate, error) {
	var u VendorUpdate
	var fe callmatch.FieldErrors
	var ifVersion int64
	if version := strings.TrimSpace(f.Get("version")); version != "" {
		n, err := strconv.ParseInt(version, 10, 64)
		if err != nil || n <= 0 {
			fe.Addf("version", "must be the version of the profile the form was opened on, a whole number above 0; got %q: reload the page", version)
		}
		ifVersion = n
	}
	capacity := false
	merge := func(part VendorUpdate, err error) VendorUpdate {
		var e *callmatch.Error
		if errors.As(err, &e) {
			for k, m := range e.Fields {
				fe.Add(k, m)
			}
		}
		return part
	}
	if len(nonEmpty(f["section"])) == 0 {
		fe.Add("section", "names no section of the profile to save; must be one or more of "+strings.Join(FormSections, ", "))
	}
	for _, section := range nonEmpty(f["section"]) {
		switch section {
		case "profile":
			p := merge(ProfileFromForm(f))
			p.Sites, p.Languages, p.Rates, p.Capacity = u.Sites, u.Languages, u.Rates, u.Capacity
			u = p
		case "sites":
			u.Sites = merge(SitesFromForm(f)).Sites
		case "languages":
			u.Languages = merge(LanguagesFromForm(f)).Languages
		case "rates":
			u.Rates = merge(RatesFromForm(f)).Rates
		case "capacity":
			capacity = true
		default:
			fe.Addf("section", "%q is not a section of the profile; must be one of %s", section, strings.Join(FormSections, ", "))
		}
	}
	if capacity {
		// Read last, against the sites as this save leaves them, whatever
		// order the sections came in.
		withSites := *v
		set(&withSites.Sites, u.Sites)
		c, err := CapacityFromForm(f, &withSites, grid, today)
		merge(VendorUpdate{}, err)
		u.Capacity = &c
	}
	u.IfVersion = ifVersion
	if len(fe) > 0 {
		addMeaning(&fe, v, u)
	}
	return u, fe.Err()
}

// addMeaning adds to the problems of a form that could not all be read
// what Validate refuses in the rest of it, so that one round shows every
// problem (a rate that is not money and 400 Spanish seats on 300). A field
// the form could not read is not judged again on the zero it became, nor
// are the language seats when a site's seats could not be read.
func addMeaning(fe *callmatch.FieldErrors, v *Vendor, u VendorUpdate) {
	edited := *v
	u.Apply(&edited)
	var e *callmatch.Error
	if !errors.As(edited.Validate(), &e) {
		return
	}
	sitesUnread := false
	for k := range *fe {
		sitesUnread = sitesUnread || strings.HasPrefix(k, "sites[") && strings.HasSuffix(k, ".seats")
	}
	for k, m := range e.Fields {
		_, unread := (*fe)[strings.TrimPrefix(k, "capacity.")]
		languageSeats := strings.HasPrefix(k, "languages[") && strings.HasSuffix(k, ".seats")
		// The calendar's own indexes are not the form's weeks; CapacityFromForm
		// has checked the weeks it read.
		if !unread && !(sitesUnread && languageSeats) && !strings.HasPrefix(k, "capacity.calendar[") {
			fe.Add(k, m)
		}
	}
}

// intField reads a whole number typed in a form ("1,200"); a bad one
// becomes a field error so the save is refused rather than storing a zero.
func intField(s, field string, fe *callmatch.FieldErrors) int {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		fe.Add(field, "must be a whole number")
	}
	return n
}

func floatField(s, field string, fe *callmatch.FieldErrors) float64 {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		fe.Add(field, "must be a number")
	}
	return x
}

// modelUnits is the unit a rate's amount may name for each pricing
// model: "32/hr" fits per_agent_hour, "32/contact" does not.
var modelUnits = map[string]string{"per_agent_hour": "hour", "per_contact": "contact", "per_complete": "complete",
	"per_message": "message"}

// PriceField reads the price of one unit of model typed in dollars
// ("24.50", "$24.50/hr"), as the rate lines do, for other forms that
// price by the same models (a quote's pricing); a problem is added to fe
// under field.
func PriceField(s, field, model string, fe *callmatch.FieldErrors) int64 {
	return moneyField(s, field, modelUnits[model], MaxRateCents, fe)
}

// moneyField reads an amount typed in dollars in any of the ways
// callmatch.ParseMoney accepts. Its problems are said in dollars, as the
// form asks for them, with what was typed: the form shows the cents the
// API stores nowhere. A unit after the amount must be unit (none when
// unit is "").
func moneyField(s, field, unit string, maxCents int64, fe *callmatch.FieldErrors) int64 {
	if s = strings.TrimSpace(s); s == "" {
		return 0
	}
	n, per, ok := callmatch.ParseMoney(s)
	switch {
	case !ok:
		fe.Addf(field, "must be an amount in dollars, like 32.50, $1,250 or 32/hr; got %q", s)
	case per != "" && per != unit:
		if unit == "" {
			fe.Addf(field, "is an amount in dollars without a unit, like 500; got %q", s)
		} else {
			fe.Addf(field, "says per %s, but the pricing is per %s; got %q", per, unit, s)
		}
	case n > maxCents:
		fe.Addf(field, "must be at most %s; got %s", dollarText(maxCents), dollarText(n))
	default:
		return n
	}
	return 0
}

// dollarText shows cents in an error message: 1250000 → "$12,500".
func dollarText(cents int64) string {
	d := strconv.FormatInt(cents/100, 10)
	for i := len(d) - 3; i > 0; i -= 3 {
		d = d[:i] + "," + d[i:]
	}
	if c := cents % 100; c != 0 {
		return fmt.Sprintf("$%s.%02d", d, c)
	}
	return "$" + d
}

// splitCodes reads "TX, az ,NM" as [TX AZ NM].
func splitCodes(s string) []string {
	out := []string{}
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		out = append(out, strings.ToUpper(f))
	}
	return out
}

// nonEmpty keeps the values of a repeated check box.
func nonEmpty(vs []string) []string {
	out := []string{}
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// at returns the i-th value of a repeated field, or "".
func at(vs []string, i int) string {
	if i < len(vs) {
		return strings.TrimSpace(vs[i])
	}
	return ""
}
