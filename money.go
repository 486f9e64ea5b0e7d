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
