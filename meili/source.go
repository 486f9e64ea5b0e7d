package meili

import (
	"context"
	"time"

	"callmatch/catalog"
)

// Source is where the relay and the rebuild read the truth: the store's
// outbox of committed vendor changes, the vendors themselves, and the lock
// that orders relays against a rebuild's swap. PostgreSQL implements all
// three (postgres.SearchOutbox and postgres.VendorStore).
type Source struct {
	Outbox  Outbox
	Vendors Vendors
	Lock    SearchLock
}

// Outbox hands out committed vendor changes, at most one pending claim per
// vendor and in order, each leased for Lease: one not completed or handed
// back by then is claimed again.
type Outbox interface {
	ClaimVendorChanges(ctx context.Context, limit int) ([]catalog.VendorChange, error)
	// CompleteVendorChanges marks claims done, and with each the vendor's
	// later changes pending at claim time: the relay sent the vendor's
	// state as read after the claim, which covers them.
	CompleteVendorChanges(ctx context.Context, changes []catalog.VendorChange) error
	// RetryVendorChange hands a claim back, to be claimed again after a
	// backoff that grows with its attempts, jittered so that changes that
	// failed together do not return together; cause is kept for operators.
	RetryVendorChange(ctx context.Context, c catalog.VendorChange, cause error) error
	Lease() time.Duration
}

// Vendors reads vendors with their versions.
type Vendors interface {
	// VendorVersions returns the version of each listed vendor, or of
	// every vendor when ids is nil; vendors that do not exist are absent.
	VendorVersions(ctx context.Context, ids []string) (map[string]int64, error)
	// VendorsByID reads the listed vendors in one snapshot, each with the
	// version of exactly its content; missing ids are absent.
	VendorsByID(ctx context.Context, ids []string) (map[string]catalog.VersionedVendor, error)
}

// SearchLock orders relays against a rebuild. A relay holds it shared from
// reading vendors until their documents are enqueued; a rebuild holds it
// exclusively while it copies the last changes into the new index and
// swaps it in, so that no relay's write can straddle the swap and land in
// the discarded index. release must be called once the lock is held.
type SearchLock interface {
	// TrySharedSearchLock takes the lock shared unless a rebuild holds or
	// awaits it (ok false).
	TrySharedSearchLock(ctx context.Context) (release func(), ok bool, err error)
	// ExclusiveSearchLock waits for the lock, exclusively, until ctx ends.
	ExclusiveSearchLock(ctx context.Context) (release func(), err error)
}

// documents reads the current state of each vendor and maps it to its
// document, in one snapshot so that each document carries exactly the
// version of its content; ids of vendors that no longer exist come back in
// gone.
func (s Source) documents(ctx context.Context, ids []string) (docs []Document, gone []string, err error) {
	if len(ids) == 0 {
		return nil, nil, nil
	}
	vendors, err := s.Vendors.VendorsByID(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	for _, id := range ids {
		v, ok := vendors[id]
		if !ok {
			gone = append(gone, id)
			continue
		}
		docs = append(docs, NewDocument(v.Vendor, v.Version))
	}
	return docs, gone, nil
}
