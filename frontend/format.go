package frontend

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"

	"callmatch/catalog"
)

// funcs are the template helpers that do not depend on the page language.
// Numbers are shown the way people in the US write them: $150,000 and
// 7,812.5 (Spanish-speaking readers in the US use the same separators).
var funcs = template.FuncMap{
	"dollars":   dollars,
	"num":       num,
	"dec1":      dec1,
	"pct":       pct,
	"add":       func(a, b int) int { return a + b },
	"join":      strings.Join,
	"has":       has,
	"static":    staticURL,
	"langName":  catalog.LanguageName,
	"label":     label,
	"fid":       FieldID,
	"eid":       ErrID,
	"fe":        fe,
	"rankArgs":  rankArgs,
	"savedArgs": savedArgs,
	"sortLabel": sortLabel,
	"section":   section,
}

// dollars formats cents for people: cents matter on a rate ($28.50) but
// are noise on a program's cost, so from $1,000 up they are rounded away
// ($148,064).
func dollars(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	if cents >= 100000 {
		cents = (cents + 50) / 100 * 100
	}
	s := sign + "$" + group(strconv.FormatInt(cents/100, 10))
	if c := cents % 100; c != 0 {
		s += fmt.Sprintf(".%02d", c)
	}
	return s
}

// num formats a whole number with thousands separators; it takes any
// integer or float (rounded) so that templates need no conversions.
func num(v any) string {
	switch n := v.(type) {
	case int:
		return groupSigned(int64(n))
	case int64:
		return groupSigned(n)
	case float64:
		return groupSigned(int64(math.Round(n)))
	}
	return fmt.Sprint(v)
}

// dec1 formats a number with one decimal and thousands separators.
func dec1(x float64) string {
	s := strconv.FormatFloat(math.Abs(x), 'f', 1, 64)
	whole, frac, _ := strings.Cut(s, ".")
	sign := ""
	if x < 0 && s != "0.0" {
		sign = "-"
	}
	return sign + group(whole) + "." + frac
}

// pct formats a share (0.3) as a percentage (30%).
func pct(x float64) string {
	p := x * 100
	if math.Abs(p-math.Round(p)) < 0.05 {
		return strconv.Itoa(int(math.Round(p))) + "%"
	}
	return strconv.FormatFloat(p, 'f', 1, 64) + "%"
}

func groupSigned(n int64) string {
	if n < 0 {
		return "-" + group(strconv.FormatInt(-n, 10))
	}
	return group(strconv.FormatInt(n, 10))
}

// group puts a comma between each group of three digits.
func group(digits string) string {
	if len(digits) <= 3 {
		return digits
	}
	var b strings.Builder
	first := len(digits) % 3
	if first > 0 {
		b.WriteString(digits[:first])
	}
	for i := first; i < len(digits); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}

func has(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}

// label turns a code into words for the English-only desk and portal:
// "click_to_dial" becomes "click to dial".
func label(code string) string {
	if l, ok := codeLabels[code]; ok {
		return l
	}
	return strings.ReplaceAll(code, "_", " ")
}

var codeLabels = map[string]string{
	"gotv": "GOTV", "voter_id": "voter ID", "p2p_texting": "P2P texting", "ivr_broadcast": "IVR broadcast",
	"p2p_sms": "P2P SMS", "pci_dss": "PCI DSS", "soc2_type1": "SOC 2 Type I", "soc2_type2": "SOC 2 Type II",
	"iso27001": "ISO 27001", "tcpa_audit": "TCPA audit", "gdpr_dpa": "GDPR DPA", "c4": "501(c)(4)",
	"c3": "501(c)(3)", "pac": "PAC", "super_pac": "super PAC", "saw": "weighted sum (SAW)", "topsis": "TOPSIS",
	// Issue areas, audiences and agent employment (issue 19).
	"veterans_affairs": "veterans' affairs", "first_time_voters": "first-time voters", "latino": "Latino",
	"black": "Black", "aapi": "AAPI", "native_american": "Native American", "low_propensity": "low-propensity voters",
	"employed": "employees", "contracted": "contractors", "mixed": "employees and contractors",
}

// sortLabel names a directory sort order.
func sortLabel(s string) string {
	return map[string]string{"relevance": "best match", "name": "name, A–Z", "-name": "name, Z–A",
		"lowest_rate": "lowest rate first", "-lowest_rate": "highest rate first",
		"total_seats": "fewest seats first", "-total_seats": "most seats first"}[s]
}
