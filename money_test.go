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

// The formats an operations lead types into a rate box all read as
// dollars; the unit, when named, comes back for the caller to check.
func TestParseMoney(t *testing.T) {
	for in, want := range map[string]struct {
		cents int64
		unit  string
	}{
		"32": {3200, ""}, "$32": {3200, ""}, "32.50": {3250, ""}, "32/hr": {3200, "hour"}, "$1,250": {125_000, ""},
		" $ 32.5 / hour ": {3250, "hour"}, "17.50 an hour": {1750, "hour"}, "USD 32": {3200, ""}, "32 USD": {3200, ""},
		"$0.95 per contact": {95, "contact"}, "4 a complete": {400, "complete"}, "0.04/msg": {4, "message"},
		"US$1,250,000.00": {125_000_000, ""}, "32/H": {3200, "hour"},
	} {
		cents, unit, ok := ParseMoney(in)
		if !ok || cents != want.cents || unit != want.unit {
			t.Errorf("ParseMoney(%q) = %d, %q, %v; want %d, %q", in, cents, unit, ok, want.cents, want.unit)
		}
	}
	for _, bad := range []string{"", "$", ".", "abc", "1,25", "1,2345", ",125", "32/week", "32 per fortnight",
		"-5", "32.505", "thirty", "$$32", "32 $ 5"} {
		if c, u, ok := ParseMoney(bad); ok {
			t.Errorf("ParseMoney(%q) accepted as %d %q", bad, c, u)
		}
	}
}
