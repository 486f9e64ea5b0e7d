package catalog

import "testing"

func TestParseStateReadsCodesAndNamesInBothLanguages(t *testing.T) {
	for in, want := range map[string]string{
		"TX": "TX", "tx": "TX", " Texas ": "TX", "nuevo méxico": "NM", "Nuevo Mexico": "NM",
		"N.Y.": "NY", "Carolina del Norte": "NC", "district of columbia": "DC", "Pensilvania": "PA",
	} {
		if got, ok := ParseState(in); !ok || got != want {
			t.Errorf("ParseState(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "Texass", "PR", "Puerto Rico", "ohoi"} {
		if got, ok := ParseState(in); ok {
			t.Errorf("ParseState(%q) = %q; want no state", in, got)
		}
	}
}

func TestEveryStateHasNamesInBothLanguages(t *testing.T) {
	if len(StateNames) != len(States) {
		t.Fatalf("%d names for %d states", len(StateNames), len(States))
	}
	for _, c := range States {
		if n := StateNames[c]; n.EN == "" || n.ES == "" {
			t.Errorf("state %s lacks a name: %+v", c, n)
		}
	}
}
