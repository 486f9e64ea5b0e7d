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
func bumpCatalogVersion(tx *gorm.DB) (int64, error) {
	var v int64
	err := tx.Raw(`WITH v AS (UPDATE catalog_version SET version = version + 1 RETURNING version)
		SELECT v.version FROM v CROSS JOIN LATERAL pg_notify(?, v.version::text)`,
		CatalogChangedChannel).Row().Scan(&v)
	return v, err
}

func readCatalogVersion(tx *gorm.DB) (string, error) {
	var v int64
	if err := tx.Raw(`SELECT version FROM catalog_version`).Row().Scan(&v); err != nil {
		return "", err
	}
	return strconv.FormatInt(v, 10), nil
}

// CatalogVersion returns the version Snapshot would report now, so that a
// refresher can skip loading a catalog it already holds.
func (s *VendorStore) CatalogVersion(ctx context.Context) (string, error) {
	v, err := readCatalogVersion(s.db.gorm.WithContext(ctx))
	return v, translate("read catalog version", err)
}
