package frontend

import (
	"fmt"
	"math"
	"strings"

	"callmatch"
	"callmatch/intake"
)

// Burnup is the server-rendered chart and the table behind it, with the
// page so that the partial speaks the page's language.
type Burnup struct {
	*Page
	Key            string // tells the ids of several charts on a page apart
	Name           string // the vendor's, when a page shows several charts
	W, H           int
	Left, Bottom   int // the plot area's left and bottom edges
	Right, Top     int
	Planned        string // polyline points
	Delivered      string
	Projection     [4]string // x1 y1 x2 y2; empty X1: none
	Today          string    // x of the as-of line; "" outside the window
	YTicks         []burnupTick
	XTicks         []burnupTick
	Rows           []burnupRow
	TotalPlanned   int64
	TotalDelivered int64
	Shortfall      float64 // share of the dials due by now not delivered, 0 when ahead
	AsOf           callmatch.Date
	Start, End     callmatch.Date
	Projected      callmatch.Date
	Behind         bool // visibly behind: more than intake.BehindThreshold
	Alert          bool // behind with a week or less to go (the mailed alert)
	Late           bool // the projection lands after the window
	Empty          bool // no days: nothing to draw
}

type burnupTick struct {
	At    string // x or y, in viewBox units
	Label string
}

// burnupRow is one line of the table behind the chart: cumulative figures
// at the end of a week (and of the window, and of the as-of day).
type burnupRow struct {
	Through   callmatch.Date
	Planned   int64
	Delivered int64
	Future    bool // after the as-of day: nothing delivered yet to show
	Share     string
	Behind    bool
}

// Chart geometry, in viewBox units; the SVG scales to its box.
const (
	burnupW, burnupH = 640, 260
	plotLeft         = 64
	plotRight        = burnupW - 16
	plotTop          = 16
	plotBottom       = burnupH - 36
)

// newBurnup lays out the chart of an engagement's pace for the page pg.
// It draws the service's conclusions (shortfall, alert, projected finish)
// rather than computing its own, so chart, alert mail and API agree; it is
// a pure function of its input: same pace, same picture.
func newBurnup(pg *Page, p *intake.Pace) *Burnup {
	b := &Burnup{Page: pg, W: burnupW, H: burnupH, Left: plotLeft, Right: plotRight, Top: plotTop, Bottom: plotBottom,
		AsOf: p.AsOf, Shortfall: p.BehindShare, Behind: p.BehindShare > intake.BehindThreshold, Alert: p.Behind,
		TotalPlanned: p.PlannedDials, TotalDelivered: p.DeliveredDials}
	if p.ProjectedFinish != nil {
		b.Projected = *p.ProjectedFinish
	}
	n := len(p.Days)
	if n == 0 {
		b.Empty = true
		return b
	}
	start := p.Days[0].Day
	b.Start, b.End = start, p.Days[n-1].Day
	// plan[k] and done[k] are the totals after k days; reported is the
	// days through the as-of day, the only ones that can have deliveries.
	plan := make([]float64, n+1)
	done := make([]int64, n+1)
	reported, due := 0, 0 // days through the as-of day; days before it
	for i, d := range p.Days {
		plan[i+1] = float64(d.PlannedCumulative)
		done[i+1] = d.DeliveredCumulative
		if d.Day <= p.AsOf {
			reported = i + 1
		}
		if d.Day < p.AsOf {
			due = i + 1
		}
	}

	// The x axis runs over the window, and on to the projected finish
	// when that is later (at most another window's length, so one slow
	// day cannot squash the chart into a corner).
	span := n
	if f := b.Projected; !f.IsZero() && f > b.End {
		b.Late = true
		span = min(n+int(f-b.End), 2*n)
	}
	top := math.Max(plan[n], float64(done[n]))
	step := niceStep(top / 4)
	ymax := math.Ceil(top*1.05/step) * step
	x := func(k int) float64 { return plotLeft + float64(k)/float64(span)*(plotRight-plotLeft) }
	y := func(v float64) float64 { return plotBottom - v/ymax*(plotBottom-plotTop) }

	b.Planned = points(0, n, func(k int) (float64, float64) { return x(k), y(plan[k]) })
	b.Delivered = points(0, reported, func(k int) (float64, float64) { return x(k), y(float64(done[k])) })
	if f := b.Projected; !f.IsZero() && reported > 0 {
		k := min(int(f-start)+1, span)
		b.Projection = [4]string{svgNum(x(reported)), svgNum(y(float64(done[reported]))), svgNum(x(k)), svgNum(y(plan[n]))}
	}
	if p.AsOf >= start && p.AsOf <= b.End {
		b.Today = svgNum(x(int(p.AsOf-start) + 1))
	}
	for v := 0.0; v <= ymax+step/2; v += step {
		b.YTicks = append(b.YTicks, burnupTick{At: svgNum(y(v)), Label: num(v)})
	}
	// Point k is the end of day k−1: the first label is the start's
	// morning, the others the days they close.
	for _, k := range []int{0, n / 2, n} {
		b.XTicks = append(b.XTicks, burnupTick{At: svgNum(x(k)), Label: shortDate(pg, start.AddDays(max(k-1, 0)))})
	}

	// The table: the end of every week, of the window and of yesterday,
	// the last day the pace's shortfall counts (today's report may not be
	// in yet), so that its last figures are the headline's.
	for k := 1; k <= n; k++ {
		if k%7 != 0 && k != n && k != due {
			continue
		}
		r := burnupRow{Through: p.Days[k-1].Day, Planned: int64(math.Round(plan[k])), Delivered: done[k], Future: k > reported}
		if !r.Future && plan[k] > 0 {
			share := float64(done[k]) / plan[k]
			r.Share, r.Behind = pct(share), share < 1-intake.BehindThreshold
		}
		b.Rows = append(b.Rows, r)
	}
	return b
}

// points is an SVG polyline's points for k in [from, to].
func points(from, to int, at func(k int) (float64, float64)) string {
	var sb strings.Builder
	for k := from; k <= to; k++ {
		px, py := at(k)
		if k > from {
			sb.WriteByte(' ')
		}
		fmt.Fprintf(&sb, "%s,%s", svgNum(px), svgNum(py))
	}
	return sb.String()
}

// niceStep rounds a raw tick step up to 1, 2 or 5 times a power of ten,
// so that axis labels read 0, 2,000, 4,000 rather than 0, 1,873.
func niceStep(raw float64) float64 {
	if raw <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if raw <= m*p {
			return m * p
		}
	}
	return 10 * p
}

// shortDate is a day without its year, for axis labels: "Oct 12", "12 oct".
func shortDate(pg *Page, d callmatch.Date) string {
	t := d.Time()
	month := pg.T("month." + t.Format("1"))
	if pg.Lang == "es" {
		return t.Format("2") + " " + month
	}
	return month + " " + t.Format("2")
}

// Summary is the chart in one sentence, for screen readers and the page.
func (b *Burnup) Summary() string {
	if b.Empty {
		return b.T("pace.none")
	}
	s := b.T("pace.summary", num(b.TotalDelivered), num(b.TotalPlanned), b.Date(b.AsOf))
	if !b.Projected.IsZero() {
		s += " " + b.T("pace.projected", b.Date(b.Projected))
	}
	return s
}

// BehindText says by how much the program is behind, when it is.
func (b *Burnup) BehindText() string {
	if !b.Behind {
		return ""
	}
	return b.T("pace.behind", pct(b.Shortfall))
}
