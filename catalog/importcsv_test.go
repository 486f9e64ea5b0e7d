package catalog_test

import (
	"bytes"
	"encoding/csv"
	"reflect"
	"strings"
	"testing"

	"callmatch"
	"callmatch/catalog"
	"callmatch/demo"
)

const csvHead = "slug,name,status,website,description,serves,works_against_incumbents,union_shop,services," +
	"dialing_modes,languages,sites,hours_per_day,ramp_up_days,calendar,rates,certifications,state_experience," +
	"issue_experience,audience_experience,labor_wage_floor_cents,labor_employment,labor_benefits," +
	"contact_rate,qa_score,metrics_verified\n"

// csvLine is a valid data row; replace swaps in cells by column name.
func csvLine(replace map[string]string) string {
	cells := map[string]string{
		"slug": "lone-star-contact", "name": "Lone Star Contact", "status": "active",
		"website": "https://lonestar.example", "description": `"Union floor, Austin"`,
		"serves": "democratic;nonpartisan", "works_against_incumbents": "false", "union_shop": "true",
		"services": "gotv;fundraising", "dialing_modes": "manual;predictive", "languages": "en:120;es:45",
		"sites": "US:TX:Austin:America/Chicago:120", "hours_per_day": "10", "ramp_up_days": "7",
		"calendar": "2027-10-04:80;2027-10-11:60", "rates": "gotv:per_agent_hour:2800:500000;fundraising:per_contact:180",
		"certifications":   "pci_dss:verified:2026-01-10:2027-01-10;soc2_type2:rejected::2027-06-30:Scope: wrong entity",
		"state_experience": "TX;AZ", "issue_experience": "healthcare;economy", "audience_experience": "seniors;latino",
		"labor_wage_floor_cents": "1750", "labor_employment": "employed", "labor_benefits": "true", "contact_rate": "0.12", "qa_score": "0.92", "metrics_verified": "yes",
	}
	for k, v := range replace {
		cells[k] = v
	}
	var out []string
	for _, col := range strings.Split(strings.TrimSpace(csvHead), ",") {
		out = append(out, cells[col])
	}
	return strings.Join(out, ",") + "\n"
}

func TestParseVendorFileCSVValid(t *testing.T) {
	d := callmatch.MustParseDate
	want := &catalog.Vendor{
		Slug: "lone-star-contact", Name: "Lone Star Contact", Status: "active", Website: "https://lonestar.example",
		Description: "Union floor, Austin", Serves: []string{"democratic", "nonpartisan"}, UnionShop: true,
		Services: []string{"gotv", "fundraising"}, DialingModes: []string{"manual", "predictive"},
		Languages: []catalog.LanguageSeats{{Code: "en", Seats: 120}, {Code: "es", Seats: 45}},
		Sites:     []catalog.Site{{Country: "US", Region: "TX", City: "Austin", Timezone: "America/Chicago", Seats: 120}},
		Capacity: catalog.Capacity{HoursPerDay: 10, RampUpDays: 7, Calendar: []catalog.Week{
			{WeekStart: d("2027-10-04"), SeatsAvailable: 80}, {WeekStart: d("2027-10-11"), SeatsAvailable: 60}}},
		Rates: []catalog.Rate{{Service: "gotv", Model: "per_agent_hour", AmountCents: 2800, MinimumCents: 500000},
			{Service: "fundraising", Model: "per_contact", AmountCents: 180}},
		Certifications: []catalog.Certification{
			{Kind: "pci_dss", Status: "verified", IssuedOn: d("2026-01-10"), ExpiresOn: d("2027-01-10")},
			{Kind: "soc2_type2", Status: "rejected", ExpiresOn: d("2027-06-30"), Reason: "Scope: wrong entity"}},
		StateExperience: []string{"TX", "AZ"}, IssueExperience: []string{"healthcare", "economy"},
		AudienceExperience: []string{"seniors", "latino"},
		Labor:              &catalog.Labor{AgentWageFloorCents: 1750, Employment: "employed", Benefits: true},
		Metrics:            catalog.Metrics{ContactRate: 0.12, QAScore: 0.92, Verified: true},
	}
	// Columns in another order, padded, upper case, with a byte-order mark.
	cols := strings.Split(strings.TrimSpace(csvHead), ",")
	cols[0], cols[1] = " NAME ", "Slug"
	line := strings.Replace(csvLine(nil), "lone-star-contact,Lone Star Contact", "Lone Star Contact,lone-star-contact", 1)
	vs, problems, err := catalog.ParseVendorFile("vendors.csv", strings.NewReader("\xef\xbb\xbf"+strings.Join(cols, ",")+"\n"+line))
	if err != nil || len(problems) > 0 {
		t.Fatalf("err %v, problems %v", err, problems)
	}
	if len(vs) != 1 || !reflect.DeepEqual(vs[0], want) {
		t.Errorf("got  %+v\nwant %+v", vs[0], want)
	}
}

func TestParseVendorFileCSV(t *testing.T) {
	row := func(m map[string]string) string { return csvHead + csvLine(m) }
	tests := []struct {
		name  string
		input string
		rows  int
		want  []wantProblem
	}{
		{"header only", csvHead, 0, nil},
		{"empty cells", row(map[string]string{"slug": "", "website": "", "serves": "", "languages": "", "sites": "",
			"calendar": "", "rates": "", "certifications": "", "contact_rate": "", "metrics_verified": ""}), 1, nil},
		{"trailing separator", row(map[string]string{"languages": "en:120; es:45;"}), 1, nil},
		{"empty file", "", 0, []wantProblem{{0, "", "the file is empty; the first line must be the header: slug,name,status"}}},
		{"unknown column", strings.Replace(csvHead, "qa_score", "qa", 1), 0,
			[]wantProblem{{0, "qa", "is not a column"}, {0, "qa_score", "column is missing from the header"}}},
		{"missing column", strings.Replace(csvHead, ",rates", "", 1), 0, []wantProblem{{0, "rates", "column is missing"}}},
		{"column twice", strings.Replace(csvHead, "\n", ",slug\n", 1), 0, []wantProblem{{0, "slug", "named twice"}}},
		{"short row", csvHead + "a,b,c\n" + csvLine(nil), 2, []wantProblem{{1, "", "has 3 cells, but the header has 26 columns"}}},
		{"broken quoting", csvHead + csvLine(map[string]string{"description": `say "hi"`}), 0,
			[]wantProblem{{0, "", "malformed CSV at line 2"}}},
		{"rows are records, not lines", csvHead + csvLine(map[string]string{"slug": "a", "description": "\"two\nlines\""}) +
			csvLine(map[string]string{"slug": "b", "status": "live"}), 2, []wantProblem{{2, "status", "must be one of"}}},

		{"entry shape", row(map[string]string{"languages": "en:120;es"}), 1,
			[]wantProblem{{1, "languages[1]", `"es" must be code:seats, like es:45`}}},
		{"whole number", row(map[string]string{"languages": "en:lots"}), 1,
			[]wantProblem{{1, "languages[0].seats", `"lots" is not a whole number`}}},
		{"site parts", row(map[string]string{"sites": "US:TX:Austin:120"}), 1,
			[]wantProblem{{1, "sites[0]", "must be country:region:city:timezone:seats"}}},
		{"site seats", row(map[string]string{"sites": "US:TX:Austin:America/Chicago:120:5"}), 1,
			[]wantProblem{{1, "sites[0].seats", `"120:5" is not a whole number`}}},
		{"boolean", row(map[string]string{"union_shop": "sometimes"}), 1,
			[]wantProblem{{1, "union_shop", `"sometimes" must be true or false`}}},
		{"metrics boolean", row(map[string]string{"metrics_verified": "verified"}), 1,
			[]wantProblem{{1, "metrics.verified", "must be true or false"}}},
		{"number", row(map[string]string{"hours_per_day": "ten"}), 1,
			[]wantProblem{{1, "capacity.hours_per_day", `"ten" is not a number`}}},
		{"not a number", row(map[string]string{"qa_score": "NaN"}), 1, []wantProblem{{1, "metrics.qa_score", "is not a number"}}},
		{"whole days", row(map[string]string{"ramp_up_days": "1.5"}), 1, []wantProblem{{1, "capacity.ramp_up_days", "not a whole number"}}},
		{"calendar date", row(map[string]string{"calendar": "2027-10-04:80;2027-13-01:5"}), 1,
			[]wantProblem{{1, "capacity.calendar[1].week_start", `"2027-13-01" is not a date`}}},
		{"cents", row(map[string]string{"rates": "gotv:per_agent_hour:$28"}), 1,
			[]wantProblem{{1, "rates[0].amount_cents", "is not a whole number of cents"}}},
		{"rate parts", row(map[string]string{"rates": "gotv:2800"}), 1, []wantProblem{{1, "rates[0]", "service:model:amount_cents:minimum_cents"}}},
		{"certification date", row(map[string]string{"certifications": "pci_dss:verified:2026-01-10:next year"}), 1,
			[]wantProblem{{1, "certifications[0].expires_on", "is not a date"}}},
		{"certification parts", row(map[string]string{"certifications": "pci_dss:verified"}), 1,
			[]wantProblem{{1, "certifications[0]", "kind:status:issued_on:expires_on[:reason]"}}},

		{"validation", row(map[string]string{"status": "live", "sites": "US:Texas:Austin:America/Chicago:120"}), 1,
			[]wantProblem{{1, "sites[0].region", "USPS state code"}, {1, "status", "must be one of draft, pending_review, active, suspended"}}},
		{"unknown code", row(map[string]string{"services": "gotv;robocalls"}), 1,
			[]wantProblem{{1, "services[1]", `"robocalls" is not allowed; must be one of gotv`}}},
		{"parse errors hide validation noise", row(map[string]string{"calendar": "2027-13-01:5"}), 1,
			[]wantProblem{{1, "capacity.calendar[0].week_start", "is not a date"}}},
		{"no labor declaration", row(map[string]string{"labor_wage_floor_cents": "", "labor_employment": "", "labor_benefits": ""}), 1, nil},
		{"issue area unknown", row(map[string]string{"issue_experience": "healthcare;crime"}), 1,
			[]wantProblem{{1, "issue_experience[1]", `"crime" is not allowed; must be one of economy, healthcare`}}},
		{"audience twice", row(map[string]string{"audience_experience": "seniors;seniors"}), 1,
			[]wantProblem{{1, "audience_experience[1]", "seniors is listed twice"}}},
		{"wage in dollars", row(map[string]string{"labor_wage_floor_cents": "$17.50"}), 1,
			[]wantProblem{{1, "labor.agent_wage_floor_cents", "is not a whole number of cents"}}},
		{"wage absurd", row(map[string]string{"labor_wage_floor_cents": "250000"}), 1,
			[]wantProblem{{1, "labor.agent_wage_floor_cents", "must be between 0 and 20000 cents an hour"}}},
		{"wage missing", row(map[string]string{"labor_wage_floor_cents": ""}), 1,
			[]wantProblem{{1, "labor.agent_wage_floor_cents", "is required when labor_employment or labor_benefits is given"}}},
		{"employment unknown", row(map[string]string{"labor_employment": "volunteer"}), 1,
			[]wantProblem{{1, "labor.employment", "must be one of employed, contracted, mixed"}}},
		{"benefits boolean", row(map[string]string{"labor_benefits": "some"}), 1,
			[]wantProblem{{1, "labor.benefits", "must be true or false"}}},
		{"slug from name", row(map[string]string{"slug": "", "name": "Lone Star Contact"}), 1, nil},
		{"duplicate slug", csvHead + csvLine(nil) + csvLine(map[string]string{"name": "Other"}), 2,
			[]wantProblem{{2, "slug", "lone-star-contact is already used by row 1"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vs, problems, err := catalog.ParseVendorFile("vendors.csv", strings.NewReader(tt.input))
			if err != nil {
				t.Fatalf("error %v", err)
			}
			if len(vs) != tt.rows {
				t.Errorf("got %d rows, want %d", len(vs), tt.rows)
			}
			checkProblems(t, problems, tt.want)
		})
	}
}

func TestCSVRoundTrip(t *testing.T) {
	want := demo.Vendors(demo.DefaultVendorCount)
	var buf bytes.Buffer
	if err := catalog.WriteVendorCSV(&buf, want); err != nil {
		t.Fatal(err)
	}
	got, problems, err := catalog.ParseVendorFile("demo.csv", bytes.NewReader(buf.Bytes()))
	if err != nil || len(problems) > 0 {
		t.Fatalf("err %v, problems %v", err, problems)
	}
	if len(got) != len(want) {
		t.Fatalf("%d vendors back, want %d", len(got), len(want))
	}
	for i := range want {
		w := *want[i]
		w.ID = "" // CSV carries no ids: an import matches vendors by slug
		if !reflect.DeepEqual(got[i], &w) {
			t.Fatalf("vendor %d changed on the way through CSV:\n got  %+v\n want %+v", i, got[i], &w)
		}
	}
}

func TestWriteVendorCSVHeaderIsDocumented(t *testing.T) {
	var buf bytes.Buffer
	if err := catalog.WriteVendorCSV(&buf, nil); err != nil {
		t.Fatal(err)
	}
	header, err := csv.NewReader(&buf).Read()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(header, ",")+"\n" != csvHead {
		t.Errorf("header %v", header)
	}
	for _, col := range header {
		if !strings.Contains(catalog.CSVColumns, "\n  "+col+" ") {
			t.Errorf("CSVColumns does not document %s", col)
		}
	}
}

func TestWriteVendorCSVRefusesAmbiguousValues(t *testing.T) {
	v := validVendor()
	v.Sites[0].City = "Austin; Round Rock"
	err := catalog.WriteVendorCSV(&bytes.Buffer{}, []*catalog.Vendor{v})
	if err == nil || !strings.Contains(err.Error(), "export JSON instead") {
		t.Errorf("got %v", err)
	}
	v = validVendor()
	v.Certifications[0].Reason = "Scope: wrong entity" // the last part may hold ":"
	if err := catalog.WriteVendorCSV(&bytes.Buffer{}, []*catalog.Vendor{v}); err != nil {
		t.Errorf("reason with a colon: %v", err)
	}
}
