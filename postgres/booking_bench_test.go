package postgres

import (
	"testing"

	"gorm.io/gorm"

	"callmatch"
	"callmatch/demo"
	"callmatch/devstack/pgtest"
)

// BenchmarkCatalogReload compares the watcher's two reloads on 5,000
// vendors holding the bookings of 10,000 engagements (twelve weeks in two
// languages each, 240,000 rows): bookings only (the vendors kept, as after
// an engagement or a release) against everything (as after a vendor write).
func BenchmarkCatalogReload(b *testing.B) {
	const vendors, engagements = 5000, 10_000
	db, err := Open(b.Context(), pgtest.NewDB(b), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	vs := NewVendorStore(db)
	ctx := callmatch.WithActor(b.Context(), callmatch.Actor{System: "bench"})
	if _, _, err := vs.UpsertVendors(ctx, demo.Vendors(vendors)); err != nil {
		b.Fatal(err)
	}
	// Bookings need engagements only for their foreign keys, which a
	// replica-role session does not check: the rows are what is measured.
	err = vs.db.InTx(ctx, func(tx *gorm.DB) error {
		if err := tx.Exec(`SET LOCAL session_replication_role = replica; SET LOCAL statement_timeout = 0`).Error; err != nil {
			return err
		}
		err := tx.Exec(`INSERT INTO bookings (engagement_id, vendor_id, intake_id, week_start, language, seats)
			SELECT e.id, v.id, e.id, date '2026-08-31' + 7 * w, l, 3.5
			FROM (SELECT gen_random_uuid() AS id, n FROM generate_series(1, ?) AS n) e
			JOIN (SELECT id, row_number() OVER (ORDER BY id) AS k FROM vendors) v ON v.k = 1 + e.n % ?
			CROSS JOIN generate_series(0, 11) AS w CROSS JOIN unnest(array['en', 'es']) AS l`, engagements, vendors).Error
		if err != nil {
			return err
		}
		_, err = bumpBookingsVersion(tx)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	held, err := vs.loadSnapshot(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	held.v.all, held.v.bookings = held.v.all-1, held.v.bookings-1 // as before the last booking
	b.Run("bookings_only", func(b *testing.B) {
		for b.Loop() {
			if h, err := vs.loadSnapshot(ctx, held); err != nil || h.vendors != held.vendors {
				b.Fatal("recompiled the vendors", err)
			}
		}
	})
	b.Run("full", func(b *testing.B) {
		for b.Loop() {
			if _, err := vs.loadSnapshot(ctx, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}
