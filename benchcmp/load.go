package benchcmp

import (
	"context"
	"fmt"

	"callmatch"
	"callmatch/catalog"
	"callmatch/matching"
	"callmatch/postgres"
)

// LoadCatalog writes vendors into a migrated database through the store, as
// `callmatch seed` and `import` do, refreshes the planner's statistics and
// reads the catalog back the way the server does (Snapshot), so that the
// engine, the query and the search index see the same rows. It returns
// the catalog and the vendors as read back.
func LoadCatalog(ctx context.Context, db *postgres.DB, vendors []*catalog.Vendor) (*matching.Catalog, []*catalog.Vendor, error) {
	ctx = callmatch.WithActor(ctx, callmatch.Actor{System: "benchcmp"})
	store := postgres.NewVendorStore(db)
	if _, _, err := store.UpsertVendors(ctx, vendors); err != nil {
		return nil, nil, fmt.Errorf("load vendors: %w", err)
	}
	// A freshly loaded table has no statistics until autovacuum gets to it;
	// a production table would have them.
	if _, err := db.SQL().ExecContext(ctx, "VACUUM ANALYZE vendors, certifications"); err != nil {
		return nil, nil, fmt.Errorf("analyze: %w", err)
	}
	vs, version, err := store.Snapshot(ctx)
	if err != nil {
		return nil, nil, err
	}
	return matching.NewCatalog(vs, version), vs, nil
}
