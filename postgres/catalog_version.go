package postgres

import (
	"context"
	"strconv"

	"gorm.io/gorm"
)

// CatalogChangedChannel is the LISTEN/NOTIFY channel on which every
// committed catalog write announces the new catalog version (the payload,
// in decimal), so that app instances can refresh the in-memory snapshot
// used by matching. Notifications are sent on commit and never for a
// rollback; a listener that reconnects should reload regardless, since
// notifications sent while it was away are lost.
const CatalogChangedChannel = "catalog_changed"

// bumpCatalogVersion increments the catalog version and queues the
// notification, inside the writer's transaction. Call it as the last
// statement before commit: every catalog writer takes this one row lock, and
// holding it only briefly keeps writers from queueing behind each other.
// Because the lock is held to commit, versions also follow commit order.
func bumpCatalogVersion(tx *gorm.DB) (int64, error) { return bumpVersion(tx, 0) }

// bumpBookingsVersion is bumpCatalogVersion for a write of bookings only:
// it moves bookings_version along with version, which tells a watcher
// that it may keep its vendors and reload just the bookings.
func bumpBookingsVersion(tx *gorm.DB) (int64, error) { return bumpVersion(tx, 1) }

func bumpVersion(tx *gorm.DB, bookings int) (int64, error) {
	var v int64
	err := tx.Raw(`WITH v AS (UPDATE catalog_version SET version = version + 1, bookings_version = bookings_version + ?
			RETURNING version)
		SELECT v.version FROM v CROSS JOIN LATERAL pg_notify(?, v.version::text)`,
		bookings, CatalogChangedChannel).Row().Scan(&v)
	return v, err
}

// catalogVersions is the catalog version and the bookings version.
type catalogVersions struct{ all, bookings int64 }

// onlyBookingsSince reports whether every write between old and v was a
// bookings write: each write moves version by one, and a bookings write
// moves bookings_version by one too.
func (v catalogVersions) onlyBookingsSince(old catalogVersions) bool {
	return v.all-old.all == v.bookings-old.bookings
}

func (v catalogVersions) String() string { return strconv.FormatInt(v.all, 10) }

func readVersions(tx *gorm.DB) (catalogVersions, error) {
	var v catalogVersions
	err := tx.Raw(`SELECT version, bookings_version FROM catalog_version`).Row().Scan(&v.all, &v.bookings)
	return v, err
}

func readCatalogVersion(tx *gorm.DB) (string, error) {
	v, err := readVersions(tx)
	if err != nil {
		return "", err
	}
	return v.String(), nil
}

// CatalogVersion returns the version Snapshot would report now, so that a
// refresher can skip loading a catalog it already holds.
func (s *VendorStore) CatalogVersion(ctx context.Context) (string, error) {
	v, err := readCatalogVersion(s.db.gorm.WithContext(ctx))
	return v, translate("read catalog version", err)
}
