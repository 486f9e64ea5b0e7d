package matching

import (
	"encoding/json"
	"math"
	"strconv"
	"unicode/utf8"
)

// AppendJSON appends r as encoding/json would write it, byte for byte, and
// reports the same failure (a NaN or infinite number). It exists because the
// what-if API writes a result per request: at API defaults that is ~85 kB,
// mostly the excluded list, and reflection made encoding cost a quarter of
// the engine's own time. The head (weights, demand) is small and varied, so
// it still goes through encoding/json.
func (r *Result) AppendJSON(b []byte) ([]byte, error) {
	head, err := json.Marshal(resultHead{r.EngineVersion, r.CatalogVersion, r.Method, r.AsOf, r.Weights, r.Demand})
	if err != nil {
		return b, err
	}
	b = append(b, head[:len(head)-1]...) // without its closing brace
	b = append(b, `,"shortlist":`...)
	if r.Shortlist == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range r.Shortlist {
			if i > 0 {
				b = append(b, ',')
			}
			if b, err = r.Shortlist[i].appendJSON(b); err != nil {
				return b, err
			}
		}
		b = append(b, ']')
	}
	b = append(b, `,"excluded":`...)
	if r.Excluded == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range r.Excluded {
			if i > 0 {
				b = append(b, ',')
			}
			b = r.Excluded[i].appendJSON(b)
		}
		b = append(b, ']')
	}
	b = append(b, `,"excluded_total":`...)
	b = strconv.AppendInt(b, int64(r.ExcludedTotal), 10)
	tail, err := json.Marshal(r.ExclusionSummary) // a handful of codes, sorted by encoding/json
	if err != nil {
		return b, err
	}
	b = append(b, `,"exclusion_summary":`...)
	b = append(b, tail...)
	b = append(b, `,"ties":`...)
	b = appendStringLists(b, r.Ties)
	return append(b, '}'), nil
}

// resultHead is Result's fields before the shortlist, with the same tags.
type resultHead struct {
	EngineVersion  string  `json:"engine_version"`
	CatalogVersion string  `json:"catalog_version,omitempty"`
	Method         string  `json:"method"`
	AsOf           string  `json:"as_of"`
	Weights        Weights `json:"weights"`
	Demand         Demand  `json:"demand"`
}

func (c *Candidate) appendJSON(b []byte) ([]byte, error) {
	var err error
	b = append(b, `{"rank":`...)
	b = strconv.AppendInt(b, int64(c.Rank), 10)
	b = append(b, `,"vendor_id":`...)
	b = appendString(b, c.VendorID)
	b = append(b, `,"vendor_name":`...)
	b = appendString(b, c.VendorName)
	b = append(b, `,"score":`...)
	if b, err = appendFloat(b, c.Score); err != nil {
		return b, err
	}
	b = append(b, `,"projected_cost_cents":`...)
	b = strconv.AppendInt(b, c.ProjectedCostCents, 10)
	b = append(b, `,"factors":`...)
	if c.Factors == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, f := range c.Factors {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"criterion":`...)
			b = appendString(b, f.Criterion)
			for _, x := range [...]struct {
				key string
				v   float64
			}{{`,"weight":`, f.Weight}, {`,"raw":`, f.Raw}, {`,"normalized":`, f.Normalized}, {`,"contribution":`, f.Contribution}} {
				b = append(b, x.key...)
				if b, err = appendFloat(b, x.v); err != nil {
					return b, err
				}
			}
			if f.Detail != "" {
				b = append(b, `,"detail":`...)
				b = appendString(b, f.Detail)
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = append(b, `,"warnings":`...)
	b = appendStrings(b, c.Warnings)
	if c.LocalSeats != nil {
		b = append(b, `,"local_seats":`...)
		b = strconv.AppendInt(b, int64(*c.LocalSeats), 10)
	}
	return append(b, '}'), nil
}

func (e *Excluded) appendJSON(b []byte) []byte {
	b = append(b, `{"vendor_id":`...)
	b = appendString(b, e.VendorID)
	b = append(b, `,"vendor_name":`...)
	b = appendString(b, e.VendorName)
	b = append(b, `,"reasons":`...)
	if e.Reasons == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, r := range e.Reasons {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"code":`...)
			b = appendString(b, r.Code)
			b = append(b, `,"detail":`...)
			b = appendString(b, r.Detail)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

func appendStrings(b []byte, ss []string) []byte {
	if ss == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, s)
	}
	return append(b, ']')
}

func appendStringLists(b []byte, lists [][]string) []byte {
	if lists == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, ss := range lists {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendStrings(b, ss)
	}
	return append(b, ']')
}

// appendFloat writes f as encoding/json does: shortest repr, exponent form
// only for very small or large magnitudes, and an error for NaN and ±Inf.
func appendFloat(b []byte, f float64) ([]byte, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return b, &json.UnsupportedValueError{Str: strconv.FormatFloat(f, 'g', -1, 64)}
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// e-09 → e-9, as encoding/json writes it
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, nil
}

const hexDigits = "0123456789abcdef"

// plainASCII marks the bytes below utf8.RuneSelf that go out as they are.
var plainASCII = func() (t [utf8.RuneSelf]bool) {
	for c := byte(0x20); c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// appendString quotes s as encoding/json does with HTML escaping on (its
// default): <, > and & as \u003c, \u003e, \u0026; U+2028 and U+2029
// escaped; invalid UTF-8 as U+FFFD.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if plainASCII[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
