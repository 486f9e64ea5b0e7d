package postgres

import (
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"callmatch"
	"callmatch/catalog"
	"callmatch/intake"
	"callmatch/matching"
)

// tighten gives vendor slug, each week rec's program calls, room for
// factor × the seats one engagement of rec books that week (rounded down),
// and returns those bookings. With factor 1.5 one engagement fits and a
// second of the same program does not; below 1 none does.
func (env *intakeEnv) tighten(t *testing.T, slug string, rec *intake.Intake, factor float64) (want []matching.Booking, declared map[callmatch.Date]int) {
	t.Helper()
	ctx := staffCtx(t)
	all, version, err := env.vendors.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	opt := intake.WhatIf{IntakeID: rec.ID}.Options(&rec.Form, callmatch.DateOf(testNow))
	want, err = matching.Book(matching.NewCatalog(all, version), rec.Form.MatchRequest(), opt, rec.ID, env.ids[slug], nil)
	if err != nil || len(want) == 0 {
		t.Fatalf("book %s: %v, %v", slug, want, err)
	}
	total := map[callmatch.Date]float64{}
	for _, b := range want {
		total[b.WeekStart] += b.Seats
		if b.Language == "es" && 2*b.Seats > 45 {
			t.Fatalf("fixture: twice %v seats of Spanish do not fit the vendor's 45: the week's total must bind", b.Seats)
		}
	}
	declared = map[callmatch.Date]int{}
	c := catalog.Capacity{HoursPerDay: 10, RampUpDays: 7}
	for w, s := range total {
		declared[w] = int(factor * s)
		if factor > 1 && (float64(declared[w]) < s || float64(declared[w]) >= 2*s) {
			t.Fatalf("fixture: week %s needs %v seats, %d declared", w, s, declared[w])
		}
		c.Calendar = append(c.Calendar, catalog.Week{WeekStart: w, SeatsAvailable: declared[w]})
	}
	if _, err := env.vendors.SetCapacity(ctx, env.ids[slug], c); err != nil {
		t.Fatal(err)
	}
	return want, declared
}

func bookingsVersion(t *testing.T, db *DB) catalogVersions {
	t.Helper()
	v, err := readVersions(db.gorm)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestEngagementBooksTheVendorsSeatsOnce(t *testing.T) {
	t.Parallel()
	env := newIntakeEnv(t)
	ctx := staffCtx(t)
	rec, _, _ := env.shared(t)
	want, _ := env.tighten(t, "cheap", rec, 1.5)
	before := bookingsVersion(t, env.db)

	e, err := env.svc.Engage(ctx, rec.ID, env.ids["cheap"], 5_000_000)
	if err != nil {
		t.Fatal(err)
	}
	got, err := env.svc.VendorBookings(ctx, env.ids["cheap"])
	if err != nil || len(got) != len(want) {
		t.Fatalf("bookings = %d, %v; want %d", len(got), err, len(want))
	}
	for i, b := range got {
		if b.Booking != want[i] || b.EngagementID != e.ID || b.WeekStart.Weekday() != 1 {
			t.Errorf("booking %d = %+v, want %+v of engagement %s", i, b, want[i], e.ID)
		}
	}
	after := bookingsVersion(t, env.db)
	if after.all != before.all+1 || after.bookings != before.bookings+1 || !after.onlyBookingsSince(before) {
		t.Errorf("versions %+v → %+v: a booking is one bookings-only catalog write", before, after)
	}

	// A retry books nothing more and bumps nothing.
	if again, err := env.svc.Engage(ctx, rec.ID, env.ids["cheap"], 5_000_000); err != nil || again.ID != e.ID {
		t.Fatalf("retry: %+v, %v", again, err)
	}
	if n := countRows(t, env.db, "bookings", "true"); n != int64(len(want)) {
		t.Errorf("%d bookings after a retry, want %d", n, len(want))
	}
	if v := bookingsVersion(t, env.db); v != after {
		t.Errorf("a retry moved the versions %+v → %+v", after, v)
	}

	// Another vendor's user is told the vendor does not exist; its own sees them.
	other := callmatch.WithActor(t.Context(), callmatch.Actor{UserID: "u-v", Role: callmatch.RoleVendor, VendorID: env.ids["mid"]})
	if _, err := env.svc.VendorBookings(other, env.ids["cheap"]); callmatch.ErrorCode(err) != callmatch.ENOTFOUND {
		t.Errorf("another vendor's user: %v", err)
	}
	own := callmatch.WithActor(t.Context(), callmatch.Actor{UserID: "u-v", Role: callmatch.RoleVendor, VendorID: env.ids["cheap"]})
	if bs, err := env.svc.VendorBookings(own, env.ids["cheap"]); err != nil || len(bs) != len(want) {
		t.Errorf("the vendor's own user: %d, %v", len(bs), err)
	}
	if bs, err := env.svc.VendorBookings(ctx, env.ids["mid"]); err != nil || len(bs) != 0 || bs == nil {
		t.Errorf("a vendor without bookings: %v, %v", bs, err)
	}
	if _, err := env.svc.VendorBookings(ctx, "00000000-0000-0000-0000-000000000000"); callmatch.ErrorCode(err) != callmatch.ENOTFOUND {
		t.Errorf("no such vendor: %v", err)
	}
}

// TestConcurrentEngagementsNeverOverbook is ISSUE13 item 2: two advisors
// engage the same vendor at once for two intakes that each need more than
// half of its free seats. Exactly one succeeds; the other gets a conflict
// naming the week and the free seats, and nothing of it is written. The
// winner is then closed before calling starts, which releases its seats
// for the next round.
func TestConcurrentEngagementsNeverOverbook(t *testing.T) {
	t.Parallel()
	const rounds = 50
	env := newIntakeEnv(t)
	ctx := staffCtx(t)
	vendor := env.ids["cheap"]
	first, _, _ := env.shared(t)
	want, declared := env.tighten(t, "cheap", first, 1.5)
	need := map[callmatch.Date]float64{}
	for _, b := range want {
		need[b.WeekStart] += b.Seats
	}
	pending := []*intake.Intake{first}
	for round := range rounds {
		for len(pending) < 2 {
			rec, _, _ := env.shared(t)
			pending = append(pending, rec)
		}
		var (
			start sync.WaitGroup
			done  sync.WaitGroup
			errs  [2]error
			recs  [2]*intake.Engagement
		)
		start.Add(1)
		for i := range 2 {
			done.Add(1)
			go func() {
				defer done.Done()
				start.Wait()
				recs[i], errs[i] = env.svc.Engage(ctx, pending[i].ID, vendor, 5_000_000)
			}()
		}
		start.Done()
		done.Wait()

		if (errs[0] == nil) == (errs[1] == nil) {
			t.Fatalf("round %d: errors %v and %v, want exactly one to succeed", round, errs[0], errs[1])
		}
		win, lose := 0, 1
		if errs[0] != nil {
			win, lose = 1, 0
		}
		var ce *callmatch.Error
		if !errors.As(errs[lose], &ce) || ce.Code != callmatch.ECONFLICT {
			t.Fatalf("round %d: the loser got %v, want a conflict", round, errs[lose])
		}
		week := callmatch.MustParseDate(ce.Fields["week_start"])
		free, err := strconv.ParseFloat(ce.Fields["seats_free"], 64)
		if err != nil || need[week] == 0 || !strings.Contains(ce.Message, week.String()) ||
			!strings.Contains(ce.Message, ce.Fields["seats_free"]+" free seats") {
			t.Fatalf("round %d: conflict %q %v does not name a booked week and its free seats", round, ce.Message, ce.Fields)
		}
		if ce.Fields["language"] == "" && !near(free, float64(declared[week])-need[week]) {
			t.Errorf("round %d: %v free seats in %s, want %v declared − %v booked", round, free, week, declared[week], need[week])
		}
		if n := countRows(t, env.db, "engagements", "intake_id = ?", pending[lose].ID); n != 0 {
			t.Fatalf("round %d: the loser's engagement was written", round)
		}
		var over int64
		if err := env.db.gorm.Raw(`SELECT count(*) FROM (SELECT week_start FROM bookings WHERE vendor_id = ?
				GROUP BY week_start HAVING sum(seats) > ?) o`, vendor, declaredMin(declared)).Scan(&over).Error; err != nil || over != 0 {
			t.Fatalf("round %d: %d overbooked weeks (%v)", round, over, err)
		}
		if _, err := env.svc.Close(ctx, recs[win].IntakeID); err != nil {
			t.Fatal(err)
		}
		if n := countRows(t, env.db, "bookings", "true"); n != 0 {
			t.Fatalf("round %d: %d bookings left after closing before the start", round, n)
		}
		pending = []*intake.Intake{pending[lose]}
	}
	if n := countRows(t, env.db, "audit_log", "action = ?", ActionBookingsCreate); n != rounds {
		t.Errorf("%d bookings.create audit rows, want %d", n, rounds)
	}
	if n := countRows(t, env.db, "audit_log", "action = ?", ActionBookingsRelease); n != rounds {
		t.Errorf("%d bookings.release audit rows, want %d", n, rounds)
	}
}

func near(a, b float64) bool { return a-b < 0.05 && b-a < 0.05 }

func declaredMin(d map[callmatch.Date]int) int {
	m := -1
	for _, n := range d {
		if m < 0 || n < m {
			m = n
		}
	}
	return m
}

// Closing releases the seats only before calling starts: after the start
// they are being used.
func TestCloseReleasesBookingsOnlyBeforeTheStart(t *testing.T) {
	t.Parallel()
	for name, now := range map[string]time.Time{
		"before the start": testNow,
		"on the start day": time.Date(2026, 10, 12, 9, 0, 0, 0, time.UTC),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			env := newIntakeEnv(t)
			ctx := staffCtx(t)
			rec, _, _ := env.shared(t)
			e, err := env.svc.Engage(ctx, rec.ID, env.ids["cheap"], 5_000_000)
			if err != nil {
				t.Fatal(err)
			}
			booked := countRows(t, env.db, "bookings", "true")
			before := bookingsVersion(t, env.db)
			env.store.Now = func() time.Time { return now }
			if _, err := env.svc.Close(ctx, rec.ID); err != nil {
				t.Fatal(err)
			}
			left, after := countRows(t, env.db, "bookings", "true"), bookingsVersion(t, env.db)
			audit := auditActions(t, env.db, "engagement", e.ID)
			if now.Before(time.Date(2026, 10, 12, 0, 0, 0, 0, time.UTC)) {
				if booked == 0 || left != 0 || after.bookings != before.bookings+1 || audit[len(audit)-1] != ActionBookingsRelease {
					t.Errorf("booked %d, left %d, versions %+v → %+v, audit %v: want all released, audited, announced",
						booked, left, before, after, audit)
				}
			} else if left != booked || after != before || audit[len(audit)-1] == ActionBookingsRelease {
				t.Errorf("booked %d, left %d, versions %+v → %+v, audit %v: want all kept", booked, left, before, after, audit)
			}
		})
	}
}

// An engagement for a plan part stores the part, books what it is given
// and names the latest shared shortlist even for a vendor no shortlist
// lists (a plan's vendors may be excluded from it for capacity alone).
func TestPartEngagementStoresItsPart(t *testing.T) {
	t.Parallel()
	env := newIntakeEnv(t)
	ctx := staffCtx(t)
	rec, _, sl := env.shortlisted(t)
	vendor := env.ids["red"]
	week := callmatch.MustParseDate("2026-10-12")
	part := &intake.Part{MaxVendors: 2, Shares: []matching.PartShare{{WeekStart: week, Language: "en", Share: 0.5}}}
	e := intake.Engagement{IntakeID: rec.ID, VendorID: vendor, ContractValueCents: 1_000_000, Part: part,
		Bookings: []matching.Booking{{VendorID: vendor, IntakeID: rec.ID, WeekStart: week, Language: "en", Seats: 7.3}}}
	if _, _, err := env.store.CreateEngagement(ctx, e); callmatch.ErrorCode(err) != callmatch.EINVALID {
		t.Fatalf("a part before anything is shared: %v", err)
	}
	if _, err := env.svc.Share(ctx, sl.ID); err != nil {
		t.Fatal(err)
	}
	got, created, err := env.store.CreateEngagement(ctx, e)
	if err != nil || !created || got.ShortlistID != sl.ID || got.Part == nil || got.Part.MaxVendors != 2 {
		t.Fatalf("part engagement: %+v, %v, %v", got, created, err)
	}
	all, err := env.store.FindEngagements(ctx, rec.ID)
	if err != nil || len(all) != 1 || all[0].Part == nil || len(all[0].Part.Shares) != 1 || all[0].Part.Shares[0] != part.Shares[0] {
		t.Fatalf("read back: %+v, %v", all, err)
	}
	bs, err := env.store.FindVendorBookings(ctx, vendor)
	if err != nil || len(bs) != 1 || bs[0].Seats != 7.3 {
		t.Fatalf("bookings: %+v, %v", bs, err)
	}
	// The whole program from the same vendor is another engagement, a conflict.
	whole := e
	whole.Part = nil
	if _, _, err := env.store.CreateEngagement(ctx, whole); callmatch.ErrorCode(err) != callmatch.ECONFLICT {
		t.Errorf("whole program after its part: %v", err)
	}
	// Another vendor's part adds up; another vendor for the whole program
	// beside a part does not.
	other := intake.Engagement{IntakeID: rec.ID, VendorID: env.ids["cheap"], ContractValueCents: 1_000_000,
		Part: &intake.Part{MaxVendors: 2}}
	if _, created, err := env.store.CreateEngagement(ctx, other); err != nil || !created {
		t.Errorf("another vendor's part: %v, %v", created, err)
	}
	other.VendorID, other.Part = env.ids["mid"], nil
	if _, _, err := env.store.CreateEngagement(ctx, other); callmatch.ErrorCode(err) != callmatch.ECONFLICT ||
		!strings.Contains(err.Error(), "Vendor red") {
		t.Errorf("another vendor for the whole program beside parts: %v, want a conflict naming one", err)
	}
}

// The watcher keeps its compiled vendors when only bookings changed, and
// its snapshot counts them: another intake no longer fits the vendor, the
// intake that booked still does.
func TestCatalogWatcherAppliesBookingsWithoutRecompiling(t *testing.T) {
	t.Parallel()
	env := newIntakeEnv(t)
	ctx := staffCtx(t)
	w := NewCatalogWatcher(env.vendors, "", nil)
	a, _, _ := env.shared(t)
	b, _ := env.submit(t, nil)
	env.tighten(t, "cheap", a, 1.5)
	if _, err := w.Current(ctx); err != nil {
		t.Fatal(err)
	}
	h0 := w.current.Load()
	if _, err := env.svc.Engage(ctx, a.ID, env.ids["cheap"], 5_000_000); err != nil {
		t.Fatal(err)
	}
	if err := w.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	h1 := w.current.Load()
	if h1.vendors != h0.vendors || h1.v.bookings != h0.v.bookings+1 {
		t.Errorf("after a booking: vendors recompiled %v, versions %+v → %+v", h1.vendors != h0.vendors, h0.v, h1.v)
	}
	// A shortlist records the version of what produced it: bookings are
	// part of that, so the snapshot's version moves though its vendors
	// were not recompiled.
	if h1.cat.Version() == h0.cat.Version() || h1.cat.Version() != h1.v.String() {
		t.Errorf("after a booking the snapshot is still at version %q (was %q, versions %+v)", h1.cat.Version(), h0.cat.Version(), h1.v)
	}
	excluded := func(cat *matching.Catalog, rec *intake.Intake) bool {
		t.Helper()
		res, err := matching.Match(cat, rec.Form.MatchRequest(), intake.WhatIf{IntakeID: rec.ID}.Options(&rec.Form, callmatch.DateOf(testNow)))
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range res.Excluded {
			if x.VendorID == env.ids["cheap"] {
				return x.Reasons[0].Code == matching.ReasonInsufficientCapacity
			}
		}
		return false
	}
	if !excluded(h1.cat, b) || excluded(h1.cat, a) {
		t.Errorf("with the booking: other intake excluded %v (want true), booking intake excluded %v (want false)",
			excluded(h1.cat, b), excluded(h1.cat, a))
	}

	// A vendor write reloads everything, bookings included.
	if _, err := env.vendors.SetCapacity(ctx, env.ids["dear"], catalog.Capacity{HoursPerDay: 9, RampUpDays: 7}); err != nil {
		t.Fatal(err)
	}
	if err := w.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	h2 := w.current.Load()
	if h2.vendors == h1.vendors || !excluded(h2.cat, b) {
		t.Errorf("after a vendor write: vendors recompiled %v, other intake excluded %v", h2.vendors != h1.vendors, excluded(h2.cat, b))
	}
}
