package intake

import (
	"context"
	"encoding/json"
	"fmt"

	"callmatch/matching"
)

// GenerateShortlist runs the engine on the current catalog snapshot for the
// intake and stores the result as a new, immutable shortlist version. The
// defaults resolve as for a what-if (WhatIf.Options); the as-of date is
// today by the service clock, and every exclusion is kept.
func (s *Service) GenerateShortlist(ctx context.Context, intakeID string, opt GenerateOptions) (*Shortlist, error) {
	if err := authorizeStaff(ctx); err != nil {
		return nil, err
	}
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	// The snapshot is fetched before the intake is locked: it may take a
	// moment, and the lock should be held only while matching.
	cat, err := s.currentCatalog(ctx)
	if err != nil {
		return nil, err
	}
	asOf := s.today()
	// A record keeps every exclusion with its reasons, and the local
	// employment of each vendor as the catalog had it then.
	what := WhatIf{Weights: opt.Weights, Method: opt.Method, Limit: opt.Limit, AsOf: asOf, AllExcluded: true, LocalSeats: true,
		IntakeID: intakeID}
	return s.store.CreateShortlist(ctx, intakeID, func(in *Intake) (*Shortlist, error) {
		if err := CheckTransition(in.Status, StatusShortlisted); err != nil {
			return nil, err
		}
		o := what.Options(&in.Form, asOf)
		res, err := matching.Match(cat, in.Form.MatchRequest(), o)
		if err != nil {
			return nil, err
		}
		raw, err := json.Marshal(res)
		if err != nil {
			return nil, fmt.Errorf("encode match result: %w", err)
		}
		return &Shortlist{
			IntakeID: in.ID, IntakeVersion: in.Version,
			Weights: *o.Weights, Method: res.Method, AsOf: asOf, Limit: opt.Limit,
			CatalogVersion: cat.Version(), EngineVersion: res.EngineVersion,
			Result: res, ResultJSON: raw, Events: []Event{},
		}, nil
	})
}

// Shortlist returns one shortlist with its events, for staff.
func (s *Service) Shortlist(ctx context.Context, id string) (*Shortlist, error) {
	if err := authorizeStaff(ctx); err != nil {
		return nil, err
	}
	return s.store.FindShortlistByID(ctx, id)
}

// Shortlists returns every version for an intake, newest first.
func (s *Service) Shortlists(ctx context.Context, intakeID string) ([]*Shortlist, error) {
	if err := authorizeStaff(ctx); err != nil {
		return nil, err
	}
	return s.store.FindShortlists(ctx, intakeID)
}

// AddEvent records an advisor's pin, drop or note beside a shortlist.
func (s *Service) AddEvent(ctx context.Context, shortlistID string, e Event) (*Shortlist, error) {
	if err := authorizeStaff(ctx); err != nil {
		return nil, err
	}
	if err := e.Validate(); err != nil {
		return nil, err
	}
	return s.store.AddShortlistEvent(ctx, shortlistID, e)
}

// SharedShortlists returns the intake's shared shortlists, each as its
// latest share showed it, most recently shared first. versions are the
// intake's shortlists when the caller holds them already (the desk page):
// then only the share rows are read, not megabytes of results again.
func (s *Service) SharedShortlists(ctx context.Context, intakeID string, versions ...*Shortlist) ([]*Shortlist, error) {
	if err := authorizeStaff(ctx); err != nil {
		return nil, err
	}
	if len(versions) == 0 {
		return s.store.FindSharedShortlists(ctx, intakeID)
	}
	shares, err := s.store.FindShares(ctx, intakeID)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*Shortlist, len(versions))
	for _, v := range versions {
		byID[v.ID] = v
	}
	out := make([]*Shortlist, 0, len(shares))
	for _, sh := range shares {
		v := byID[sh.ShortlistID]
		if v == nil { // a version saved after the caller read them
			return s.store.FindSharedShortlists(ctx, intakeID)
		}
		out = append(out, v.AsShared(sh))
	}
	return out, nil
}

// Share makes the shortlist as it stands, with the advisor's events so
// far, the campaign's next version. Sharing again when nothing changed
// since the latest share is harmless and changes nothing.
func (s *Service) Share(ctx context.Context, shortlistID string) (*Shortlist, error) {
	if err := authorizeStaff(ctx); err != nil {
		return nil, err
	}
	return s.store.ShareShortlist(ctx, shortlistID)
}

// ShareState is what the campaign was last shown and what sharing one
// shortlist would change.
type ShareState struct {
	Latest  *Share            // the latest share; nil before the first
	Current bool              // the latest share is of this shortlist
	Pending bool              // sharing it would show the campaign something new
	Changes *ShortlistChanges // what sharing it would change; nil before the first share
}

// ShareState tells the advisor looking at sl what the campaign sees and
// what sharing sl now would change for it.
func (s *Service) ShareState(ctx context.Context, sl *Shortlist) (*ShareState, error) {
	if err := authorizeStaff(ctx); err != nil {
		return nil, err
	}
	shared, err := s.store.FindSharedVersions(ctx, sl.IntakeID, 1)
	if err != nil {
		return nil, err
	}
	return s.ShareStateOf(sl, shared), nil
}

// ShareStateOf is ShareState from shared, the campaign's shared versions
// newest first as FindSharedVersions or SharedShortlists read them (only
// the first counts), for a page that has read them already.
func (s *Service) ShareStateOf(sl *Shortlist, shared []*Shortlist) *ShareState {
	if len(shared) == 0 || shared[0].Share == nil {
		return &ShareState{Pending: true}
	}
	last := shared[0]
	st := &ShareState{Latest: last.Share, Current: last.Share.ShortlistID == sl.ID, Pending: !last.Share.Covers(sl)}
	if st.Pending && last.Result != nil && sl.Result != nil {
		next := sl.AsShared(&Share{Number: last.Share.Number + 1, LastEventID: sl.LastEventID(), SharedAt: s.Now()})
		st.Changes = CompareShared(newSharedShortlist(last), newSharedShortlist(next))
	}
	return st
}

// Engagements lists the intake's engagements, oldest first.
func (s *Service) Engagements(ctx context.Context, intakeID string) ([]*Engagement, error) {
	if err := authorizeStaff(ctx); err != nil {
		return nil, err
	}
	return s.store.FindEngagements(ctx, intakeID)
}
