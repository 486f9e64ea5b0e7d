package intake

import (
	"context"
	"time"

	"callmatch"
	"callmatch/matching"
	"callmatch/metrics"
)

// DefaultExcludedLimit keeps a what-if answer readable and small on a large
// catalog: an advisor reads the summary and a page of examples.
const DefaultExcludedLimit = 200

// WhatIf is an advisor's what-if choices over a form. Zero values take the
// defaults; Options is the one place they are filled in, for the API, the
// desk, stored shortlists and the CLI alike.
type WhatIf struct {
	Weights *matching.Weights // nil: see ResolveWeights
	Method  string            // "": saw
	Limit   int               // 0: every vendor that survives the knockouts
	AsOf    callmatch.Date    // zero: today
	// ExcludedLimit lists at most this many excluded vendors with reasons
	// (0: DefaultExcludedLimit); AllExcluded lists every one, for records
	// kept (shortlists) and the CLI's full answer.
	ExcludedLimit int
	AllExcluded   bool
	// LocalSeats asks for each shortlisted vendor's seats in the target
	// states (matching.Options.LocalSeats): shortlists and the desk show
	// them; the API's what-if answer stays the engine's plain result.
	LocalSeats bool
	// IntakeID is the stored intake matched, whose own bookings then do
	// not count against it (matching.Options.IntakeID); "" for a form.
	IntakeID string
}

// ResolveWeights is the one weight resolution: the advisor's choice, else
// the campaign's priorities, else matching.DefaultWeights.
func ResolveWeights(chosen *matching.Weights, f *Form) matching.Weights {
	switch {
	case chosen != nil:
		return *chosen
	case f.Priorities != nil:
		return *f.Priorities
	}
	return matching.DefaultWeights
}

// Options resolves w's defaults for a match of f on today.
func (w WhatIf) Options(f *Form, today callmatch.Date) matching.Options {
	weights := ResolveWeights(w.Weights, f)
	o := matching.Options{Weights: &weights, Method: w.Method, Limit: w.Limit, AsOf: w.AsOf, ExcludedLimit: w.ExcludedLimit,
		LocalSeats: w.LocalSeats, IntakeID: w.IntakeID}
	if o.AsOf.IsZero() {
		o.AsOf = today
	}
	switch {
	case w.AllExcluded:
		o.ExcludedLimit = 0 // the engine's "all"
	case o.ExcludedLimit == 0:
		o.ExcludedLimit = DefaultExcludedLimit
	}
	return o
}

// WhatIf ranks the catalog for a form that is not stored (nothing is
// written), for staff. The form is checked as for a match: contact
// details, if any, are neither needed nor looked at.
func (s *Service) WhatIf(ctx context.Context, form Form, w WhatIf) (*matching.Result, error) {
	if err := authorizeStaff(ctx); err != nil {
		return nil, err
	}
	form.Requirements.Certifications = append([]string(nil), form.Requirements.Certifications...)
	form.ApplyDefaults()
	if err := form.ValidateForMatch(); err != nil {
		return nil, err
	}
	return s.match(ctx, &form, w)
}

// WhatIfIntake ranks the catalog for a stored intake under w without
// storing anything, and returns the intake too. The form was checked when
// it was submitted (an erased one no longer would pass: it has no name).
func (s *Service) WhatIfIntake(ctx context.Context, intakeID string, w WhatIf) (*Intake, *matching.Result, error) {
	in, err := s.Get(ctx, intakeID)
	if err != nil {
		return nil, nil, err
	}
	w.IntakeID = in.ID
	res, err := s.match(ctx, &in.Form, w)
	if err != nil {
		return nil, nil, err
	}
	return in, res, nil
}

// match runs the engine on the current catalog snapshot.
func (s *Service) match(ctx context.Context, f *Form, w WhatIf) (*matching.Result, error) {
	cat, err := s.currentCatalog(ctx)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	res, err := matching.Match(cat, f.MatchRequest(), w.Options(f, s.today()))
	metrics.ObserveMatch(time.Since(start)) // the API's and the desk's matches alike
	return res, err
}

// currentCatalog is the snapshot to match on, or unavailable before the
// first one is loaded.
func (s *Service) currentCatalog(ctx context.Context) (*matching.Catalog, error) {
	cat, err := s.catalog(ctx)
	if err != nil {
		return nil, err
	}
	if cat == nil {
		return nil, callmatch.Errorf(callmatch.EUNAVAILABLE, "The vendor catalog is not loaded yet; try again shortly.")
	}
	return cat, nil
}
