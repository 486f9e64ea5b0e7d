package meili

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"callmatch/catalog"
)

// The "did you mean" of a search that found nothing. Meilisearch forgives
// most typos by itself (settings.go); what it cannot forgive is a typo on
// the first letter of a short word ("ihio") or two on a word under nine
// letters. suggest corrects such words against the words our keywords are
// made of (state names in English and Spanish, language names, the words
// for our codes), and SearchVendors offers the correction only when it
// finds vendors.

// vocabulary is every keyword word, folded, sorted for a deterministic
// choice between equally close words.
var vocabulary = func() []string {
	set := map[string]bool{}
	add := func(phrase string) {
		for _, w := range strings.Fields(fold(phrase)) {
			if len(w) >= minSuggestLen {
				set[w] = true
			}
		}
	}
	for code, n := range catalog.StateNames {
		add(n.EN)
		add(n.ES)
		add(code)
	}
	for _, n := range catalog.LanguageNames {
		add(n)
	}
	for _, words := range []map[string]string{serviceWords, dialingWords, issueWords, audienceWords} {
		for _, w := range words {
			add(w)
		}
	}
	add("union shop offshore")
	out := make([]string, 0, len(set))
	for w := range set {
		out = append(out, w)
	}
	slices.Sort(out)
	return out
}()

// minSuggestLen is the shortest word worth correcting: one letter off a
// two-letter code is any other code.
const minSuggestLen = 3

// suggest corrects the words of text that are not vocabulary words but
// close to one: one edit (a swap counts as one) up to six letters, two
// from seven. It reports false when it changed nothing.
func suggest(text string) (string, bool) {
	words := strings.Fields(text)
	changed := false
	for i, w := range words {
		f := fold(w)
		if len(f) < minSuggestLen {
			continue
		}
		if _, known := slices.BinarySearch(vocabulary, f); known {
			continue
		}
		limit := 1
		if len(f) >= 7 {
			limit = 2
		}
		best, bestDist := "", limit+1
		for _, v := range vocabulary {
			if d := editDistance(f, v, bestDist); d < bestDist {
				best, bestDist = v, d
			}
		}
		if best != "" {
			words[i], changed = best, true
		}
	}
	return strings.Join(words, " "), changed
}

// editDistance is the optimal-string-alignment distance between a and b
// (insertions, deletions, substitutions and swaps of neighbours, each one
// edit), or at least bound when it is bound or more.
func editDistance(a, b string, bound int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d >= bound || -d >= bound {
		return bound
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin >= bound {
			return bound
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(rb)], bound)
}

// fold lowercases and strips accents, as people type state names in
// either language ("Mexico" for "México").
func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
