package meili

import "testing"

func TestSuggest(t *testing.T) {
	for _, c := range []struct {
		text, want string
		ok         bool
	}{
		{"ihio", "ohio", true}, // a first-letter typo Meilisearch does not forgive
		{"Spansh gotv ihio", "spanish gotv ohio", true},
		{"pensilvana", "pensilvania", true}, // two edits from seven letters on
		{"ohio spanish", "ohio spanish", false},
		{"tx", "tx", false},             // codes are too short to correct
		{"Keystone", "Keystone", false}, // no vocabulary word is near
		{"nuevo méxico", "nuevo méxico", false},
	} {
		got, ok := suggest(c.text)
		if got != c.want || ok != c.ok {
			t.Errorf("suggest(%q) = %q, %v; want %q, %v", c.text, got, ok, c.want, c.ok)
		}
	}
}

func TestEditDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"ohoi", "ohio", 1}, {"ohio", "ohio", 0}, {"ihio", "ohio", 1}, {"texas", "tx", 3}, {"abc", "", 3}, {"ca", "abc", 3},
	} {
		if got := editDistance(c.a, c.b, 9); got != c.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
	if got := editDistance("utah", "wyoming", 2); got != 2 {
		t.Errorf("bounded distance %d, want the bound 2", got)
	}
}
