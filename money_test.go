package callmatch

import "testing"

func TestParseDollars(t *testing.T) {
	for in, want := range map[string]int64{"$150,000": 15_000_000, "42000.5": 4_200_050, "0.05": 5, " 7 ": 700} {
		if got, ok := ParseDollars(in); !ok || got != want {
			t.Errorf("ParseDollars(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "abc", "1.234", "-5", "+5", ".5", "1e3", "99999999999999999999"} {
		if _, ok := ParseDollars(bad); ok {
			t.Errorf("ParseDollars(%q) accepted", bad)
		}
	}
}
