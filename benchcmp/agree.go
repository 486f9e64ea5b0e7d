package benchcmp

import (
	"fmt"
	"math"
	"strings"

	"callmatch/matching"
)

// scoreTolerance is how far an SQL score may be from the engine's. The
// query repeats the engine's floating-point steps in order, so the two are
// expected to be equal; anything beyond the tie tolerance is a bug.
const scoreTolerance = matching.TieTolerance

// Agreement is how the SQL answer compares with the engine's.
type Agreement struct {
	Eligible     int // the engine's shortlist
	SQLEligible  int // rows the query returned
	OnlyEngine   []string
	OnlySQL      []string
	MaxScoreDiff float64
	OrderDiffers int // positions whose vendor differs outside tied groups
}

// OK reports whether both found the same eligible vendors with the same
// scores and the same order.
func (a Agreement) OK() bool {
	return len(a.OnlyEngine) == 0 && len(a.OnlySQL) == 0 && a.MaxScoreDiff <= scoreTolerance && a.OrderDiffers == 0
}

func (a Agreement) String() string {
	if a.OK() {
		return fmt.Sprintf("agree: %d eligible, max score difference %.3g, same order", a.Eligible, a.MaxScoreDiff)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "DISAGREE: engine %d eligible, SQL %d", a.Eligible, a.SQLEligible)
	if n := len(a.OnlyEngine); n > 0 {
		fmt.Fprintf(&b, "; %d only in the engine (e.g. %s)", n, a.OnlyEngine[0])
	}
	if n := len(a.OnlySQL); n > 0 {
		fmt.Fprintf(&b, "; %d only in SQL (e.g. %s)", n, a.OnlySQL[0])
	}
	fmt.Fprintf(&b, "; max score difference %.3g; %d positions ordered differently", a.MaxScoreDiff, a.OrderDiffers)
	return b.String()
}

// Compare checks an unlimited engine shortlist against the SQL ranking.
func Compare(res *matching.Result, rows []Ranked) Agreement {
	a := Agreement{Eligible: len(res.Shortlist), SQLEligible: len(rows)}
	sqlScore := make(map[string]float64, len(rows))
	for _, r := range rows {
		sqlScore[r.ID] = r.Score
	}
	engine := make(map[string]bool, len(res.Shortlist))
	for _, c := range res.Shortlist {
		engine[c.VendorID] = true
		s, ok := sqlScore[c.VendorID]
		if !ok {
			a.OnlyEngine = append(a.OnlyEngine, c.VendorID)
			continue
		}
		a.MaxScoreDiff = max(a.MaxScoreDiff, math.Abs(s-c.Score))
	}
	for _, r := range rows {
		if !engine[r.ID] {
			a.OnlySQL = append(a.OnlySQL, r.ID)
		}
	}
	// Within a tie the engine orders by name and id, as ORDER BY does, but
	// its ties chain scores within 1e-9; compare positions only where the
	// engine's rank says the vendor stands alone.
	tied := map[string]bool{}
	for _, g := range res.Ties {
		for _, id := range g {
			tied[id] = true
		}
	}
	for i, c := range res.Shortlist {
		if i < len(rows) && !tied[c.VendorID] && rows[i].ID != c.VendorID {
			a.OrderDiffers++
		}
	}
	return a
}
