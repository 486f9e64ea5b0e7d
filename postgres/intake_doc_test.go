package postgres

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"callmatch"
	"callmatch/intake"
	"callmatch/matching"
)

// storedForm is a row's form as the store has written it since the first
// migration. It must keep reading, whatever the domain's JSON tags become.
const storedForm = `{"campaign":{"name":"Garcia for Congress","sponsor_type":"candidate","affiliation":"democratic",` +
	`"office_level":"federal","race":"TX-23","challenger_in_primary":true},"services":["gotv"],"target_states":["TX"],` +
	`"records":20000,"attempts_per_record":2,"completes_target":0,"start_date":"2027-09-20","end_date":"2027-11-01",` +
	`"languages":[{"code":"en","share":0.7},{"code":"es","share":0.3}],"budget_cents":15000000,` +
	`"requirements":{"union_required":true,"domestic_only":false,"takes_card_payments":false,"cell_share":0.4,` +
	`"cell_consent":true,"certifications":["pci_dss"]},"priorities":{"cost":0.5,"quality":0.5,"capacity":0,` +
	`"experience":0,"readiness":0},"message":"Call after 5pm."}`

func storedFormValue() intake.Form {
	start, _ := callmatch.ParseDate("2027-09-20")
	end, _ := callmatch.ParseDate("2027-11-01")
	return intake.Form{
		Campaign: intake.Campaign{Name: "Garcia for Congress", SponsorType: "candidate", Affiliation: "democratic",
			OfficeLevel: "federal", Race: "TX-23", ChallengerInPrimary: true},
		Services: []string{"gotv"}, TargetStates: []string{"TX"}, Records: 20000, AttemptsPerRecord: 2,
		StartDate: start, EndDate: end,
		Languages:   []matching.LanguageShare{{Code: "en", Share: 0.7}, {Code: "es", Share: 0.3}},
		BudgetCents: 15_000_000,
		Requirements: matching.Requirements{UnionRequired: true, CellShare: 0.4, CellConsent: true,
			Certifications: []string{"pci_dss"}},
		Priorities: &matching.Weights{Cost: 0.5, Quality: 0.5},
		Message:    "Call after 5pm.",
	}
}

// The stored form document has its own keys: writing a form gives exactly
// the stored bytes (never the contact), and a stored row reads back as the
// form.
func TestIntakeFormDocumentKeys(t *testing.T) {
	f := storedFormValue()
	f.Contact = intake.Contact{Name: "Ana Garcia", Email: "ana@garcia.example.org"}
	b, err := encodeForm(f)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != storedForm {
		t.Errorf("stored form:\n%s\nwant\n%s", b, storedForm)
	}
	row := intakeRow{ID: "i1", Form: []byte(storedForm)}
	in, err := row.toIntake()
	if err != nil {
		t.Fatal(err)
	}
	if want := storedFormValue(); !reflect.DeepEqual(in.Form, want) {
		t.Errorf("read back:\n%+v\nwant\n%+v", in.Form, want)
	}
}

// Contact and shortlist weights are stored under their own keys too.
func TestIntakeContactAndWeightsDocumentKeys(t *testing.T) {
	c, _ := json.Marshal(newContactDoc(intake.Contact{Name: "Ana", Email: "a@b.example", Phone: "5125550100"}))
	if want := `{"name":"Ana","email":"a@b.example","phone":"5125550100"}`; string(c) != want {
		t.Errorf("contact %s, want %s", c, want)
	}
	w, _ := json.Marshal(newWeightsDoc(matching.Weights{Cost: 1, Readiness: 0.25}))
	if want := `{"cost":1,"quality":0,"capacity":0,"experience":0,"readiness":0.25}`; string(w) != want {
		t.Errorf("weights %s, want %s", w, want)
	}
}

// Messaging goals and the wage floor are stored under their own keys and
// read back; the old row above still reads without them (no goals, no
// wage floor), and a form without them is stored as it always was.
func TestIntakeFormDocumentGoals(t *testing.T) {
	f := storedFormValue()
	f.IssueAreas, f.Audiences = []string{"healthcare"}, []string{"seniors", "latino"}
	f.Requirements.MinAgentWageCents = 1800
	b, err := encodeForm(f)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"issue_areas":["healthcare"]`, `"audiences":["seniors","latino"]`, `"min_agent_wage_cents":1800`} {
		if !strings.Contains(string(b), key) {
			t.Errorf("stored form lacks %s: %s", key, b)
		}
	}
	in, err := (&intakeRow{ID: "i1", Form: b}).toIntake()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(in.Form, f) {
		t.Errorf("read back:\n%+v\nwant\n%+v", in.Form, f)
	}
}
