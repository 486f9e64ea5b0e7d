package intake

import (
	"context"

	"callmatch"
	"callmatch/matching"
)

// BoardInput is what the peak-season board is computed from: the current
// snapshot (vendors and their bookings) and the open intakes' programs
// (MARKETPLACE.md §1). The computation itself is pure and lives with the
// board.
type BoardInput struct {
	Catalog *matching.Catalog
	AsOf    callmatch.Date
	Intakes []BoardIntake
}

// BoardIntake is one open intake's program as matching sees it.
type BoardIntake struct {
	ID      string
	Status  string
	Request matching.Request
	Options matching.Options // the intake's own priorities, as of today
}

// OpenStatuses are the statuses of intakes that still want seats: not yet
// engaged (an engagement's seats are bookings already), withdrawn or closed.
var OpenStatuses = []string{StatusSubmitted, StatusInReview, StatusShortlisted, StatusShared}

// Board returns the board's inputs, for staff: the snapshot and every open
// intake whose program has not ended by today, earliest start first.
func (s *Service) Board(ctx context.Context) (*BoardInput, error) {
	if err := authorizeStaff(ctx); err != nil {
		return nil, err
	}
	cat, err := s.currentCatalog(ctx)
	if err != nil {
		return nil, err
	}
	today := s.today()
	recs, err := s.store.FindOpenIntakes(ctx, today)
	if err != nil {
		return nil, err
	}
	out := &BoardInput{Catalog: cat, AsOf: today, Intakes: make([]BoardIntake, len(recs))}
	for i, in := range recs {
		out.Intakes[i] = BoardIntake{ID: in.ID, Status: in.Status, Request: in.Form.MatchRequest(), Options: s.planOptions(in)}
	}
	return out, nil
}
