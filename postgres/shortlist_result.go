package postgres

import (
	"bytes"

	"github.com/go-json-experiment/json/jsontext"
	jsonv1 "github.com/go-json-experiment/json/v1"

	"callmatch/matching"
)

// decodeStoredResult reads a stored shortlist's result for the pages and
// services, without its excluded list: a stored result explains every
// excluded vendor (2.6–3.3 MB of JSON at 10k vendors, 96% of it that
// list), nothing but the API reads the list, and the API sends the stored
// bytes (Shortlist.ResultJSON) as they are. Decoding it whole made every
// version cost about 25 ms of CPU on the desk intake page, which reads
// each of them. ExcludedTotal and ExclusionSummary are kept.
//
// The list is cut out of the bytes before decoding (cutExcluded: a scan
// that jumps from quote to quote, ~10× faster than a decoder's skipping,
// which still reads every byte as a token); the decoder is
// go-json-experiment's encoding/json-compatible one (same fields, same
// semantics), which skips a value it has no field for without building it,
// should the list not be where the engine writes it.
func decodeStoredResult(raw []byte) (*matching.Result, error) {
	if cut := cutExcluded(raw); cut != nil {
		raw = cut
	}
	var r storedResult
	if err := jsonv1.Unmarshal(raw, &r); err != nil {
		return nil, err
	}
	r.Result.Excluded = nil
	return &r.Result, nil
}

var excludedKey = []byte(`"excluded":`)

// cutExcluded returns raw with the value of the top-level "excluded" key
// replaced by null, or nil when it does not find that key at the top level
// (the caller then lets the decoder skip the list). A key can only match
// outside strings: inside one, its quotes would be escaped.
func cutExcluded(raw []byte) []byte {
	i := bytes.Index(raw, excludedKey)
	if i < 0 {
		return nil
	}
	if end, depth := walkJSON(raw, 0, i, 0); end != i || depth != 1 {
		return nil // under a nested object, or inside a malformed string
	}
	start := i + len(excludedKey)
	for start < len(raw) && (raw[start] == ' ' || raw[start] == '\n' || raw[start] == '\t' || raw[start] == '\r') {
		start++
	}
	if start == len(raw) || (raw[start] != '[' && raw[start] != '{') {
		return nil
	}
	end, depth := walkJSON(raw, start, len(raw), -1)
	if depth != 0 {
		return nil
	}
	out := make([]byte, 0, start+len("null")+len(raw)-end)
	return append(append(append(out, raw[:start]...), "null"...), raw[end:]...)
}

// walkJSON walks raw[from:to] outside strings, counting brackets from
// depth, and returns where it stopped and the depth there. With stopAt 0 it
// stops at to (or at a string that runs past it); with -1 it stops just
// after the bracket that brings the depth back to 0.
func walkJSON(raw []byte, from, to, stopAt int) (end, depth int) {
	for i := from; i < to; i++ {
		switch raw[i] {
		case '"':
			j := stringEnd(raw, i)
			if j < 0 || j > to {
				return i, -1
			}
			i = j - 1
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if stopAt < 0 && depth == 0 {
				return i + 1, 0
			}
		}
	}
	return to, depth
}

// stringEnd returns the index just past the string that opens at raw[i],
// or -1: it jumps from quote to quote and counts the backslashes before
// each.
func stringEnd(raw []byte, i int) int {
	for j := i + 1; ; {
		k := bytes.IndexByte(raw[j:], '"')
		if k < 0 {
			return -1
		}
		j += k
		n := 0
		for b := j - 1; b > i && raw[b] == '\\'; b-- {
			n++
		}
		if n%2 == 0 {
			return j + 1
		}
		j++
	}
}

// storedResult is matching.Result with its excluded list skipped: the
// outer field wins over the embedded one of the same name.
type storedResult struct {
	matching.Result
	Excluded skippedValue `json:"excluded"`
}

// skippedValue consumes a JSON value and keeps nothing of it.
type skippedValue struct{}

func (*skippedValue) UnmarshalJSONFrom(dec *jsontext.Decoder) error { return dec.SkipValue() }
