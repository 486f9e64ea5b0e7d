package frontend

import (
	"bytes"
	"strings"
	"testing"

	"callmatch"
	"callmatch/intake"
)

func testPage(t *testing.T, lang string) *Page {
	t.Helper()
	cats, err := loadMessages()
	if err != nil {
		t.Fatal(err)
	}
	return &Page{Lang: lang, msgs: cats[lang]}
}

// pace builds a pace as the service reports it: cumulative figures from
// each day's planned and delivered dials.
func pace(start callmatch.Date, asOf int, planned, delivered []int64) *intake.Pace {
	p := &intake.Pace{EngagementID: "e1", Start: start, End: start.AddDays(len(planned) - 1), AsOf: start.AddDays(asOf)}
	var pc, dc int64
	for i := range planned {
		pc += planned[i]
		dc += delivered[i]
		p.Days = append(p.Days, intake.PaceDay{Day: start.AddDays(i), Planned: planned[i], Delivered: delivered[i],
			PlannedCumulative: pc, DeliveredCumulative: dc, Reported: delivered[i] > 0})
	}
	p.PlannedDials, p.DeliveredDials = pc, dc
	return p
}

// fourWeeks is a 28-day program of 100 dials a day, 80 a day delivered
// over its first two weeks, seen on the morning of day 15: 20 % behind,
// finishing a week late.
func fourWeeks() *intake.Pace {
	planned, delivered := make([]int64, 28), make([]int64, 28)
	for i := range planned {
		planned[i] = 100
		if i < 14 {
			delivered[i] = 80
		}
	}
	p := pace(callmatch.MustParseDate("2026-09-01"), 14, planned, delivered)
	finish := p.Start.AddDays(34)
	p.ProjectedFinish, p.BehindShare, p.PlannedToDate = &finish, 0.2, 1400
	return p
}

func TestBurnupLaysOutPlanAgainstDelivered(t *testing.T) {
	b := newBurnup(testPage(t, "en"), fourWeeks())
	if b.TotalPlanned != 2800 || b.TotalDelivered != 1120 {
		t.Errorf("totals = %d planned, %d delivered; want 2800, 1120", b.TotalPlanned, b.TotalDelivered)
	}
	if got := pct(b.Shortfall); got != "20%" {
		t.Errorf("shortfall = %s, want 20%%", got)
	}
	if n := len(strings.Fields(b.Planned)); n != 29 {
		t.Errorf("planned line has %d points, want 29 (start + 28 days)", n)
	}
	if n := len(strings.Fields(b.Delivered)); n != 16 {
		t.Errorf("delivered line has %d points, want 16 (start + 14 reported days + today)", n)
	}
	// The axis runs on to the projected finish, a week after the window.
	if !b.Late || b.Projection[2] != svgNum(plotRight) {
		t.Errorf("projection = %v late=%v, want it to end at the right edge", b.Projection, b.Late)
	}
	if b.Today == "" {
		t.Error("no as-of line inside the window")
	}
	want := []burnupRow{
		{Through: callmatch.MustParseDate("2026-09-07"), Planned: 700, Delivered: 560, Share: "80%", Behind: true},
		{Through: callmatch.MustParseDate("2026-09-14"), Planned: 1400, Delivered: 1120, Share: "80%", Behind: true},
		{Through: callmatch.MustParseDate("2026-09-21"), Planned: 2100, Delivered: 1120, Future: true},
		{Through: callmatch.MustParseDate("2026-09-28"), Planned: 2800, Delivered: 1120, Future: true},
	}
	if len(b.Rows) != len(want) {
		t.Fatalf("rows = %+v, want %+v", b.Rows, want)
	}
	for i := range want {
		if b.Rows[i] != want[i] {
			t.Errorf("row %d = %+v, want %+v", i, b.Rows[i], want[i])
		}
	}
	// Y ticks are round numbers and the top one clears the plan.
	if last := b.YTicks[len(b.YTicks)-1].Label; last != "3,000" {
		t.Errorf("top tick = %s, want 3,000 (ticks %v)", last, b.YTicks)
	}
}

func TestBurnupOnPaceAndEmpty(t *testing.T) {
	planned := make([]int64, 28)
	for i := range planned {
		planned[i] = 100
	}
	s := pace(callmatch.MustParseDate("2026-09-01"), 27, planned, planned)
	s.ProjectedFinish = &s.End
	b := newBurnup(testPage(t, "en"), s)
	if b.Shortfall != 0 || b.BehindText() != "" || b.Late {
		t.Errorf("on pace: shortfall %v, text %q, late %v", b.Shortfall, b.BehindText(), b.Late)
	}
	for _, r := range b.Rows {
		if r.Behind {
			t.Errorf("row %v marked behind on pace", r)
		}
	}
	if e := newBurnup(testPage(t, "en"), &intake.Pace{}); !e.Empty || e.Summary() != "No production reported yet." {
		t.Errorf("empty chart: %+v %q", e, e.Summary())
	}
}

// The partial renders an accessible SVG with its table, in Spanish on a
// campaign's page.
func TestBurnupRendersSpanish(t *testing.T) {
	tm, err := parseTemplates()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := tm.sets["status"].ExecuteTemplate(&buf, "burnup", newBurnup(testPage(t, "es"), fourWeeks())); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, w := range []string{`role="img"`, `<desc id="burnup-desc">1,120 de 2,800 marcaciones previstas realizadas al 15 sept 2026.`,
		`Retrasado: falta el 20%`, `<table class="pace-table">`, `<th scope="col">Hasta el</th>`, `class="behind"`, `5 oct 2026`} {
		if !strings.Contains(out, w) {
			t.Errorf("rendered chart lacks %q:\n%s", w, out)
		}
	}
}

func TestNiceStep(t *testing.T) {
	for raw, want := range map[float64]float64{0: 1, 0.3: 0.5, 700: 1000, 1873: 2000, 4100: 5000, 10: 10} {
		if got := niceStep(raw); got != want {
			t.Errorf("niceStep(%v) = %v, want %v", raw, got, want)
		}
	}
}
