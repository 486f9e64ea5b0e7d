package matching

import (
	"fmt"
	"strconv"
	"strings"

	"callmatch"
	"callmatch/catalog"
)

// Small formatters for explanations and warnings.

// appendDate writes d as YYYY-MM-DD without going through time.Time: it
// runs for thousands of explanations per match. The civil-from-days
// algorithm is Howard Hinnant's.
func appendDate(b []byte, d callmatch.Date) []byte {
	z := int64(d) + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	if y < 0 || y > 9999 {
		return append(b, d.String()...)
	}
	return append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10), byte('0'+m%10), '-', byte('0'+day/10), byte('0'+day%10))
}

// offshoreDetail names a vendor's sites outside the US. It depends on the
// vendor alone, so the catalog makes it once.
func offshoreDetail(v *catalog.Vendor) string {
	var b strings.Builder
	b.WriteString("sites outside the US: ")
	n := 0
	for _, s := range v.Sites {
		if s.Country != "US" {
			if n > 0 {
				b.WriteString(", ")
			}
			b.WriteString(s.City + " (" + s.Country + ")")
			n++
		}
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// dollars formats cents as $1,234 or $1,234.56.
func dollars(cents int64) string {
	neg := cents < 0
	if neg {
		cents = -cents
	}
	whole := strconv.FormatInt(cents/100, 10)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	b.WriteByte('$')
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if cents%100 != 0 {
		fmt.Fprintf(&b, ".%02d", cents%100)
	}
	return b.String()
}
