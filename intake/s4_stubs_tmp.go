package intake

import (
	"context"
	"time"

	"callmatch"
	"callmatch/matching"
)

// TEMPORARY (s4): the signatures of s3's intake.Service methods as its
// worktree shows them, so that the pages build before s3's commits land.
// Deleted when those commits are cherry-picked; the lead never merges it.

type BoardInput struct {
	Catalog *matching.Catalog
	AsOf    callmatch.Date
	Intakes []BoardIntake
}

type BoardIntake struct {
	ID      string
	Status  string
	Request matching.Request
	Options matching.Options
}

var OpenStatuses = []string{StatusSubmitted, StatusInReview, StatusShortlisted, StatusShared}

func (s *Service) Board(ctx context.Context) (*BoardInput, error) {
	if err := authorizeStaff(ctx); err != nil {
		return nil, err
	}
	cat, err := s.currentCatalog(ctx)
	if err != nil {
		return nil, err
	}
	out := &BoardInput{Catalog: cat, AsOf: s.today()}
	for _, st := range OpenStatuses {
		recs, _, err := s.store.FindIntakes(ctx, Filter{Status: st, Sort: SortNewest, Page: 1, PerPage: 200})
		if err != nil {
			return nil, err
		}
		for _, in := range recs {
			out.Intakes = append(out.Intakes, BoardIntake{ID: in.ID, Status: in.Status, Request: in.Form.MatchRequest()})
		}
	}
	return out, nil
}

type Booking struct {
	matching.Booking
	EngagementID string
	CreatedAt    time.Time
}

func (s *Service) VendorBookings(ctx context.Context, vendorID string) ([]*Booking, error) {
	return nil, nil
}

const MaxVendorsLimit = 5

func ValidateMaxVendors(n int) error {
	var fe callmatch.FieldErrors
	if n < 1 || n > MaxVendorsLimit {
		fe.Addf("max_vendors", "must be a whole number from 1 to %d", MaxVendorsLimit)
	}
	return fe.Err()
}

func (s *Service) Plan(ctx context.Context, intakeID string, maxVendors int) (*matching.TeamPlan, error) {
	if err := authorizeStaff(ctx); err != nil {
		return nil, err
	}
	if err := ValidateMaxVendors(maxVendors); err != nil {
		return nil, err
	}
	in, err := s.store.FindIntakeByID(ctx, intakeID)
	if err != nil {
		return nil, err
	}
	cat, err := s.currentCatalog(ctx)
	if err != nil {
		return nil, err
	}
	return matching.PlanTeam(cat, in.Form.MatchRequest(), WhatIf{}.Options(&in.Form, s.today()), in.ID, maxVendors)
}

func (s *Service) EngagePart(ctx context.Context, intakeID, vendorID string, contractValueCents int64, maxVendors int) (*Engagement, error) {
	if err := ValidateMaxVendors(maxVendors); err != nil {
		return nil, err
	}
	return s.Engage(ctx, intakeID, vendorID, contractValueCents)
}
