package frontend

import (
	"testing"

	"callmatch"
	"callmatch/matching"
)

func TestNumbersForPeople(t *testing.T) {
	for got, want := range map[string]string{
		dollars(15000000): "$150,000", dollars(2850): "$28.50", dollars(5): "$0.05", dollars(-123456): "-$1,235", dollars(14806364): "$148,064", dollars(99999): "$999.99",
		num(7812.5): "7,813", num(int64(1000000)): "1,000,000", num(999): "999", num(-4200): "-4,200",
		dec1(10.66): "10.7", dec1(12345.25): "12,345.2", pct(0.3): "30%", pct(0.125): "12.5%",
		plainDollars(2850): "28.50", plainDollars(2800): "28", plainDollars(5): "0.05",
	} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
	for in, want := range map[string]int64{"$42,000": 4200000, "42000.5": 4200050, "0.05": 5} {
		if got, err := parseDollars(in); err != nil || got != want {
			t.Errorf("parseDollars(%q) = %d, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "abc", "1.234", "-5"} {
		if _, err := parseDollars(bad); err == nil {
			t.Errorf("parseDollars(%q) accepted", bad)
		}
	}
}

func TestElectionDay(t *testing.T) {
	for from, want := range map[string]string{
		"2026-11-30": "2027-11-02", "2027-11-02": "2027-11-02", "2027-11-03": "2028-11-07", "2026-01-01": "2026-11-03",
	} {
		if got := electionDay(callmatch.MustParseDate(from)).String(); got != want {
			t.Errorf("electionDay(%s) = %s, want %s", from, got, want)
		}
	}
}

func TestStackedBarAddsUp(t *testing.T) {
	fs := []matching.Factor{{Criterion: "quality", Contribution: 0.2}, {Criterion: "cost", Contribution: 0.3}, {Criterion: "readiness", Contribution: 0}}
	b := stackedBar(fs, 0.5)
	if len(b.Segments) != 2 || b.Segments[0].Criterion != "cost" || b.Segments[0].W != "60.00" || b.Segments[1].X != "60.00" || b.Segments[1].W != "40.00" {
		t.Fatalf("bar %+v", b)
	}
	if got := budgetOf(150, 100); !got.Over || got.W != "100.00" || got.Share != "150%" {
		t.Fatalf("over budget %+v", got)
	}
}

// References of programs signed the same day differ: ids are time-ordered,
// so their first block is shared and cannot be the reference.
func TestShortRefTellsSameDayProgramsApart(t *testing.T) {
	a, b := shortRef("01a24ffc-4105-76aa-818d-8b656e9c6dc0"), shortRef("01a24ffc-9e21-7c3b-a0f1-2f4e77d01a9b")
	if a == b || len(a) != 8 {
		t.Errorf("references %q and %q", a, b)
	}
}
