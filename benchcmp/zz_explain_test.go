package benchcmp

import (
	"strings"
	"testing"
	"time"

	"callmatch/demo"
	"callmatch/matching"
)

func TestZZExplain(t *testing.T) {
	db := openDB(t)
	if _, err := LoadCatalog(t.Context(), db, demo.Vendors(100000)); err != nil {
		t.Fatal(err)
	}
	form := demo.Intakes()[0]
	form.ApplyDefaults()
	opt := matching.Options{AsOf: demo.AsOf, Weights: form.Priorities}
	p := NewParams(form.MatchRequest(), form.Priorities, opt)
	for range 3 {
		s := time.Now()
		SQLMatch(t.Context(), db.SQL(), p)
		t.Log(time.Since(s))
	}
	rows, err := db.SQL().QueryContext(t.Context(), "EXPLAIN (ANALYZE, BUFFERS) "+matchQuery, string(p.JSON()))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for rows.Next() {
		var s string
		rows.Scan(&s)
		b.WriteString(s + "\n")
	}
	t.Log("\n" + b.String())
}
