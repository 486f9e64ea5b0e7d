package demo

import (
	"net/mail"
	"strings"
	"testing"

	"callmatch/matching"
)

func TestIntakesValid(t *testing.T) {
	forms := Intakes()
	if len(forms) < 5 || len(forms) > 8 {
		t.Fatalf("%d demo intakes, want 5-8", len(forms))
	}
	for i, f := range forms {
		f.ApplyDefaults()
		if err := f.Validate(); err != nil {
			t.Errorf("intake %d (%s): %v", i, f.Campaign.Name, err)
		}
		if a, err := mail.ParseAddress(f.Contact.Email); err != nil || !strings.HasSuffix(a.Address, "example.org") {
			t.Errorf("intake %d: contact email %q is not an example.org address", i, f.Contact.Email)
		}
		if !strings.Contains(strings.NewReplacer("-", "", " ", "", "(", "", ")", "").Replace(f.Contact.Phone), "555") {
			t.Errorf("intake %d: phone %q is not a 555 number", i, f.Contact.Phone)
		}
		if f.StartDate < Season2027FirstWeek || f.EndDate > ElectionDay2027 {
			t.Errorf("intake %d: %s-%s is outside the 2027 season", i, f.StartDate, f.EndDate)
		}
	}
}

// TestIntakesCoverage keeps the demo stories the brief asked for.
func TestIntakesCoverage(t *testing.T) {
	var pci, completes, union, challenger bool
	langs := map[string]bool{}
	for _, f := range Intakes() {
		f.ApplyDefaults()
		for _, c := range f.Requirements.Certifications {
			pci = pci || c == "pci_dss"
		}
		completes = completes || f.CompletesTarget > 0
		union = union || f.Requirements.UnionRequired
		challenger = challenger || f.Campaign.ChallengerInPrimary
		for _, l := range f.Languages {
			langs[l.Code] = true
		}
	}
	if !pci || !completes || !union || !challenger || !langs["es"] || !langs["vi"] || !langs["zh"] {
		t.Errorf("missing a story: pci %v, completes %v, union %v, challenger %v, languages %v",
			pci, completes, union, challenger, langs)
	}
}

func TestIntakesFresh(t *testing.T) {
	a := Intakes()
	a[0].Services[0] = "changed"
	if Intakes()[0].Services[0] == "changed" {
		t.Error("Intakes shares slices between calls")
	}
}

// TestIntakesMatchDemoCatalog keeps the demo worth showing: every demo
// intake must shortlist someone from the demo catalog, and be a real choice
// for most. Tuning the generator or the engine can break this; fix the data.
func TestIntakesMatchDemoCatalog(t *testing.T) {
	cat := matching.NewCatalog(Vendors(DefaultVendorCount), "demo")
	choices := 0
	for i, f := range Intakes() {
		f.ApplyDefaults()
		res, err := matching.Match(cat, f.MatchRequest(), matching.Options{AsOf: AsOf, Weights: f.Priorities})
		if err != nil {
			t.Fatalf("intake %d: %v", i, err)
		}
		if len(res.Shortlist) == 0 {
			t.Errorf("intake %d (%s) shortlists nobody; exclusions %v", i, f.Campaign.Name, res.ExclusionSummary)
		}
		if len(res.Shortlist) >= 3 {
			choices++
		}
	}
	if choices < 5 {
		t.Errorf("only %d demo intakes shortlist three or more vendors", choices)
	}
}
