package frontend

import (
	"fmt"
	"math"
	"strings"

	"callmatch"
)

// PaceDay is one day of a program's window: the dials planned for it (the
// demand model's or the quote's, a fraction is fine) and the dials the
// vendor reported for it.
type PaceDay struct {
	Day       callmatch.Date
	Planned   float64
	Delivered int64
}

// PaceSeries is what the burn-up chart draws: the program's days in
// order, the day "now" is (days after it have no deliveries yet), and
// what the pace computation concluded. The chart draws those conclusions,
// it does not compute them: one computation (the service's) decides when
// a program is behind, for the chart, the alert mail and the API alike.
type PaceSeries struct {
	Days            []PaceDay
	AsOf            callmatch.Date
	ProjectedFinish callmatch.Date // zero: nothing delivered yet, no projection
	Behind          bool           // more than 10 % behind plan
	Alert           bool           // behind with a week or less to go
}

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
	Shortfall      float64 // share of the plan due by now not delivered, 0 when on pace
	AsOf           callmatch.Date
	End            callmatch.Date
	Projected      callmatch.Date
	Behind, Alert  bool
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

// behindShare is the shortfall the table marks; it matches the pace
// rule (more than 10 % behind) so the rows agree with the headline.
const behindShare = 0.10

// newBurnup lays out the chart of s for the page pg. It is a pure
// function of its input: same series, same picture.
func newBurnup(pg *Page, s PaceSeries) *Burnup {
	b := &Burnup{Page: pg, W: burnupW, H: burnupH, Left: plotLeft, Right: plotRight, Top: plotTop, Bottom: plotBottom,
		AsOf: s.AsOf, Projected: s.ProjectedFinish, Behind: s.Behind, Alert: s.Alert}
	n := len(s.Days)
	if n == 0 {
		b.Empty = true
		return b
	}
	start := s.Days[0].Day
	b.End = s.Days[n-1].Day
	// cum[k] is the total after k days; delivered counts only up to AsOf.
	plan := make([]float64, n+1)
	done := make([]int64, n+1)
	reported := 0 // days with deliveries counted (through AsOf)
	for i, d := range s.Days {
		plan[i+1] = plan[i] + d.Planned
		done[i+1] = done[i]
		if d.Day <= s.AsOf {
			done[i+1] += d.Delivered
			reported = i + 1
		}
	}
	b.TotalPlanned, b.TotalDelivered = int64(math.Round(plan[n])), done[n]
	if due := plan[reported]; due > 0 && float64(done[reported]) < due {
		b.Shortfall = 1 - float64(done[reported])/due
	}

	// The x axis runs over the window, and on to the projected finish
	// when that is later (at most another window's length, so one slow
	// day cannot squash the chart into a corner).
	span := n
	if p := s.ProjectedFinish; !p.IsZero() && p > b.End {
		b.Late = true
		span = min(n+int(p-b.End), 2*n)
	}
	top := math.Max(plan[n], float64(done[n]))
	step := niceStep(top / 4)
	ymax := math.Ceil(top*1.05/step) * step
	x := func(k int) float64 { return plotLeft + float64(k)/float64(span)*(plotRight-plotLeft) }
	y := func(v float64) float64 { return plotBottom - v/ymax*(plotBottom-plotTop) }

	b.Planned = points(0, n, func(k int) (float64, float64) { return x(k), y(plan[k]) })
	b.Delivered = points(0, reported, func(k int) (float64, float64) { return x(k), y(float64(done[k])) })
	if p := s.ProjectedFinish; !p.IsZero() && reported > 0 {
		k := min(int(p-start)+1, span)
		b.Projection = [4]string{svgNum(x(reported)), svgNum(y(float64(done[reported]))), svgNum(x(k)), svgNum(y(plan[n]))}
	}
	if s.AsOf >= start && s.AsOf <= b.End {
		b.Today = svgNum(x(int(s.AsOf-start) + 1))
	}
	for v := 0.0; v <= ymax+step/2; v += step {
		b.YTicks = append(b.YTicks, burnupTick{At: svgNum(y(v)), Label: num(v)})
	}
	for _, k := range []int{0, n / 2, n} {
		b.XTicks = append(b.XTicks, burnupTick{At: svgNum(x(k)), Label: shortDate(pg, start.AddDays(k))})
	}

	// The table: the end of every week, of the as-of day and of the window.
	for k := 1; k <= n; k++ {
		if k%7 != 0 && k != n && k != reported {
			continue
		}
		r := burnupRow{Through: s.Days[k-1].Day, Planned: int64(math.Round(plan[k])), Delivered: done[k], Future: k > reported}
		if !r.Future && plan[k] > 0 {
			share := float64(done[k]) / plan[k]
			r.Share, r.Behind = pct(share), share < 1-behindShare
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
