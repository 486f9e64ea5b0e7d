package quote

import (
	"context"
	"math"
	"time"

	"callmatch"
	"callmatch/intake"
)

// FlagShare is how far a quote may be from the projected cost before the
// desk flags it: more than 20 % above or below.
const FlagShare = 0.20

// Comparison is the desk's view of an intake's invitations: each beside
// the engine's estimate for that vendor (from the shortlist it was invited
// from) and the seats the program needs.
type Comparison struct {
	IntakeID string
	Rows     []ComparisonRow
}

// ComparisonRow is one invitation. Quote is its current version (nil when
// none); DiffPct is (quote − projected) / projected × 100, Flagged when
// its size exceeds FlagShare. Seats lists, per week and language of the
// program, the seats needed against those committed.
type ComparisonRow struct {
	Invitation         *Invitation
	State              string // Invitation.State now
	ProjectedCostCents int64  // 0 when the shortlist has no estimate for the vendor
	DiffPct            float64
	Flagged            bool
	Seats              []SeatsCompared
}

// SeatsCompared is one week and language: what the program needs (the
// engine's seats_needed for the language) and what the quote commits.
type SeatsCompared struct {
	WeekStart callmatch.Date
	Language  string
	Needed    float64
	Committed float64
}

// Short reports whether fewer seats are committed than needed.
func (s SeatsCompared) Short() bool { return s.Committed+1e-9 < s.Needed }

// Compare returns the comparison of the intake's invitations, for staff.
func (s *Service) Compare(ctx context.Context, intakeID string) (*Comparison, error) {
	if err := intake.AuthorizeStaff(ctx); err != nil {
		return nil, err
	}
	invs, err := s.store.FindInvitations(ctx, Filter{IntakeID: intakeID})
	if err != nil {
		return nil, err
	}
	out := &Comparison{IntakeID: intakeID, Rows: make([]ComparisonRow, len(invs))}
	shortlists := map[string]*intake.Shortlist{}
	now := s.Now()
	for i, inv := range invs {
		sl, ok := shortlists[inv.ShortlistID]
		if !ok {
			if sl, err = s.store.FindShortlistByID(ctx, inv.ShortlistID); err != nil {
				return nil, err
			}
			shortlists[inv.ShortlistID] = sl
		}
		out.Rows[i] = compareRow(inv, sl, now)
	}
	return out, nil
}

// compareRow is one row of Compare: a pure function of the invitation and
// its shortlist.
func compareRow(inv *Invitation, sl *intake.Shortlist, now time.Time) ComparisonRow {
	row := ComparisonRow{Invitation: inv, State: inv.State(now)}
	if c := sl.Candidate(inv.VendorID); c != nil {
		row.ProjectedCostCents = c.ProjectedCostCents
	}
	needed := map[string]float64{}
	if sl.Result != nil {
		for _, l := range sl.Result.Demand.ByLanguage {
			needed[l.Code] = l.SeatsNeeded
		}
	}
	committed := map[Seats]float64{}
	if q := inv.Quote; q != nil {
		for _, s := range q.Seats {
			committed[Seats{WeekStart: s.WeekStart, Language: s.Language}] += s.Seats
		}
		if row.ProjectedCostCents > 0 {
			row.DiffPct = float64(q.TotalCents-row.ProjectedCostCents) / float64(row.ProjectedCostCents) * 100
			row.Flagged = math.Abs(row.DiffPct) > FlagShare*100
		}
	}
	for _, w := range inv.Program.Weeks {
		for _, l := range inv.Program.Languages {
			row.Seats = append(row.Seats, SeatsCompared{WeekStart: w, Language: l.Code, Needed: needed[l.Code],
				Committed: committed[Seats{WeekStart: w, Language: l.Code}]})
		}
	}
	return row
}
