package postgres

import (
	"context"
	"slices"
	"testing"
	"time"

	"callmatch"
	"callmatch/intake"
	"callmatch/matching"
)

// watched makes env's service match on a CatalogWatcher's snapshot,
// refreshed before each use as LISTEN/NOTIFY would, so that plans and
// bookings see the bookings made so far.
func (env *intakeEnv) watched(t *testing.T) *CatalogWatcher {
	t.Helper()
	w := NewCatalogWatcher(env.vendors, "", nil)
	env.svc = intake.NewService(env.store, func(ctx context.Context) (*matching.Catalog, error) {
		if err := w.Refresh(ctx); err != nil {
			return nil, err
		}
		return w.Current(ctx)
	})
	env.svc.Now = func() time.Time { return testNow }
	return w
}

func partVendors(p *matching.TeamPlan) []string {
	ids := make([]string, len(p.Parts))
	for i, part := range p.Parts {
		ids[i] = part.VendorID
	}
	slices.Sort(ids)
	return ids
}

// A program no single vendor can take is split by the team plan, each part
// engaged on its own books just that part, and the plan stays the same
// afterwards because an intake's own bookings never count against it.
func TestEngagePartsOfATeamPlan(t *testing.T) {
	t.Parallel()
	env := newIntakeEnv(t)
	env.watched(t)
	ctx := staffCtx(t)
	// About 70 seats a week: every vendor has them declared, and will
	// have 60 % of them.
	rec, _ := env.submit(t, func(f *intake.Form) { f.Records, f.BudgetCents = 1_500_000, 900_000_000 })
	sl, err := env.svc.GenerateShortlist(ctx, rec.ID, intake.GenerateOptions{})
	if err == nil {
		_, err = env.svc.Share(ctx, sl.ID)
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, slug := range []string{"cheap", "mid", "dear"} {
		env.tighten(t, slug, rec, 0.6)
	}
	if _, err := env.svc.Plan(ctx, rec.ID, 0); callmatch.ErrorCode(err) != callmatch.EINVALID {
		t.Errorf("max_vendors 0: %v", err)
	}
	if p, err := env.svc.Plan(ctx, rec.ID, 1); err != nil || p.Feasible {
		t.Fatalf("one vendor: %+v, %v; want an infeasible plan, no single vendor fits", p, err)
	}
	plan, err := env.svc.Plan(ctx, rec.ID, 3)
	if err != nil || !plan.Feasible || len(plan.Parts) != 2 {
		t.Fatalf("plan: %s, %v; want two parts", jsonOf(t, plan), err)
	}
	if _, err := env.svc.Engage(ctx, rec.ID, plan.Parts[0].VendorID, 5_000_000); callmatch.ErrorCode(err) != callmatch.ECONFLICT {
		t.Errorf("the whole program at one vendor of the plan: %v, want a conflict", err)
	}
	var engaged []*intake.Engagement
	for _, part := range plan.Parts {
		e, err := env.svc.EngagePart(ctx, rec.ID, part.VendorID, 2_000_000, 3)
		if err != nil {
			t.Fatalf("engage the part of %s: %v", part.VendorID, err)
		}
		want, _ := intake.PartOf(plan, part.VendorID)
		if e.Part == nil || !slices.Equal(e.Part.Shares, want.Shares) {
			t.Errorf("part of %s = %+v, want %+v", part.VendorID, e.Part, want)
		}
		engaged = append(engaged, e)
		bs, err := env.svc.VendorBookings(ctx, part.VendorID)
		if err != nil || len(bs) == 0 {
			t.Fatalf("bookings of %s: %v, %v", part.VendorID, bs, err)
		}
		for _, b := range bs {
			i := slices.IndexFunc(part.Weeks, func(w matching.PartWeek) bool {
				return w.WeekStart == b.WeekStart && w.Language == b.Language
			})
			if i < 0 || b.Seats < part.Weeks[i].Seats-1e-9 || b.Seats > part.Weeks[i].Seats+0.1 {
				t.Errorf("%s booked %v seats in %s %s; the part needs %+v", part.VendorID, b.Seats, b.WeekStart, b.Language, part.Weeks)
			}
		}
	}
	again, err := env.svc.Plan(ctx, rec.ID, 3)
	if err != nil || !slices.Equal(partVendors(again), partVendors(plan)) {
		t.Errorf("plan after engaging its parts: %v, %v; want the same vendors %v", partVendors(again), err, partVendors(plan))
	}
	if e, err := env.svc.EngagePart(ctx, rec.ID, plan.Parts[0].VendorID, 2_000_000, 3); err != nil || e.ID != engaged[0].ID {
		t.Errorf("retry: %+v, %v", e, err)
	}
	if _, err := env.svc.EngagePart(ctx, rec.ID, env.ids["red"], 2_000_000, 3); callmatch.ErrorCode(err) != callmatch.EINVALID {
		t.Errorf("a vendor that is no part of the plan: %v", err)
	}
}
