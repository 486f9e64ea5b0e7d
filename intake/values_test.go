package intake

import (
	"errors"
	"net/url"
	"slices"
	"strings"
	"testing"

	"callmatch"
	"callmatch/matching"
)

// A form post whose free text is not UTF-8 is refused naming the field,
// rather than stored with the bytes replaced.
func TestParseValuesRefusesInvalidUTF8(t *testing.T) {
	for _, field := range freeText {
		v := url.Values{field: {"Abc \xff\xfe"}}
		_, err := ParseValues(v)
		var e *callmatch.Error
		if !errors.As(err, &e) || e.Code != callmatch.EINVALID {
			t.Fatalf("%s: err = %v, want EINVALID", field, err)
		}
		if msg := e.Fields[field]; msg != "must be text in UTF-8" {
			t.Errorf("%s: field error %q, want the UTF-8 message; all: %v", field, msg, e.Fields)
		}
	}
	_, err := ParseValues(url.Values{"campaign.name": {"Ñandú für Señora"}})
	var e *callmatch.Error
	if errors.As(err, &e) {
		if _, bad := e.Fields["campaign.name"]; bad {
			t.Errorf("valid UTF-8 refused: %v", e.Fields)
		}
	}
}

// htmlForm is the consultation page's form as a browser sends it: the
// API's field names, languages as lines in percent (two left empty),
// money in dollars, the cell share in percent.
func htmlForm() url.Values {
	return url.Values{
		"campaign.name": {" Garcia for Congress "}, "campaign.sponsor_type": {"candidate"},
		"campaign.affiliation": {"democratic"}, "campaign.challenger_in_primary": {"on"},
		"contact.name": {"Ana Garcia"}, "contact.email": {"ana@garcia.example.org"},
		"services": {"gotv", "polling"}, "target_states": {"tx, az"}, "records": {"20,000"},
		"attempts_per_record": {"2"}, "completes_target": {"400"},
		"start_date": {"2027-09-20"}, "end_date": {"2027-11-01"},
		"languages[0].code": {"en"}, "languages[0].percent": {"70"},
		"languages[1].code": {""}, "languages[1].percent": {""},
		"languages[2].code": {"es"}, "languages[2].percent": {"30%"},
		"languages[3].code": {""}, "languages[3].percent": {""},
		"budget_dollars": {"$150,000"}, "requirements.cell_percent": {"40"},
		"requirements.certifications": {"pci_dss"}, "key": {"abc"}, "homepage": {""},
	}
}

func TestParseValuesReadsThePage(t *testing.T) {
	f, err := ParseValues(htmlForm())
	if err != nil {
		t.Fatal(err)
	}
	want := []matching.LanguageShare{{Code: "en", Share: 0.7}, {Code: "es", Share: 0.3}}
	switch {
	case f.Campaign.Name != "Garcia for Congress" || !f.Campaign.ChallengerInPrimary:
		t.Errorf("campaign %+v", f.Campaign)
	case !slices.Equal(f.TargetStates, []string{"TX", "AZ"}) || f.Records != 20000 || f.CompletesTarget != 400:
		t.Errorf("program %v %d %d", f.TargetStates, f.Records, f.CompletesTarget)
	case !slices.Equal(f.Languages, want):
		t.Errorf("languages %v, want %v", f.Languages, want)
	case f.BudgetCents != 15_000_000 || f.Requirements.CellShare != 0.4:
		t.Errorf("budget %d, cell share %v", f.BudgetCents, f.Requirements.CellShare)
	}
}

// Every problem, of syntax or of meaning, is filed under the input it came
// from: a language line under its own number even after empty lines, the
// dollars and percentages under their own names, a list's entry under the
// list.
func TestParseValuesFilesErrorsUnderInputs(t *testing.T) {
	v := htmlForm()
	v.Set("languages[2].code", "xx")          // meaning: not a language (third line, second given)
	v.Set("languages[2].percent", "20")       // sums to 90
	v.Set("languages[3].percent", "lots")     // syntax, on a line without a code
	v.Set("target_states", "TX, ZZ")          // meaning: an entry of a list
	v.Set("budget_dollars", "$1.234")         // syntax
	v.Set("requirements.cell_percent", "140") // out of range
	v.Set("contact.email", "ana-at-garcia")   // meaning
	v.Set("attempts_per_record", "two")       // syntax
	_, err := ParseValues(v)
	var e *callmatch.Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v", err)
	}
	for _, field := range []string{"languages[2].code", "languages[3].percent", "languages[3].code", "languages", "target_states",
		"budget_dollars", "requirements.cell_percent", "contact.email", "attempts_per_record"} {
		if e.Fields[field] == "" {
			t.Errorf("no error under %s; all: %v", field, e.Fields)
		}
	}
	for field := range e.Fields {
		if strings.Contains(field, "share") || strings.Contains(field, "cents") || strings.HasPrefix(field, "target_states[") {
			t.Errorf("error under %s, a name the page does not have; all: %v", field, e.Fields)
		}
	}
	if len(e.Fields) != 9 {
		t.Errorf("%d errors, want 9: %v", len(e.Fields), e.Fields)
	}
}

// The API's own encodings still work: code:share pairs and cents.
func TestParseValuesAPIEncodings(t *testing.T) {
	v := htmlForm()
	for k := range v {
		if strings.HasPrefix(k, "languages[") {
			delete(v, k)
		}
	}
	v.Del("budget_dollars")
	v.Set("budget_cents", "500")
	v.Set("languages", "en:0.6,zh:0.4")
	f, err := ParseValues(v)
	if err != nil || f.BudgetCents != 500 || len(f.Languages) != 2 || f.Languages[1] != (matching.LanguageShare{Code: "zh", Share: 0.4}) {
		t.Fatalf("%+v, %v", f.Languages, err)
	}
	v.Set("languages", "en:0.6,zh")
	if _, err := ParseValues(v); !errors.As(err, new(*callmatch.Error)) || err.(*callmatch.Error).Fields["languages[1]"] == "" {
		t.Fatalf("a pair without a share: %v", err)
	}
}
