package meili_test

import (
	"callmatch/meili"
	"callmatch/postgres"
)

// PostgreSQL is the source the relay and the rebuild read in production.
var (
	_ meili.Outbox     = (*postgres.SearchOutbox)(nil)
	_ meili.SearchLock = (*postgres.SearchOutbox)(nil)
	_ meili.Vendors    = (*postgres.VendorStore)(nil)
)

func postgresSource(db *postgres.DB, vendors *postgres.VendorStore) meili.Source {
	outbox := postgres.NewSearchOutbox(db)
	return meili.Source{Outbox: outbox, Lock: outbox, Vendors: vendors}
}
