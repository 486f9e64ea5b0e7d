package intake

import (
	"math"
	"slices"

	"callmatch"
	"callmatch/catalog"
	"callmatch/matching"
)

// Pace is an engagement's delivery against its plan (MARKETPLACE.md §4):
// planned and delivered dials per day over the calling window, the
// projected finish and whether the program is behind enough to alert.
type Pace struct {
	EngagementID string `json:"engagement_id"`
	IntakeID     string `json:"intake_id"`
	VendorID     string `json:"vendor_id"`
	// Campaign and Languages are what a vendor's report form needs of the
	// program (the vendor cannot read the intake): the campaign's name and
	// the languages it may report (ReportLanguages).
	Campaign  string         `json:"campaign"`
	Languages []string       `json:"languages"`
	Start     callmatch.Date `json:"start"`
	End       callmatch.Date `json:"end"`
	AsOf      callmatch.Date `json:"as_of"`
	// PlannedDials is the engagement's dials from the demand model (its
	// share of them, for a team-plan part); PlannedToDate what the plan
	// had done by the end of yesterday, when today's report cannot be in.
	PlannedDials   int64 `json:"planned_dials"`
	PlannedToDate  int64 `json:"planned_to_date"`
	DeliveredDials int64 `json:"delivered_dials"`
	Contacts       int64 `json:"contacts"`
	Completes      int64 `json:"completes"`
	// BehindShare is (planned to date − delivered) ÷ planned to date, 0
	// when ahead; Behind is the alert: more than BehindThreshold behind
	// with AlertDays or fewer days to go.
	BehindShare float64 `json:"behind_share"`
	Behind      bool    `json:"behind"`
	// ProjectedFinish is the day the planned dials are reached at the rate
	// delivered so far; nil before anything was delivered.
	ProjectedFinish *callmatch.Date `json:"projected_finish"`
	Days            []PaceDay       `json:"days"`
}

// PaceDay is one day of the burn-up: that day's planned and delivered
// dials, and the running totals the chart draws.
type PaceDay struct {
	Day                 callmatch.Date `json:"day"`
	Planned             int64          `json:"planned"`
	Delivered           int64          `json:"delivered"`
	PlannedCumulative   int64          `json:"planned_cumulative"`
	DeliveredCumulative int64          `json:"delivered_cumulative"`
	Reported            bool           `json:"reported"` // any row for the day
}

// The alert's rule: more than 10 % behind with a week or less to go.
const (
	BehindThreshold = 0.10
	AlertDays       = 7
)

// PlannedDials is the demand model's dials for the program of f
// (DOMAIN.md §5): records × attempts, or what the completes target needs.
func PlannedDials(f *Form) int64 {
	res, err := matching.Match(nil, f.MatchRequest(), matching.Options{AsOf: f.StartDate, Limit: 1})
	if err != nil {
		return 0
	}
	return int64(math.Round(res.Demand.Dials))
}

// ComputePace lays the engagement's planned dials evenly over the days of
// its window (start to end, both included), each day's share of the
// program being the engagement's part of it (partShare, 1 for the whole
// program), and sets the reports against them as of today.
func ComputePace(e *Engagement, f *Form, reports []Report, today callmatch.Date) *Pace {
	p := &Pace{EngagementID: e.ID, IntakeID: e.IntakeID, VendorID: e.VendorID, Campaign: f.Campaign.Name,
		Languages: ReportLanguages(e, f), Start: f.StartDate, End: f.EndDate, AsOf: today}
	days := int(f.EndDate-f.StartDate) + 1
	if days <= 0 {
		return p
	}
	perDay := float64(PlannedDials(f)) / float64(days)
	delivered := make(map[callmatch.Date]int64, len(reports))
	reported := make(map[callmatch.Date]bool, len(reports))
	for _, r := range reports {
		delivered[r.Day] += r.Dials
		reported[r.Day] = true
		p.Contacts += r.Contacts
		p.Completes += r.Completes
	}
	p.Days = make([]PaceDay, days)
	var planned float64
	var lastReported callmatch.Date
	for i := range p.Days {
		d := f.StartDate.AddDays(i)
		planned += perDay * partShare(e, f, d)
		day := PaceDay{Day: d, PlannedCumulative: int64(math.Round(planned)), Delivered: delivered[d], Reported: reported[d]}
		if i > 0 {
			day.Planned = day.PlannedCumulative - p.Days[i-1].PlannedCumulative
			day.DeliveredCumulative = p.Days[i-1].DeliveredCumulative
		} else {
			day.Planned = day.PlannedCumulative
		}
		day.DeliveredCumulative += day.Delivered
		if d < today {
			p.PlannedToDate = day.PlannedCumulative
		}
		if day.Reported {
			lastReported = d
		}
		p.Days[i] = day
	}
	p.PlannedDials = p.Days[days-1].PlannedCumulative
	p.DeliveredDials = p.Days[days-1].DeliveredCumulative
	if p.PlannedToDate > 0 && p.DeliveredDials < p.PlannedToDate {
		p.BehindShare = float64(p.PlannedToDate-p.DeliveredDials) / float64(p.PlannedToDate)
	}
	left := int(f.EndDate - today)
	p.Behind = p.BehindShare > BehindThreshold && left >= 0 && left <= AlertDays
	p.ProjectedFinish = projectedFinish(p, lastReported)
	return p
}

// projectedFinish extrapolates the dials delivered per calling day so far
// (from the start through the last reported day) to the planned total.
func projectedFinish(p *Pace, lastReported callmatch.Date) *callmatch.Date {
	if p.DeliveredDials <= 0 || lastReported == 0 {
		return nil
	}
	if p.DeliveredDials >= p.PlannedDials {
		for _, d := range p.Days {
			if d.DeliveredCumulative >= p.PlannedDials {
				return &d.Day
			}
		}
	}
	elapsed := float64(lastReported-p.Start) + 1
	rate := float64(p.DeliveredDials) / elapsed
	finish := lastReported.AddDays(int(math.Ceil(float64(p.PlannedDials-p.DeliveredDials) / rate)))
	return &finish
}

// partShare is the engagement's share of the program on day d: 1 for the
// whole program; for a team-plan part, its shares of d's week summed over
// the program's languages, each weighted by the language's share.
func partShare(e *Engagement, f *Form, d callmatch.Date) float64 {
	if e.Part == nil {
		return 1
	}
	week := catalog.WeekStart(d)
	var s float64
	for _, ps := range e.Part.Shares {
		if ps.WeekStart != week {
			continue
		}
		for _, l := range f.Languages {
			if l.Code == ps.Language {
				s += ps.Share * l.Share
			}
		}
	}
	return s
}

// ReportLanguages are the languages e may report: the program's, or for
// a team-plan part the languages of its shares.
func ReportLanguages(e *Engagement, f *Form) []string {
	if e.Part == nil {
		out := make([]string, len(f.Languages))
		for i, l := range f.Languages {
			out[i] = l.Code
		}
		return out
	}
	var out []string
	for _, s := range e.Part.Shares {
		if !slices.Contains(out, s.Language) {
			out = append(out, s.Language)
		}
	}
	return out
}
