package matching

import (
	"testing"

	"callmatch"
)

func TestAppendDate(t *testing.T) {
	for d := callmatch.MustParseDate("1899-12-25"); d < callmatch.MustParseDate("2101-01-10"); d += 13 {
		if got := string(appendDate(nil, d)); got != d.String() {
			t.Fatalf("appendDate(%d) = %s, want %s", d, got, d.String())
		}
	}
}
