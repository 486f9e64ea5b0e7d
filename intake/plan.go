package intake

import (
	"context"

	"callmatch"
	"callmatch/matching"
)

// Plan splits the intake's program across at most maxVendors vendors
// (1–5; MARKETPLACE.md §2) on the current snapshot, for staff. The
// intake's own bookings do not count against it, so the plan of an intake
// already engaged for some parts still shows those parts. A plan with no
// candidates is an answer (feasible false, no parts), not an error.
// Nothing is written.
func (s *Service) Plan(ctx context.Context, intakeID string, maxVendors int) (*matching.TeamPlan, error) {
	if err := authorizeStaff(ctx); err != nil {
		return nil, err
	}
	if err := ValidateMaxVendors(maxVendors); err != nil {
		return nil, err
	}
	in, cat, err := s.intakeAndCatalog(ctx, intakeID)
	if err != nil {
		return nil, err
	}
	return s.plan(cat, in, maxVendors)
}

// MaxVendorsLimit is the most vendors a team plan may split a program across.
const MaxVendorsLimit = 5

// ValidateMaxVendors checks a plan's max_vendors.
func ValidateMaxVendors(n int) error {
	var fe callmatch.FieldErrors
	if n < 1 || n > MaxVendorsLimit {
		fe.Addf("max_vendors", "must be a whole number from 1 to %d", MaxVendorsLimit)
	}
	return fe.Err()
}

// intakeAndCatalog reads the intake and the current snapshot a plan or a
// booking is computed on.
func (s *Service) intakeAndCatalog(ctx context.Context, intakeID string) (*Intake, *matching.Catalog, error) {
	cat, err := s.currentCatalog(ctx)
	if err != nil {
		return nil, nil, err
	}
	in, err := s.store.FindIntakeByID(ctx, intakeID)
	if err != nil {
		return nil, nil, err
	}
	return in, cat, nil
}

// planOptions are the options a plan and a booking are computed with: the
// intake's own priorities and today, as for a shortlist, its own bookings
// not counted against it.
func (s *Service) planOptions(in *Intake) matching.Options {
	return WhatIf{IntakeID: in.ID}.Options(&in.Form, s.today())
}

func (s *Service) plan(cat *matching.Catalog, in *Intake, maxVendors int) (*matching.TeamPlan, error) {
	return matching.PlanTeam(cat, in.Form.MatchRequest(), s.planOptions(in), in.ID, maxVendors)
}
