package callmatch

import (
	"strconv"
	"strings"
)

// ParseDollars reads an amount typed in dollars ("$42,000", "42000.50")
// as cents, exactly: no floating point, at most two decimals, not negative
// and at most a trillion dollars.
func ParseDollars(s string) (cents int64, ok bool) {
	s = strings.ReplaceAll(strings.TrimPrefix(strings.TrimSpace(s), "$"), ",", "")
	whole, frac, _ := strings.Cut(s, ".")
	if len(frac) > 2 {
		return 0, false
	}
	for len(frac) < 2 {
		frac += "0"
	}
	w, err := strconv.ParseUint(whole, 10, 64)
	f, ferr := strconv.ParseUint(frac, 10, 64)
	if err != nil || ferr != nil || w > 1e12 {
		return 0, false
	}
	return int64(w*100 + f), true
}

// Units a typed price may name after its amount, by the words people
// type: "32/hr", "$0.95 per contact", "4 a complete". The key is the unit
// ParseMoney returns.
var moneyUnits = map[string][]string{
	"hour":     {"h", "hr", "hrs", "hour", "hours", "agent hour", "agent-hour"},
	"contact":  {"contact", "contacts"},
	"complete": {"complete", "completes", "completed call", "survey"},
	"message":  {"message", "messages", "msg", "text", "texts", "sms"},
}

// ParseMoney reads a price as people type it in dollars: "32", "$32",
// "32.50", "$1,250", "USD 32", "32/hr", "$0.95 per contact", "17.50 an
// hour". It returns the cents and the unit named after the amount
// ("hour", "contact", "complete", "message", or "" for none), so the
// caller can check the unit against what it asks for. Thousands
// separators must group by three ("1,25" is refused: a decimal comma is
// not dollars). The amount itself follows ParseDollars.
func ParseMoney(s string) (cents int64, unit string, ok bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if amount, per, found := cutUnit(s); found {
		for u, words := range moneyUnits {
			for _, w := range words {
				if per == w {
					unit = u
				}
			}
		}
		if unit == "" {
			return 0, "", false
		}
		s = amount
	}
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "usd"))
	for _, p := range []string{"us$", "usd", "$"} {
		if rest, found := strings.CutPrefix(s, p); found {
			s = strings.TrimSpace(rest)
			break
		}
	}
	whole, _, _ := strings.Cut(s, ".")
	if groups := strings.Split(whole, ","); len(groups) > 1 {
		for i, g := range groups {
			if (i > 0 && len(g) != 3) || g == "" || len(g) > 3 {
				return 0, "", false
			}
		}
	}
	if s == "" || s[0] < '0' || s[0] > '9' {
		return 0, "", false // ParseDollars would read "$" or "." alone as zero
	}
	cents, ok = ParseDollars(s)
	return cents, unit, ok
}

// cutUnit splits "32/hr", "32 per hour", "32 an hour" and "32 a contact"
// into the amount and the unit's word.
func cutUnit(s string) (amount, per string, found bool) {
	if a, p, ok := strings.Cut(s, "/"); ok {
		return a, strings.TrimSpace(p), true
	}
	for _, sep := range []string{" per ", " an ", " a ", " each "} {
		if a, p, ok := strings.Cut(s, sep); ok {
			return a, strings.TrimSpace(p), true
		}
	}
	return s, "", false
}
