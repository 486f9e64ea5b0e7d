package frontend

import (
	"fmt"
	"math"

	"callmatch/matching"
)

// criteria in the order bars stack them, with their colours (the legend in
// app.css uses the same ones).
var criteria = []struct{ Name, Color string }{
	{"cost", "#0f6b66"}, {"quality", "#3f7fc1"}, {"capacity", "#c08a1e"},
	{"experience", "#8a5cb8"}, {"readiness", "#6f8f3a"},
}

// Segment is one criterion's part of a stacked bar, in a 0–100 wide
// viewBox: SVG attributes rather than inline styles, which the CSP forbids.
type Segment struct {
	Criterion    string
	X, W         string
	Color        string
	Contribution float64
}

// Bar is the stacked bar of a score's factor contributions. Scale is the
// largest total on the page, so bars compare across vendors.
type Bar struct {
	Segments []Segment
	Label    string // for screen readers: the numbers the picture shows
}

func stackedBar(factors []matching.Factor, scale float64) Bar {
	if scale <= 0 {
		scale = 1
	}
	var b Bar
	x := 0.0
	for _, c := range criteria {
		for _, f := range factors {
			if f.Criterion != c.Name || f.Contribution <= 0 {
				continue
			}
			w := f.Contribution / scale * 100
			b.Segments = append(b.Segments, Segment{Criterion: c.Name, X: svgNum(x), W: svgNum(w), Color: c.Color, Contribution: f.Contribution})
			x += w
			b.Label += fmt.Sprintf("%s %.3f; ", c.Name, f.Contribution)
		}
	}
	return b
}

// barScale is the largest sum of contributions among candidates.
func barScale(cands []matching.Candidate) float64 {
	m := 0.0
	for _, c := range cands {
		m = math.Max(m, total(c.Factors))
	}
	return m
}

func total(fs []matching.Factor) float64 {
	s := 0.0
	for _, f := range fs {
		s += math.Max(f.Contribution, 0)
	}
	return s
}

// Budget compares a projected cost with the campaign's budget.
type Budget struct {
	Share string // of the budget, "95%"
	W     string // filled width, 0–100
	Over  bool
	Known bool // false without a budget
}

func budgetOf(costCents, budgetCents int64) Budget {
	if budgetCents <= 0 {
		return Budget{}
	}
	r := float64(costCents) / float64(budgetCents)
	return Budget{Share: pct(r), W: svgNum(math.Min(r, 1) * 100), Over: r > 1, Known: true}
}

func svgNum(x float64) string { return fmt.Sprintf("%.2f", x) }
