package catalog_test

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"callmatch"
	"callmatch/catalog"
)

// validVendor passes Validate; each case below breaks exactly one rule.
func validVendor() *catalog.Vendor {
	d := callmatch.MustParseDate
	return &catalog.Vendor{
		ID: "b3a1f0c2-0000-5000-8000-000000000001", Slug: "lone-star-contact", Name: "Lone Star Contact",
		Status: catalog.StatusActive, Website: "https://lonestar.example", Description: "Union floor in Austin.",
		Serves: []string{"democratic", "nonpartisan"}, UnionShop: true,
		Sites: []catalog.Site{
			{Country: "US", Region: "TX", City: "Austin", Timezone: "America/Chicago", Seats: 120},
			{Country: "PH", City: "Cebu City", Timezone: "Asia/Manila", Seats: 80}, // regions abroad are free text
		},
		Services:     []string{"gotv", "fundraising"},
		DialingModes: []string{"manual", "click_to_dial", "predictive"},
		Languages:    []catalog.LanguageSeats{{Code: "en", Seats: 200}, {Code: "es", Seats: 45}},
		Capacity: catalog.Capacity{HoursPerDay: 10, RampUpDays: 7, Calendar: []catalog.Week{
			{WeekStart: d("2027-10-04"), SeatsAvailable: 80}, {WeekStart: d("2027-10-11"), SeatsAvailable: 60}}},
		Rates: []catalog.Rate{
			{Service: "gotv", Model: "per_agent_hour", AmountCents: 2800, MinimumCents: 500000},
			{Service: "fundraising", Model: "per_contact", AmountCents: 180}},
		Certifications: []catalog.Certification{
			{Kind: "pci_dss", Status: "verified", IssuedOn: d("2026-01-10"), ExpiresOn: d("2027-01-10")},
			{Kind: "soc2_type2", Status: "pending", ExpiresOn: d("2027-06-30")}}, // issued_on is optional
		StateExperience: []string{"TX", "AZ"}, IssueExperience: []string{"healthcare", "immigration"},
		AudienceExperience: []string{"seniors", "latino"},
		Labor:              &catalog.Labor{AgentWageFloorCents: 1750, Employment: "employed", Benefits: true},
		Metrics:            catalog.Metrics{ContactRate: 0.12, QAScore: 0.92},
	}
}

// fieldErrors returns the fields of a Validate error, failing on any error
// that is not an EINVALID *callmatch.Error.
func fieldErrors(t *testing.T, err error) map[string]string {
	t.Helper()
	if err == nil {
		return nil
	}
	var e *callmatch.Error
	if !errors.As(err, &e) || e.Code != callmatch.EINVALID {
		t.Fatalf("error %v is not an EINVALID *callmatch.Error", err)
	}
	return e.Fields
}

func TestVendorValidate(t *testing.T) {
	d := callmatch.MustParseDate
	weeks := func(n int) []catalog.Week {
		ws := make([]catalog.Week, n)
		for i := range ws {
			ws[i] = catalog.Week{WeekStart: d("2027-01-04").AddDays(7 * i), SeatsAvailable: 1}
		}
		return ws
	}
	tests := []struct {
		name   string
		change func(v *catalog.Vendor)
		field  string // "" means the vendor stays valid
		want   string // a substring of the message
	}{
		{"valid", func(v *catalog.Vendor) {}, "", ""},
		{"minimal", func(v *catalog.Vendor) {
			*v = catalog.Vendor{Name: "X", Slug: "x", Status: "draft", Capacity: catalog.Capacity{HoursPerDay: 8}}
		}, "", ""},
		{"timezone UTC", func(v *catalog.Vendor) { v.Sites[0].Timezone = "UTC" }, "", ""},
		{"zero seats", func(v *catalog.Vendor) { v.Sites[0].Seats, v.Languages[0].Seats = 0, 80 }, "", ""},
		{"language seats equal to the sites'", func(v *catalog.Vendor) { v.Languages[1].Seats = 200 }, "", ""},
		{"language seats beyond the sites'", func(v *catalog.Vendor) { v.Languages[1].Seats = 400 },
			"languages[1].seats", "400 Spanish seats are more than the 200 seats across all sites; give at most 200"},
		{"language seats before any site", func(v *catalog.Vendor) { v.Sites = nil }, "", ""},
		{"language seats beyond a zero-seat site", func(v *catalog.Vendor) { v.Sites = v.Sites[:1]; v.Sites[0].Seats = 0; v.Languages = v.Languages[1:] },
			"languages[0].seats", "45 Spanish seats are more than the 0 seats across all sites"},

		{"name missing", func(v *catalog.Vendor) { v.Name = "  " }, "name", "is required"},
		{"name too long", func(v *catalog.Vendor) { v.Name = strings.Repeat("n", 201) }, "name", "at most 200 characters"},
		{"slug empty", func(v *catalog.Vendor) { v.Slug = "" }, "slug", "lowercase letters, digits and single hyphens"},
		{"slug upper case", func(v *catalog.Vendor) { v.Slug = "Lone-Star" }, "slug", "like lone-star-contact"},
		{"slug double hyphen", func(v *catalog.Vendor) { v.Slug = "lone--star" }, "slug", "single hyphens"},
		{"slug leading hyphen", func(v *catalog.Vendor) { v.Slug = "-lone" }, "slug", "single hyphens"},
		{"slug too long", func(v *catalog.Vendor) { v.Slug = strings.Repeat("a", 81) }, "slug", "1-80"},
		{"status unknown", func(v *catalog.Vendor) { v.Status = "live" }, "status",
			"must be one of draft, pending_review, active, suspended"},
		{"status missing", func(v *catalog.Vendor) { v.Status = "" }, "status", "must be one of draft"},
		{"website scheme", func(v *catalog.Vendor) { v.Website = "ftp://lonestar.example" }, "website", "http or https"},
		{"website no host", func(v *catalog.Vendor) { v.Website = "https://" }, "website", "http or https"},
		{"website not a URL", func(v *catalog.Vendor) { v.Website = "lonestar.example" }, "website", "http or https"},
		{"description too long", func(v *catalog.Vendor) { v.Description = strings.Repeat("d", 5001) }, "description", "at most 5000"},

		{"serves unknown", func(v *catalog.Vendor) { v.Serves[1] = "green" }, "serves[1]",
			`"green" is not allowed; must be one of democratic, republican, independent, nonpartisan`},
		{"serves twice", func(v *catalog.Vendor) { v.Serves[1] = "democratic" }, "serves[1]", "democratic is listed twice"},
		{"services unknown", func(v *catalog.Vendor) { v.Services[0] = "robocalls" }, "services[0]",
			"must be one of gotv, persuasion, voter_id, fundraising, polling, advocacy, voter_registration, tele_town_hall, p2p_texting, ivr_broadcast, inbound_hotline"},
		{"dialing mode unknown", func(v *catalog.Vendor) { v.DialingModes[2] = "autodial" }, "dialing_modes[2]",
			"must be one of manual, click_to_dial, preview, predictive, prerecorded, p2p_sms"},
		{"state unknown", func(v *catalog.Vendor) { v.StateExperience[1] = "PR" }, "state_experience[1]", `"PR" is not allowed; must be one of AL, AK`},
		{"issue area unknown", func(v *catalog.Vendor) { v.IssueExperience[1] = "crime" }, "issue_experience[1]",
			`"crime" is not allowed; must be one of economy, healthcare, education, immigration, public_safety, environment, housing, veterans_affairs, reproductive_rights, gun_policy, taxes, labor, voting_access, local_ballot_measure`},
		{"issue area twice", func(v *catalog.Vendor) { v.IssueExperience[1] = "healthcare" }, "issue_experience[1]", "healthcare is listed twice"},
		{"audience unknown", func(v *catalog.Vendor) { v.AudienceExperience[0] = "elderly" }, "audience_experience[0]",
			`"elderly" is not allowed; must be one of seniors, young_voters, first_time_voters, veterans, rural, union_households, faith_communities, latino, black, aapi, native_american, small_donors, major_donors, low_propensity`},
		{"audience twice", func(v *catalog.Vendor) { v.AudienceExperience[1] = "seniors" }, "audience_experience[1]", "seniors is listed twice"},
		{"no labor declared", func(v *catalog.Vendor) { v.Labor = nil }, "", ""},
		{"wage floor zero", func(v *catalog.Vendor) { v.Labor.AgentWageFloorCents = 0 }, "", ""},
		{"wage floor $200", func(v *catalog.Vendor) { v.Labor.AgentWageFloorCents = 20000 }, "", ""},
		{"wage floor negative", func(v *catalog.Vendor) { v.Labor.AgentWageFloorCents = -1 }, "labor.agent_wage_floor_cents",
			"must be between 0 and 20000 cents an hour ($0 to $200 an hour); got -1"},
		{"wage floor absurd", func(v *catalog.Vendor) { v.Labor.AgentWageFloorCents = 20001 }, "labor.agent_wage_floor_cents", "between 0 and 20000"},
		{"employment unknown", func(v *catalog.Vendor) { v.Labor.Employment = "volunteer" }, "labor.employment",
			"must be one of employed, contracted, mixed"},
		{"employment missing", func(v *catalog.Vendor) { v.Labor.Employment = "" }, "labor.employment", "must be one of employed"},
		{"list too long", func(v *catalog.Vendor) { v.Sites = slices.Repeat(v.Sites[:1], 201) }, "sites", "at most 200 entries"},

		{"site country", func(v *catalog.Vendor) { v.Sites[1].Country = "PHL" }, "sites[1].country", "ISO 3166-1 alpha-2"},
		{"site US region", func(v *catalog.Vendor) { v.Sites[0].Region = "Texas" }, "sites[0].region", "USPS state code for a US site, one of AL"},
		{"site city", func(v *catalog.Vendor) { v.Sites[1].City = "" }, "sites[1].city", "is required"},
		{"site timezone", func(v *catalog.Vendor) { v.Sites[0].Timezone = "Central" }, "sites[0].timezone", "IANA time zone"},
		{"site timezone characters", func(v *catalog.Vendor) { v.Sites[0].Timezone = "America/Chi cago" }, "sites[0].timezone", "IANA"},
		{"site seats negative", func(v *catalog.Vendor) { v.Sites[0].Seats = -1 }, "sites[0].seats", "between 0 and 100000"},
		{"site seats too many", func(v *catalog.Vendor) { v.Sites[0].Seats = 100001 }, "sites[0].seats", "between 0 and 100000"},

		{"language code", func(v *catalog.Vendor) { v.Languages[1].Code = "spa" }, "languages[1].code", "ISO 639-1"},
		{"language twice", func(v *catalog.Vendor) { v.Languages[1].Code = "en" }, "languages[1].code", "en is listed twice"},
		{"language seats", func(v *catalog.Vendor) { v.Languages[0].Seats = -5 }, "languages[0].seats", "between 0 and"},

		{"hours zero", func(v *catalog.Vendor) { v.Capacity.HoursPerDay = 0 }, "capacity.hours_per_day", "more than 0 and at most 24"},
		{"hours too many", func(v *catalog.Vendor) { v.Capacity.HoursPerDay = 24.5 }, "capacity.hours_per_day", "at most 24"},
		{"ramp-up negative", func(v *catalog.Vendor) { v.Capacity.RampUpDays = -1 }, "capacity.ramp_up_days", "between 0 and 365"},
		{"ramp-up too long", func(v *catalog.Vendor) { v.Capacity.RampUpDays = 366 }, "capacity.ramp_up_days", "between 0 and 365"},
		{"calendar too long", func(v *catalog.Vendor) { v.Capacity.Calendar = weeks(105) }, "capacity.calendar", "at most 104 weeks"},
		{"week missing", func(v *catalog.Vendor) { v.Capacity.Calendar[0].WeekStart = 0 }, "capacity.calendar[0].week_start", "is required"},
		{"week not a Monday", func(v *catalog.Vendor) { v.Capacity.Calendar[1].WeekStart = d("2027-10-12") },
			"capacity.calendar[1].week_start", "must be a Monday; 2027-10-12 is a Tuesday"},
		{"week twice", func(v *catalog.Vendor) { v.Capacity.Calendar[1].WeekStart = d("2027-10-04") },
			"capacity.calendar[1].week_start", "listed twice"},
		{"week seats", func(v *catalog.Vendor) { v.Capacity.Calendar[0].SeatsAvailable = -1 },
			"capacity.calendar[0].seats_available", "between 0 and"},

		{"rate service", func(v *catalog.Vendor) { v.Rates[0].Service = "calls" }, "rates[0].service", "must be one of gotv, persuasion"},
		{"rate model", func(v *catalog.Vendor) { v.Rates[0].Model = "per_hour" }, "rates[0].model",
			"must be one of per_agent_hour, per_contact, per_complete, per_message"},
		{"rate amount", func(v *catalog.Vendor) { v.Rates[1].AmountCents = 0 }, "rates[1].amount_cents", "positive number of cents"},
		{"rate minimum", func(v *catalog.Vendor) { v.Rates[0].MinimumCents = -1 }, "rates[0].minimum_cents", "must not be negative"},
		{"rate twice", func(v *catalog.Vendor) { v.Rates[1].Service = "gotv" }, "rates[1].service", "gotv has more than one rate"},

		{"cert kind", func(v *catalog.Vendor) { v.Certifications[0].Kind = "hipaa" }, "certifications[0].kind",
			"must be one of pci_dss, soc2_type1, soc2_type2, iso27001, tcpa_audit, gdpr_dpa"},
		{"cert status", func(v *catalog.Vendor) { v.Certifications[1].Status = "expired" }, "certifications[1].status",
			"must be one of pending, verified, rejected"},
		{"cert expiry missing", func(v *catalog.Vendor) { v.Certifications[0].ExpiresOn = 0 }, "certifications[0].expires_on", "is required"},
		{"cert expiry before issue", func(v *catalog.Vendor) { v.Certifications[0].ExpiresOn = d("2026-01-10") },
			"certifications[0].expires_on", "must be after issued_on"},

		{"contact rate", func(v *catalog.Vendor) { v.Metrics.ContactRate = 1.5 }, "metrics.contact_rate", "between 0 and 1"},
		{"qa score negative", func(v *catalog.Vendor) { v.Metrics.QAScore = -0.1 }, "metrics.qa_score", "between 0 and 1"},
		{"qa score NaN", func(v *catalog.Vendor) { v.Metrics.QAScore = math.NaN() }, "metrics.qa_score", "between 0 and 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := validVendor()
			tt.change(v)
			fields := fieldErrors(t, v.Validate())
			if tt.field == "" {
				if fields != nil {
					t.Fatalf("want valid, got %v", fields)
				}
				return
			}
			msg, ok := fields[tt.field]
			if !ok || len(fields) != 1 {
				t.Fatalf("want exactly field %s, got %v", tt.field, fields)
			}
			if !strings.Contains(msg, tt.want) {
				t.Errorf("%s: message %q does not contain %q", tt.field, msg, tt.want)
			}
		})
	}
}

func TestVendorValidateReportsEveryField(t *testing.T) {
	v := validVendor()
	v.Name, v.Status, v.Sites[0].Timezone, v.Rates[0].Model = "", "live", "Central", "per_hour"
	fields := fieldErrors(t, v.Validate())
	for _, f := range []string{"name", "status", "sites[0].timezone", "rates[0].model"} {
		if _, ok := fields[f]; !ok {
			t.Errorf("missing %s in %v", f, fields)
		}
	}
}

func TestCertificationValidate(t *testing.T) {
	c := catalog.Certification{Kind: "soc3", Status: "verified"}
	fields := fieldErrors(t, c.Validate())
	// On its own, a certification's fields carry no prefix.
	if _, ok := fields["kind"]; !ok || fields["expires_on"] != "is required (YYYY-MM-DD)" || len(fields) != 2 {
		t.Errorf("got %v", fields)
	}
}

func TestCapacityValidate(t *testing.T) {
	c := catalog.Capacity{HoursPerDay: 8, Calendar: []catalog.Week{{WeekStart: callmatch.MustParseDate("2027-10-06")}}}
	fields := fieldErrors(t, c.Validate())
	if msg := fields["capacity.calendar[0].week_start"]; !strings.Contains(msg, "Wednesday") || len(fields) != 1 {
		t.Errorf("got %v", fields)
	}
	if err := (catalog.Capacity{HoursPerDay: 8}).Validate(); err != nil {
		t.Errorf("an empty calendar is valid: %v", err)
	}
}
