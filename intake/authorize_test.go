package intake

import (
	"context"
	"fmt"
	"testing"

	"callmatch"
	"callmatch/matching"
)

// untouchedStore fails the test on any call: a refused request must not
// reach the store.
type untouchedStore struct {
	Store // nil: every method not overridden panics
	t     *testing.T
}

func (s untouchedStore) touched(what string) { s.t.Helper(); s.t.Errorf("%s reached the store", what) }

func (s untouchedStore) FindIntakeByID(context.Context, string) (*Intake, error) {
	s.touched("FindIntakeByID")
	return &Intake{}, nil
}

// staffOperations is every staff operation of the service.
func staffOperations(s *Service) map[string]func(ctx context.Context) error {
	const id = "00000000-0000-4000-8000-000000000000"
	return map[string]func(ctx context.Context) error{
		"Get":     func(ctx context.Context) error { _, err := s.Get(ctx, id); return err },
		"List":    func(ctx context.Context) error { _, _, err := s.List(ctx, Filter{}); return err },
		"Contact": func(ctx context.Context) error { _, err := s.Contact(ctx, id); return err },
		"Review":  func(ctx context.Context) error { _, err := s.Review(ctx, id); return err },
		"Close":   func(ctx context.Context) error { _, err := s.Close(ctx, id); return err },
		"Erase":   func(ctx context.Context) error { _, err := s.Erase(ctx, id); return err },
		"GenerateShortlist": func(ctx context.Context) error {
			_, err := s.GenerateShortlist(ctx, id, GenerateOptions{})
			return err
		},
		"Shortlist":  func(ctx context.Context) error { _, err := s.Shortlist(ctx, id); return err },
		"Shortlists": func(ctx context.Context) error { _, err := s.Shortlists(ctx, id); return err },
		"AddEvent": func(ctx context.Context) error {
			_, err := s.AddEvent(ctx, id, Event{Type: EventNote, Reason: "a note"})
			return err
		},
		"Share":       func(ctx context.Context) error { _, err := s.Share(ctx, id); return err },
		"Engage":      func(ctx context.Context) error { _, err := s.Engage(ctx, id, id, 100); return err },
		"Engagements": func(ctx context.Context) error { _, err := s.Engagements(ctx, id); return err },
		"WhatIf":      func(ctx context.Context) error { _, err := s.WhatIf(ctx, fingerprintForm(), WhatIf{}); return err },
		"WhatIfIntake": func(ctx context.Context) error {
			_, _, err := s.WhatIfIntake(ctx, id, WhatIf{})
			return err
		},
	}
}

// Every staff operation decides authorization itself: a vendor user is
// forbidden, anyone anonymous (a campaign with or without its link) is
// unauthorized, and neither reaches the store or the catalog.
func TestStaffOperationsRefuseOthers(t *testing.T) {
	svc := NewService(untouchedStore{t: t}, func(context.Context) (*matching.Catalog, error) {
		t.Error("a refused call read the catalog")
		return nil, nil
	})
	callers := map[string]struct {
		actor callmatch.Actor
		want  string
	}{
		"vendor user":         {callmatch.Actor{UserID: "u1", Role: callmatch.RoleVendor, VendorID: "v1"}, callmatch.EFORBIDDEN},
		"user without a role": {callmatch.Actor{UserID: "u2"}, callmatch.EFORBIDDEN},
		"anonymous":           {callmatch.Actor{}, callmatch.EUNAUTHORIZED},
		"the campaign":        {callmatch.Actor{System: campaignActor}, callmatch.EUNAUTHORIZED},
	}
	for name, op := range staffOperations(svc) {
		for who, c := range callers {
			ctx := callmatch.WithActor(context.Background(), c.actor)
			if err := refused(op, ctx); callmatch.ErrorCode(err) != c.want {
				t.Errorf("%s as %s: %v, want %s", name, who, err, c.want)
			}
		}
		// With no actor in the context at all.
		if err := refused(op, context.Background()); callmatch.ErrorCode(err) != callmatch.EUNAUTHORIZED {
			t.Errorf("%s without an actor: %v, want unauthorized", name, err)
		}
	}
}

// refused runs op, turning a call that reached a store method the test
// store lacks (its nil interface panics) into an error.
func refused(op func(context.Context) error, ctx context.Context) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("reached the store: %v", r)
		}
	}()
	return op(ctx)
}

// Staff and the system (the CLI, the demo seed) get past the check: here
// to the store, which answers for the intake.
func TestStaffAndSystemPass(t *testing.T) {
	for _, a := range []callmatch.Actor{
		{UserID: "a1", Role: callmatch.RoleAdvisor},
		{UserID: "a2", Role: callmatch.RoleAdmin},
		{System: "seed"},
		{System: "cli"},
	} {
		if err := authorizeStaff(callmatch.WithActor(context.Background(), a)); err != nil {
			t.Errorf("%s: %v", a.Label(), err)
		}
	}
}
