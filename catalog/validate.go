package catalog

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"callmatch"
)

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Limits that keep one vendor document a reasonable size.
const (
	maxNameLen        = 200
	maxDescriptionLen = 5000
	maxSeats          = 100000
	maxListLen        = 200
	maxCalendarWeeks  = 104
)

// MaxRateCents bounds a rate's amount_cents and MaxMinimumCents its
// minimum_cents: $100,000 an hour, a contact, a complete or a message, or a
// minimum order of $100 million, is far beyond any calling program, so more
// is a typing mistake. The bounds also keep the engine's projected cost of
// the largest program (matching.MaxRecords × 20 attempts) inside int64.
const (
	MaxRateCents    = 10_000_000
	MaxMinimumCents = 10_000_000_000
)

// MaxAgentWageFloorCents bounds a declared or required agent wage: $200 an
// hour is no call-center wage, so more is a typo (cents for dollars, say).
const MaxAgentWageFloorCents = 20000

// Validate checks the meaning of a vendor and returns an EINVALID
// *callmatch.Error whose fields name each problem and the allowed values.
func (v *Vendor) Validate() error {
	var fe callmatch.FieldErrors
	v.checkText(&fe)
	if strings.TrimSpace(v.Name) == "" {
		fe.Add("name", "is required")
	} else if len(v.Name) > maxNameLen {
		fe.Addf("name", "must be at most %d characters", maxNameLen)
	}
	if !slugPattern.MatchString(v.Slug) || len(v.Slug) > 80 {
		fe.Add("slug", "must be 1-80 lowercase letters, digits and single hyphens, like lone-star-contact")
	}
	if !VendorStatuses.Has(v.Status) {
		fe.Add("status", "must be "+VendorStatuses.Allowed())
	}
	if v.Website != "" {
		if u, err := url.Parse(v.Website); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			fe.Add("website", "must be an http or https address")
		}
	}
	if len(v.Description) > maxDescriptionLen {
		fe.Addf("description", "must be at most %d characters", maxDescriptionLen)
	}
	checkCodes(&fe, "serves", v.Serves, Affiliations)
	checkCodes(&fe, "services", v.Services, Services)
	checkCodes(&fe, "dialing_modes", v.DialingModes, DialingModes)
	checkCodes(&fe, "state_experience", v.StateExperience, States)
	checkCodes(&fe, "issue_experience", v.IssueExperience, IssueAreas)
	checkCodes(&fe, "audience_experience", v.AudienceExperience, Audiences)
	v.Labor.validate(&fe)
	v.validateSites(&fe)
	v.validateLanguages(&fe)
	v.validateCapacity(&fe)
	v.validateRates(&fe)
	v.validateCertifications(&fe)
	checkShare(&fe, "metrics.contact_rate", v.Metrics.ContactRate)
	checkShare(&fe, "metrics.qa_score", v.Metrics.QAScore)
	return fe.Err()
}

// checkText refuses text that is not UTF-8, first, so that its field
// names that problem rather than a pattern it also fails. Browsers send
// UTF-8; other bytes would be changed on the way into JSON and refused by
// PostgreSQL in a column.
func (v *Vendor) checkText(fe *callmatch.FieldErrors) {
	text := func(field, s string) {
		if !utf8.ValidString(s) {
			fe.Add(field, "must be text in UTF-8")
		}
	}
	list := func(field string, ss []string) {
		for i, s := range ss {
			text(fmt.Sprintf("%s[%d]", field, i), s)
		}
	}
	text("name", v.Name)
	text("slug", v.Slug)
	text("status", v.Status)
	text("website", v.Website)
	text("description", v.Description)
	list("serves", v.Serves)
	list("services", v.Services)
	list("dialing_modes", v.DialingModes)
	list("state_experience", v.StateExperience)
	list("issue_experience", v.IssueExperience)
	list("audience_experience", v.AudienceExperience)
	if v.Labor != nil {
		text("labor.employment", v.Labor.Employment)
	}
	for i, s := range v.Sites {
		p := fmt.Sprintf("sites[%d].", i)
		text(p+"country", s.Country)
		text(p+"region", s.Region)
		text(p+"city", s.City)
		text(p+"timezone", s.Timezone)
	}
	for i, l := range v.Languages {
		text(fmt.Sprintf("languages[%d].code", i), l.Code)
	}
	for i, r := range v.Rates {
		text(fmt.Sprintf("rates[%d].service", i), r.Service)
		text(fmt.Sprintf("rates[%d].model", i), r.Model)
	}
	for i, c := range v.Certifications {
		p := fmt.Sprintf("certifications[%d].", i)
		text(p+"kind", c.Kind)
		text(p+"status", c.Status)
		text(p+"reason", c.Reason)
	}
}

func (v *Vendor) validateSites(fe *callmatch.FieldErrors) {
	checkLen(fe, "sites", len(v.Sites))
	for i, s := range v.Sites {
		p := fmt.Sprintf("sites[%d]", i)
		if !Countries.Has(s.Country) {
			fe.Add(p+".country", "must be an ISO 3166-1 alpha-2 code such as US, MX, PH")
		}
		if s.Country == "US" && !States.Has(s.Region) {
			fe.Add(p+".region", "must be a USPS state code for a US site, "+States.Allowed())
		}
		if strings.TrimSpace(s.City) == "" {
			fe.Add(p+".city", "is required")
		}
		if !validTimezone(s.Timezone) {
			fe.Add(p+".timezone", "must be an IANA time zone such as America/Chicago")
		}
		checkSeats(fe, p+".seats", s.Seats)
	}
}

// validate checks a declaration; nil (nothing declared) is valid.
func (l *Labor) validate(fe *callmatch.FieldErrors) {
	if l == nil {
		return
	}
	CheckWageCents(fe, "labor.agent_wage_floor_cents", l.AgentWageFloorCents)
	if !AgentEmployment.Has(l.Employment) {
		fe.Add("labor.employment", "must be "+AgentEmployment.Allowed())
	}
}

// CheckWageCents checks an hourly agent wage in cents, declared by a vendor
// or required by a campaign.
func CheckWageCents(fe *callmatch.FieldErrors, field string, cents int64) {
	if cents < 0 || cents > MaxAgentWageFloorCents {
		fe.Addf(field, "must be between 0 and %d cents an hour ($0 to $%d an hour); got %d",
			MaxAgentWageFloorCents, MaxAgentWageFloorCents/100, cents)
	}
}

func (v *Vendor) validateLanguages(fe *callmatch.FieldErrors) {
	checkLen(fe, "languages", len(v.Languages))
	seen := map[string]bool{}
	// A language's seats are some of the sites' seats, never more: the
	// engine would otherwise sell seats that no floor has. A vendor with
	// no site yet (the draft an approved application makes, with the seats
	// the applicant declared on every language) has nothing to compare
	// with until it adds one; sites with seats out of range are reported
	// on their own, not again here.
	total := v.TotalSeats()
	sitesOK := len(v.Sites) > 0 && !slices.ContainsFunc(v.Sites, func(s Site) bool { return s.Seats < 0 || s.Seats > maxSeats })
	for i, l := range v.Languages {
		p := fmt.Sprintf("languages[%d]", i)
		if !Languages.Has(l.Code) {
			fe.Add(p+".code", "must be an ISO 639-1 two-letter code such as en, es, zh, vi")
		} else if seen[l.Code] {
			fe.Addf(p+".code", "%s is listed twice", l.Code)
		}
		seen[l.Code] = true
		checkSeats(fe, p+".seats", l.Seats)
		if sitesOK && l.Seats > total && l.Seats <= maxSeats {
			fe.Addf(p+".seats", "%d %s seats are more than the %d seats across all sites; give at most %d",
				l.Seats, LanguageName(l.Code), total, total)
		}
	}
}

// Validate checks a capacity on its own, for PUT …/capacity.
func (c Capacity) Validate() error {
	var fe callmatch.FieldErrors
	c.validate(&fe, "capacity")
	return fe.Err()
}

func (v *Vendor) validateCapacity(fe *callmatch.FieldErrors) { v.Capacity.validate(fe, "capacity") }

func (c Capacity) validate(fe *callmatch.FieldErrors, prefix string) {
	if !(c.HoursPerDay > 0 && c.HoursPerDay <= 24) { // also rejects NaN
		fe.Add(prefix+".hours_per_day", "must be more than 0 and at most 24")
	}
	if c.RampUpDays < 0 || c.RampUpDays > 365 {
		fe.Add(prefix+".ramp_up_days", "must be between 0 and 365")
	}
	if len(c.Calendar) > maxCalendarWeeks {
		fe.Addf(prefix+".calendar", "must have at most %d weeks", maxCalendarWeeks)
	}
	seen := map[callmatch.Date]bool{}
	for i, w := range c.Calendar {
		p := fmt.Sprintf("%s.calendar[%d]", prefix, i)
		switch {
		case w.WeekStart.IsZero():
			fe.Add(p+".week_start", "is required (YYYY-MM-DD, a Monday)")
		case WeekStart(w.WeekStart) != w.WeekStart:
			fe.Addf(p+".week_start", "must be a Monday; %s is a %s", w.WeekStart, w.WeekStart.Weekday())
		case seen[w.WeekStart]:
			fe.Addf(p+".week_start", "week %s is listed twice", w.WeekStart)
		}
		seen[w.WeekStart] = true
		checkSeats(fe, p+".seats_available", w.SeatsAvailable)
	}
}

func (v *Vendor) validateRates(fe *callmatch.FieldErrors) {
	checkLen(fe, "rates", len(v.Rates))
	seen := map[string]bool{}
	for i, r := range v.Rates {
		p := fmt.Sprintf("rates[%d]", i)
		if !Services.Has(r.Service) {
			fe.Add(p+".service", "must be "+Services.Allowed())
		}
		if !PricingModels.Has(r.Model) {
			fe.Add(p+".model", "must be "+PricingModels.Allowed())
		}
		switch {
		case r.AmountCents <= 0:
			fe.Add(p+".amount_cents", "must be a positive number of cents")
		case r.AmountCents > MaxRateCents:
			fe.Addf(p+".amount_cents", "must be at most %d cents", MaxRateCents)
		}
		switch {
		case r.MinimumCents < 0:
			fe.Add(p+".minimum_cents", "must not be negative")
		case r.MinimumCents > MaxMinimumCents:
			fe.Addf(p+".minimum_cents", "must be at most %d cents", MaxMinimumCents)
		}
		if seen[r.Service] {
			fe.Addf(p+".service", "%s has more than one rate; give one rate per service", r.Service)
		}
		seen[r.Service] = true
	}
}

func (v *Vendor) validateCertifications(fe *callmatch.FieldErrors) {
	checkLen(fe, "certifications", len(v.Certifications))
	for i, c := range v.Certifications {
		if err := c.validate(fmt.Sprintf("certifications[%d]", i)); err != nil {
			for k, m := range err {
				fe.Add(k, m)
			}
		}
	}
}

// Validate checks a certification submitted on its own.
func (c Certification) Validate() error {
	fe := c.validate("")
	return fe.Err()
}

func (c Certification) validate(prefix string) callmatch.FieldErrors {
	var fe callmatch.FieldErrors
	p := func(f string) string {
		if prefix == "" {
			return f
		}
		return prefix + "." + f
	}
	if !CertificationKinds.Has(c.Kind) {
		fe.Add(p("kind"), "must be "+CertificationKinds.Allowed())
	}
	if !CertificationStatuses.Has(c.Status) {
		fe.Add(p("status"), "must be "+CertificationStatuses.Allowed())
	}
	if c.ExpiresOn.IsZero() {
		fe.Add(p("expires_on"), "is required (YYYY-MM-DD)")
	} else if !c.IssuedOn.IsZero() && c.ExpiresOn <= c.IssuedOn {
		fe.Add(p("expires_on"), "must be after issued_on")
	}
	return fe
}

func checkCodes(fe *callmatch.FieldErrors, field string, got []string, allowed Codes) {
	checkLen(fe, field, len(got))
	seen := map[string]bool{}
	for i, c := range got {
		switch {
		case !allowed.Has(c):
			fe.Addf(fmt.Sprintf("%s[%d]", field, i), "%q is not allowed; must be %s", c, allowed.Allowed())
		case seen[c]:
			fe.Addf(fmt.Sprintf("%s[%d]", field, i), "%s is listed twice", c)
		}
		seen[c] = true
	}
}

func checkLen(fe *callmatch.FieldErrors, field string, n int) {
	if n > maxListLen {
		fe.Addf(field, "must have at most %d entries", maxListLen)
	}
}

func checkSeats(fe *callmatch.FieldErrors, field string, n int) {
	if n < 0 || n > maxSeats {
		fe.Addf(field, "must be between 0 and %d", maxSeats)
	}
}

func checkShare(fe *callmatch.FieldErrors, field string, x float64) {
	if !(x >= 0 && x <= 1) { // also rejects NaN
		fe.Add(field, "must be between 0 and 1")
	}
}

func validTimezone(tz string) bool {
	if tz == "UTC" {
		return true
	}
	if len(tz) < 3 || len(tz) > 64 || !strings.Contains(tz, "/") {
		return false
	}
	for _, r := range tz {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("/_-+", r)) {
			return false
		}
	}
	return true
}

// Slugify turns a vendor name into a slug candidate: "Lone Star Contact" →
// "lone-star-contact".
func Slugify(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case b.Len() > 0 && !dash:
			b.WriteByte('-')
			dash = true
		}
	}
	s := strings.TrimSuffix(b.String(), "-")
	if len(s) > 80 {
		s = strings.TrimSuffix(s[:80], "-")
	}
	return s
}
