package intake

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"reflect"
	"testing"

	"callmatch"
	"callmatch/matching"
)

func fingerprintForm() Form {
	start, _ := callmatch.ParseDate("2027-09-20")
	end, _ := callmatch.ParseDate("2027-11-01")
	return Form{
		Campaign: Campaign{Name: "Garcia for Congress", SponsorType: "candidate", Affiliation: "democratic",
			OfficeLevel: "federal", Race: "TX-23", ChallengerInPrimary: true},
		Contact:  Contact{Name: "Ana Garcia", Email: "ana@garcia.example.org", Phone: "+1 512 555 0100"},
		Services: []string{"gotv", "polling"}, TargetStates: []string{"TX", "AZ"},
		Records: 20000, AttemptsPerRecord: 2, CompletesTarget: 400, StartDate: start, EndDate: end,
		Languages:   []matching.LanguageShare{{Code: "en", Share: 0.7}, {Code: "es", Share: 0.3}},
		BudgetCents: 15_000_000,
		Requirements: matching.Requirements{UnionRequired: true, DomesticOnly: true, TakesCardPayments: true,
			CellShare: 0.4, CellConsent: true, Certifications: []string{"pci_dss"}, MinAgentWageCents: 1800},
		Priorities: &matching.Weights{Cost: 0.3, Quality: 0.3, Capacity: 0.2, Experience: 0.1, Readiness: 0.1},
		Message:    "Call after 5pm.",
		IssueAreas: []string{"healthcare", "economy"}, Audiences: []string{"seniors"},
	}
}

// The fingerprint of a fixed form never changes: a change would turn every
// retry in flight during a deploy into a conflict. If this fails because
// Form gained a field, that is expected: update the golden value.
//
// A form without the fields added for messaging goals and the wage floor
// keeps the digest it had before they existed.
func TestFingerprintGolden(t *testing.T) {
	old := fingerprintForm()
	old.IssueAreas, old.Audiences, old.Requirements.MinAgentWageCents = nil, nil, 0
	for _, tc := range []struct {
		form   Form
		golden string
	}{
		{old, "cb0ac40d29ffaf2536d93a5cf89cf7c761a18c935b28c084ed31630c41a3b28f"},
		{fingerprintForm(), "5fdaa00d0e6c8a051ae93235e8a8d5a82e90274cb181bc9f9fad10d590216d5b"},
	} {
		sum := sha256.Sum256(tc.form.Fingerprint())
		if got := hex.EncodeToString(sum[:]); got != tc.golden {
			t.Errorf("fingerprint digest %s, want %s\nfingerprint: %q", got, tc.golden, tc.form.Fingerprint())
		}
	}
}

// Every field of the form, however deep, is part of the fingerprint, so a
// retry that changed anything is a conflict rather than a replay; and
// moving a value to a neighbouring field changes it too.
func TestFingerprintCoversEveryField(t *testing.T) {
	base := fingerprintForm()
	want := base.Fingerprint()
	n := 0
	for path, mutate := range leafMutations(reflect.TypeOf(base), "") {
		f := fingerprintForm()
		mutate(reflect.ValueOf(&f).Elem())
		if bytes.Equal(f.Fingerprint(), want) {
			t.Errorf("changing %s does not change the fingerprint", path)
		}
		n++
	}
	if n < 30 {
		t.Fatalf("only %d mutations tried", n)
	}
	// A value moved between two lists, or split differently, differs.
	a, b := fingerprintForm(), fingerprintForm()
	a.Services, a.TargetStates = []string{"gotv"}, []string{"polling", "TX", "AZ"}
	b.Services = []string{"gotvpolling"}
	for _, f := range []Form{a, b} {
		if bytes.Equal(f.Fingerprint(), want) {
			t.Errorf("%v %v has the base fingerprint", f.Services, f.TargetStates)
		}
	}
	// nil priorities differ from zero weights.
	z := fingerprintForm()
	z.Priorities = &matching.Weights{}
	nilp := fingerprintForm()
	nilp.Priorities = nil
	if bytes.Equal(z.Fingerprint(), nilp.Fingerprint()) {
		t.Error("no priorities and zero priorities share a fingerprint")
	}
}

// leafMutations returns, for every leaf field reachable from t (through
// structs, slices' first element and pointers), a change of its value.
func leafMutations(t reflect.Type, path string) map[string]func(reflect.Value) {
	out := map[string]func(reflect.Value){}
	switch t.Kind() {
	case reflect.Struct:
		for i := range t.NumField() {
			sf := t.Field(i)
			for p, m := range leafMutations(sf.Type, path+"."+sf.Name) {
				out[p] = func(v reflect.Value) { m(v.Field(i)) }
			}
		}
	case reflect.Pointer:
		out[path+"(nil)"] = func(v reflect.Value) { v.Set(reflect.Zero(t)) }
		for p, m := range leafMutations(t.Elem(), path) {
			out[p] = func(v reflect.Value) { m(v.Elem()) }
		}
	case reflect.Slice:
		out[path+"(shorter)"] = func(v reflect.Value) { v.Set(v.Slice(0, v.Len()-1)) }
		for p, m := range leafMutations(t.Elem(), path+"[0]") {
			out[p] = func(v reflect.Value) { m(v.Index(0)) }
		}
	case reflect.String:
		out[path] = func(v reflect.Value) { v.SetString(v.String() + "x") }
	case reflect.Bool:
		out[path] = func(v reflect.Value) { v.SetBool(!v.Bool()) }
	case reflect.Int, reflect.Int32, reflect.Int64:
		out[path] = func(v reflect.Value) { v.SetInt(v.Int() + 1) }
	case reflect.Float64:
		out[path] = func(v reflect.Value) { v.SetFloat(v.Float() + 0.01) }
	default:
		panic("fingerprint test: no mutation for " + path + " of kind " + t.Kind().String())
	}
	return out
}
